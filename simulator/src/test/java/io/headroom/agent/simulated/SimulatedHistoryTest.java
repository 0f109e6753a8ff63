package io.headroom.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GetHistory from the simulator's agent over gRPC: whole periods, in chunks, only what was asked. */
class SimulatedHistoryTest {

    private static final long HOUR = 3_600_000L;

    private SimulatorAgent agent;
    private ManagedChannel channel;
    private AgentGrpc.AgentBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(256), 3, 1000, "", 30, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(), InsecureChannelCredentials.create())
                .build();
        stub = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        agent.close();
    }

    @Test
    void aDayOfHoursComesInChunksOneRowPerAcceleratorAndHour() {
        long lastClosed = Math.floorDiv(System.currentTimeMillis(), HOUR) * HOUR;
        List<HistoryChunk> chunks = new ArrayList<>();
        stub.getHistory(request(lastClosed - 24 * HOUR, lastClosed, HistoryResolution.HISTORY_RESOLUTION_HOUR)
                        .setMaxRowsPerChunk(1000)
                        .build())
                .forEachRemaining(chunks::add);
        List<HistoryRow> rows =
                chunks.stream().flatMap(c -> c.getRowsList().stream()).toList();
        int accelerators = agent.simulator().inventory().nodes().stream()
                .mapToInt(n -> n.accelerators().stream()
                        .mapToInt(a -> 1 + a.slices().size())
                        .sum())
                .sum();
        assertThat(rows).hasSize(24 * accelerators);
        assertThat(chunks).allSatisfy(c -> assertThat(c.getRowsCount()).isLessThanOrEqualTo(1000));
        assertThat(chunks.getLast().getLast()).isTrue();
        assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(HistoryChunk::getLast);
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.getBusyS()
                                + r.getHeldIdleS()
                                + r.getFreeIdleS()
                                + r.getDrainedS()
                                + r.getFaultedS()
                                + r.getUnknownS()
                                + r.getUncoveredS())
                        .isEqualTo(3600));
        for (int i = 1; i < rows.size(); i++) {
            HistoryRow a = rows.get(i - 1);
            HistoryRow b = rows.get(i);
            assertThat(a.getPeriodStartMs() < b.getPeriodStartMs()
                            || (a.getPeriodStartMs() == b.getPeriodStartMs()
                                    && a.getKey().compareTo(b.getKey()) < 0))
                    .as("period order, then key order")
                    .isTrue();
        }
    }

    @Test
    void theOpenHourAndTheFutureAreNotAnswered() {
        long now = System.currentTimeMillis();
        List<HistoryRow> rows = new ArrayList<>();
        stub.getHistory(request(now - 2 * HOUR, now + 5 * HOUR, HistoryResolution.HISTORY_RESOLUTION_HOUR)
                        .build())
                .forEachRemaining(c -> rows.addAll(c.getRowsList()));
        assertThat(rows)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getPeriodStartMs() + HOUR).isLessThanOrEqualTo(now));
    }

    @Test
    void onlyTheNamedHostsAndMinutesAreWhole() {
        String host = agent.simulator().inventory().nodes().getFirst().hostname();
        long lastClosed = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L;
        List<HistoryRow> rows = new ArrayList<>();
        stub.getHistory(request(lastClosed - 10 * 60_000L, lastClosed, HistoryResolution.HISTORY_RESOLUTION_MINUTE)
                        .addHostnames(host)
                        .build())
                .forEachRemaining(c -> rows.addAll(c.getRowsList()));
        assertThat(new HashSet<>(rows.stream().map(HistoryRow::getHostname).toList()))
                .containsExactly(host);
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.getBusyS()
                                + r.getHeldIdleS()
                                + r.getFreeIdleS()
                                + r.getDrainedS()
                                + r.getFaultedS()
                                + r.getUncoveredS())
                        .isEqualTo(60));
    }

    @Test
    void groupedHistoryAddsUpTheSameAcceleratorsByRack() {
        long lastClosed = Math.floorDiv(System.currentTimeMillis(), HOUR) * HOUR;
        var request = request(lastClosed - HOUR, lastClosed, HistoryResolution.HISTORY_RESOLUTION_HOUR);
        List<HistoryRow> perAccelerator = new ArrayList<>();
        stub.getHistory(request.build()).forEachRemaining(c -> perAccelerator.addAll(c.getRowsList()));
        List<HistoryRow> byRack = new ArrayList<>();
        stub.getHistory(request.setGrouping(HistoryGrouping.HISTORY_GROUPING_RACK)
                        .build())
                .forEachRemaining(c -> byRack.addAll(c.getRowsList()));

        int racks = (int) agent.simulator().inventory().nodes().stream()
                .map(n -> n.rackId())
                .distinct()
                .count();
        assertThat(byRack).hasSize(racks);
        // Whole GPUs only in groups: a MIG GPU counts once, its slices only in per-accelerator rows.
        long gpuBusy = perAccelerator.stream()
                .filter(r -> r.getParentUuid().isEmpty())
                .mapToLong(HistoryRow::getBusyS)
                .sum();
        assertThat(byRack.stream().mapToLong(HistoryRow::getBusyS).sum()).isEqualTo(gpuBusy);
        assertThat(byRack)
                .allSatisfy(r -> assertThat(r.getBusyS()
                                + r.getHeldIdleS()
                                + r.getFreeIdleS()
                                + r.getDrainedS()
                                + r.getFaultedS()
                                + r.getUnknownS()
                                + r.getUncoveredS())
                        .isEqualTo(3600L * r.getAccelerators()));
    }

    @Test
    void showbackByUserNamesWhoHeldTheGpusAndByPoolAddsUpTheSame() {
        long lastClosed = Math.floorDiv(System.currentTimeMillis(), HOUR) * HOUR;
        var request = request(lastClosed - 6 * HOUR, lastClosed, HistoryResolution.HISTORY_RESOLUTION_HOUR);
        List<HistoryRow> byUser = new ArrayList<>();
        stub.getHistory(request.setGrouping(HistoryGrouping.HISTORY_GROUPING_USER)
                        .build())
                .forEachRemaining(c -> byUser.addAll(c.getRowsList()));
        List<HistoryRow> byPool = new ArrayList<>();
        stub.getHistory(request.setGrouping(HistoryGrouping.HISTORY_GROUPING_POOL)
                        .build())
                .forEachRemaining(c -> byPool.addAll(c.getRowsList()));

        assertThat(byUser.stream().filter(r -> !r.getKey().isEmpty()))
                .as("people held GPUs, not only nobody")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getBusyS() + r.getHeldIdleS()).isPositive());
        for (var state : List.<java.util.function.ToLongFunction<HistoryRow>>of(
                HistoryRow::getBusyS, HistoryRow::getHeldIdleS, HistoryRow::getFreeIdleS, HistoryRow::getUncoveredS)) {
            assertThat(byUser.stream().mapToLong(state).sum())
                    .isEqualTo(byPool.stream().mapToLong(state).sum());
        }
    }

    @Test
    void hoursGroupedAheadAnswerAsModellingThemWhenAskedWould() throws Exception {
        var clock = InstantSource.fixed(java.time.Instant.parse("2026-12-06T10:30:00Z"));
        long lastClosed = java.time.Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();
        try (var ahead = SimulatorAgent.create(FleetShape.forGpus(256), 3, 1000, "", 30, clock);
                var asked = SimulatorAgent.create(FleetShape.forGpus(256), 3, 1000, "", 30, clock)) {
            assertThat(ahead.groupPastAhead())
                    .as("30 days and the warm-up's hours")
                    .isGreaterThanOrEqualTo(30 * 24);
            ahead.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            asked.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            for (var grouping : List.of(
                    HistoryGrouping.HISTORY_GROUPING_HALL,
                    HistoryGrouping.HISTORY_GROUPING_RACK,
                    HistoryGrouping.HISTORY_GROUPING_POOL,
                    HistoryGrouping.HISTORY_GROUPING_TENANT)) {
                var request = request(lastClosed - 24 * HOUR, lastClosed, HistoryResolution.HISTORY_RESOLUTION_HOUR)
                        .setGrouping(grouping)
                        .build();
                assertThat(rowsOf(ahead, request))
                        .as(grouping.name())
                        .isNotEmpty()
                        .isEqualTo(rowsOf(asked, request));
            }
        }
    }

    private static List<HistoryRow> rowsOf(SimulatorAgent agent, GetHistoryRequest request) {
        var to = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(), InsecureChannelCredentials.create())
                .build();
        try {
            List<HistoryRow> rows = new ArrayList<>();
            AgentGrpc.newBlockingStub(to)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getHistory(request)
                    .forEachRemaining(c -> rows.addAll(c.getRowsList()));
            return rows;
        } finally {
            to.shutdownNow();
        }
    }

    private static GetHistoryRequest.Builder request(long from, long to, HistoryResolution resolution) {
        return GetHistoryRequest.newBuilder()
                .setFromMs(from)
                .setToMs(to)
                .setResolution(resolution)
                .setClientId("test");
    }
}
