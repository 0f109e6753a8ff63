package io.headroom.client.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.core.history.GroupKind;
import io.headroom.core.history.GroupPeriod;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A grouped chunk read from its bytes gives what protobuf's own parser gives, field by field, with
 * a figure the sender did not measure still unmeasured (NaN, never 0); bytes that are not a
 * chunk fail as gRPC fails a message it cannot parse, naming the size.
 */
class GroupChunkReaderTest {

    private static GroupPeriod expected(GroupKind kind, HistoryRow row) {
        return new GroupPeriod(
                kind,
                row.getKey(),
                row.getAccelerators(),
                row.getBusyS(),
                row.getHeldIdleS(),
                row.getFreeIdleS(),
                row.getDrainedS(),
                row.getFaultedS(),
                row.getUnknownS(),
                row.getUncoveredS(),
                row.hasMeanUtilizationPct() ? row.getMeanUtilizationPct() : Float.NaN,
                row.hasMeanPowerW() ? row.getMeanPowerW() : Float.NaN,
                row.hasMaxTempC() ? row.getMaxTempC() : Float.NaN);
    }

    private static HistoryChunk randomChunk(Random random) {
        var chunk = HistoryChunk.newBuilder()
                .setServerId("relay-" + random.nextInt(3))
                .setLast(random.nextBoolean());
        long start = 1_780_000_000_000L / 3_600_000L * 3_600_000L;
        for (int i = 0, n = random.nextInt(40); i < n; i++) {
            var row = HistoryRow.newBuilder()
                    .setPeriodStartMs(start + 3_600_000L * random.nextInt(48))
                    .setKey(
                            random.nextInt(5) == 0
                                    ? ""
                                    : "rack-" + random.nextInt(2000) + (random.nextBoolean() ? "-机房" : ""))
                    .setHostname(random.nextBoolean() ? "" : "node-" + i)
                    .setAccelerators(random.nextInt(4000))
                    .setBusyS(random.nextLong(1L << 40))
                    .setHeldIdleS(random.nextInt(3_600_000))
                    .setFreeIdleS(random.nextInt(3_600_000))
                    .setDrainedS(random.nextInt(100_000))
                    .setFaultedS(random.nextInt(10_000))
                    .setUnknownS(random.nextInt(10_000))
                    .setUncoveredS(random.nextInt(3_600_000))
                    .setPeakTflops(random.nextDouble() * 1e6);
            if (random.nextBoolean()) {
                row.setMeanUtilizationPct(random.nextFloat() * 100);
            }
            if (random.nextBoolean()) {
                row.setMeanPowerW(random.nextFloat() * 1e6f);
            }
            if (random.nextBoolean()) {
                row.setEnergyWh(random.nextDouble() * 1e7);
            }
            if (random.nextBoolean()) {
                row.setMaxTempC(random.nextFloat() * 90);
            }
            chunk.addRows(row);
        }
        if (random.nextBoolean()) {
            chunk.addGaps(HistoryGap.newBuilder().setHostname("10.0.0.7:50051").setReason("agent unreachable"));
        }
        return chunk.build();
    }

    @Test
    void everyRowReadsAsProtobufReadsIt() {
        var random = new Random(19);
        for (int round = 0; round < 500; round++) {
            HistoryChunk chunk = randomChunk(random);
            GroupKind kind = GroupKind.values()[round % GroupKind.values().length];

            GroupChunkReader.Rows read = GroupChunkReader.read(chunk.toByteArray(), kind);

            List<GroupPeriod> rows = new ArrayList<>();
            long[] starts = new long[chunk.getRowsCount()];
            for (int i = 0; i < chunk.getRowsCount(); i++) {
                rows.add(expected(kind, chunk.getRows(i)));
                starts[i] = chunk.getRows(i).getPeriodStartMs();
            }
            assertThat(read.rows()).as("round %d", round).isEqualTo(rows);
            assertThat(read.periodStarts()).isEqualTo(starts);
        }
    }

    @Test
    void aFigureNotMeasuredStaysUnmeasured() {
        var chunk = HistoryChunk.newBuilder()
                .addRows(HistoryRow.newBuilder().setKey("r1").setAccelerators(8).setUncoveredS(28_800))
                .build();

        GroupPeriod rack = GroupChunkReader.read(chunk.toByteArray(), GroupKind.RACK)
                .rows()
                .getFirst();

        assertThat(rack.utilizationPct()).isNaN();
        assertThat(rack.powerW()).isNaN();
        assertThat(rack.maxTempC()).isNaN();
        assertThat(rack.knownS()).isZero();
    }

    @Test
    void bytesThatAreNotAChunkFailAsAnUnreadableMessage() {
        byte[] whole = randomChunkWithRows().toByteArray();
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            try {
                GroupChunkReader.read(part, GroupKind.HALL);
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                assertThat(e.getStatus().getDescription()).contains(cut + " bytes could not be read");
            }
        }
        assertThatThrownBy(() -> GroupChunkReader.read(
                        new byte[] {0x22, 0x05, 0x12, 0x02, (byte) 0xC3, 0x28, 0x08}, GroupKind.POOL))
                .isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("could not be read");
    }

    private static HistoryChunk randomChunkWithRows() {
        var random = new Random(7);
        HistoryChunk chunk;
        do {
            chunk = randomChunk(random);
        } while (chunk.getRowsCount() < 3);
        return chunk;
    }
}
