package io.headroom.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.TelemetryBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recording the simulator's batches and stamping new times into their bytes in place. */
class RecordedBatchTest {

    /** An afternoon in March 2025, when the simulated jobs leave some GPUs idle. */
    private static final long AFTERNOON = 1_741_752_000_000L + 14 * 3_600_000L;

    private static RecordedAgent record(int gpus, int rounds, int nodesPerBatch) {
        return new SimulatorRecorder(nodesPerBatch, rounds, AFTERNOON)
                .recordAgent("agent-1", FleetShape.forGpus(gpus), 43, "sim1-");
    }

    @Test
    void aRoundIsCutIntoBatchesOfTheGivenSizeWithEveryReportingSlotOnce() throws Exception {
        RecordedAgent agent = record(512, 2, 16);

        int nodes = agent.inventory().getNodesCount();
        int slots = 0;
        for (var node : agent.inventory().getNodesList()) {
            for (var gpu : node.getAcceleratorsList()) {
                slots += 1 + gpu.getSlicesCount();
            }
        }
        assertThat(agent.rounds()).isEqualTo(2);
        long recordedNodes = 0;
        for (RecordedBatch batch : agent.batches()) {
            TelemetryBatch parsed = TelemetryBatch.parseFrom(batch.payload());
            assertThat(parsed.getNodesCount()).isBetween(0, 16);
            assertThat(parsed.getEpoch()).isEmpty();
            assertThat(parsed.getSequence()).isZero();
            assertThat(batch.samples())
                    .isEqualTo(parsed.getNodesList().stream()
                            .mapToInt(NodeSample::getAcceleratorsCount)
                            .sum());
            recordedNodes += parsed.getNodesCount();
        }
        // The simulator's silent racks send nothing: nearly, but not quite, every node each round.
        assertThat(recordedNodes).isBetween(2L * nodes * 9 / 10, 2L * nodes);
        assertThat(agent.samplesPerRound()).isBetween((long) slots * 9 / 10, (long) slots);
    }

    @Test
    void aStampedBatchParsesToTheSameBatchWithTheNewTimes() throws Exception {
        RecordedAgent agent = record(512, 1, 64);
        long now = System.currentTimeMillis();
        int idleSlots = 0;
        for (RecordedBatch batch : agent.batches()) {
            TelemetryBatch before = TelemetryBatch.parseFrom(batch.payload());
            int length = batch.payload().length;

            batch.stamp(now);

            TelemetryBatch after = TelemetryBatch.parseFrom(batch.payload());
            assertThat(batch.payload()).hasSize(length);
            assertThat(after).isEqualTo(expected(before, now));
            idleSlots += (int) after.getNodesList().stream()
                    .flatMap(n -> n.getAcceleratorsList().stream())
                    .filter(a -> a.getIdleSinceMs() != 0)
                    .count();
        }
        assertThat(idleSlots).as("idle slots whose idle_since_ms was moved").isPositive();
    }

    @Test
    void stampingTwiceLeavesOnlyTheLastTime() throws InvalidProtocolBufferException {
        RecordedBatch batch = record(64, 1, 256).batches().getFirst();
        TelemetryBatch recorded = TelemetryBatch.parseFrom(batch.payload());

        batch.stamp(AFTERNOON + 5_000);
        batch.stamp(AFTERNOON + 9_000);

        assertThat(TelemetryBatch.parseFrom(batch.payload())).isEqualTo(expected(recorded, AFTERNOON + 9_000));
    }

    @Test
    void aTimeThatIsNotSixBytesLongIsRefusedSayingWhichAndWhere() {
        byte[] payload = TelemetryBatch.newBuilder()
                .addNodes(NodeSample.newBuilder().setHostname("n1").setTimeMs(1234))
                .build()
                .toByteArray();

        assertThatThrownBy(() -> TimeOffsets.scan(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node time_ms 1234 at byte")
                .hasMessageContaining("2-byte varint");
    }

    @Test
    void aBatchThatAlreadyHasASequenceIsRefused() {
        byte[] payload = TelemetryBatch.newBuilder().setSequence(7).build().toByteArray();

        assertThatThrownBy(() -> TimeOffsets.scan(payload)).hasMessageContaining("found field 2");
    }

    /** {@code recorded} as it should read after stamping {@code time}: idle slots idle for as long as before. */
    static TelemetryBatch expected(TelemetryBatch recorded, long time) {
        var b = recorded.toBuilder();
        for (var node : b.getNodesBuilderList()) {
            long recordedTime = node.getTimeMs();
            node.setTimeMs(time);
            for (var a : node.getAcceleratorsBuilderList()) {
                if (a.getIdleSinceMs() != 0) {
                    a.setIdleSinceMs(time - (recordedTime - a.getIdleSinceMs()));
                }
            }
        }
        for (var rack : b.getRacksBuilderList()) {
            rack.setTimeMs(time);
        }
        return b.build();
    }

    static List<TelemetryBatch> parsed(RecordedAgent agent) throws InvalidProtocolBufferException {
        var all = new java.util.ArrayList<TelemetryBatch>();
        for (RecordedBatch batch : agent.batches()) {
            all.add(TelemetryBatch.parseFrom(batch.payload()));
        }
        return all;
    }
}
