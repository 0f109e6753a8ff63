package io.headroom.agent.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GetHistory end to end over in-process gRPC, from an agent with real history files. */
class GetHistoryTest {

    static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    static final long HOUR = HistoryQuery.HOUR_MS;

    @TempDir
    Path dir;

    private final HistoryAgents agents = new HistoryAgents();

    @BeforeEach
    void twoHoursOfThreeNodes() throws Exception {
        ScriptedFleet fleet = new ScriptedFleet.Builder(60_000)
                .node("n-a", "r1", "train", "acme", "NVIDIA H100 80GB HBM3", Vendor.NVIDIA, 2, false)
                .node("n-b", "r2", "train", "beta", "AMD Instinct MI300X", Vendor.AMD, 2, false)
                .node("n-c", "r3", "infer", "acme", "NVIDIA H100 80GB HBM3", Vendor.NVIDIA, 1, true)
                .build()
                .play((uuid, t) -> uuid.equals("GPU-n-b-1")
                        ? ScriptedFleet.Reading.freeIdle(100, 40)
                        : ScriptedFleet.Reading.busy(50, 200, 50));
        var agent = agents.agent("node", fleet, dir, T0);
        agent.book()
                .replace(
                        "n-a",
                        List.of(Workload.newBuilder()
                                .setId("slurm:c:7")
                                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                                .setUser("alice")
                                .setAccount("physics")
                                .setTenant("acme-research")
                                .addHoldings(
                                        Holding.newBuilder().setHostname("n-a").setGpuIndex(0))
                                .build()));
        agent.run(T0, T0 + 2 * HOUR + 60_000, 60_000);
    }

    @AfterEach
    void stop() throws Exception {
        agents.close();
    }

    private static GetHistoryRequest hours(HistoryGrouping grouping) {
        return GetHistoryRequest.newBuilder()
                .setFromMs(T0)
                .setToMs(T0 + HOUR)
                .setResolution(HistoryResolution.HISTORY_RESOLUTION_HOUR)
                .setGrouping(grouping)
                .setClientId("test")
                .build();
    }

    private Map<String, HistoryRow> rows(HistoryGrouping grouping) {
        List<HistoryChunk> chunks = agents.ask("node", hours(grouping));
        assertThat(chunks.getLast().getLast()).isTrue();
        return chunks.stream()
                .flatMap(c -> c.getRowsList().stream())
                .collect(Collectors.toMap(
                        HistoryRow::getKey,
                        Function.identity(),
                        (a, b) -> {
                            throw new AssertionError("two rows for " + a.getKey());
                        },
                        java.util.LinkedHashMap::new));
    }

    @Test
    void acceleratorRowsNameEveryGpuAndSlice() {
        Map<String, HistoryRow> rows = rows(HistoryGrouping.HISTORY_GROUPING_ACCELERATOR);
        assertThat(rows.keySet())
                .containsExactly(
                        "GPU-n-a-0",
                        "GPU-n-a-1",
                        "GPU-n-b-0",
                        "GPU-n-b-1",
                        "GPU-n-c-0",
                        "GPU-n-c-0-mig1",
                        "GPU-n-c-0-mig2");
        assertThat(rows.get("GPU-n-c-0-mig1").getParentUuid()).isEqualTo("GPU-n-c-0");
        assertThat(rows.get("GPU-n-b-1").getFreeIdleS()).isEqualTo(3600);
        assertThat(rows.get("GPU-n-b-1").getHostname()).isEqualTo("n-b");
    }

    @Test
    void nodesRacksHallsPoolsModelsAndVendorsSumWholeGpus() {
        Map<String, HistoryRow> nodes = rows(HistoryGrouping.HISTORY_GROUPING_NODE);
        assertThat(nodes.keySet()).containsExactly("n-a", "n-b", "n-c");
        assertThat(nodes.get("n-a").getAccelerators()).isEqualTo(2);
        assertThat(nodes.get("n-a").getBusyS()).isEqualTo(7200);
        assertThat(nodes.get("n-b").getBusyS()).isEqualTo(3600);
        assertThat(nodes.get("n-b").getFreeIdleS()).isEqualTo(3600);
        assertThat(nodes.get("n-b").getMeanPowerW()).isEqualTo(150f);
        assertThat(nodes.get("n-b").getEnergyWh()).isCloseTo(300.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(nodes.get("n-c").getAccelerators()).isEqualTo(1); // the MIG GPU once, not its slices

        assertThat(rows(HistoryGrouping.HISTORY_GROUPING_RACK).keySet()).containsExactly("r1", "r2", "r3");
        Map<String, HistoryRow> halls = rows(HistoryGrouping.HISTORY_GROUPING_HALL);
        assertThat(halls.get("h1").getAccelerators()).isEqualTo(4);
        assertThat(halls.get("h2").getAccelerators()).isEqualTo(1);
        Map<String, HistoryRow> pools = rows(HistoryGrouping.HISTORY_GROUPING_POOL);
        assertThat(pools.get("train").getAccelerators()).isEqualTo(4);
        assertThat(pools.get("infer").getBusyS()).isEqualTo(3600);
        Map<String, HistoryRow> models = rows(HistoryGrouping.HISTORY_GROUPING_MODEL);
        assertThat(models.get("NVIDIA H100 80GB HBM3").getAccelerators()).isEqualTo(3);
        assertThat(models.get("NVIDIA H100 80GB HBM3").getPeakTflops()).isPositive();
        Map<String, HistoryRow> vendors = rows(HistoryGrouping.HISTORY_GROUPING_VENDOR);
        assertThat(vendors.keySet()).containsExactly("AMD", "NVIDIA");
        assertThat(vendors.get("AMD").getFreeIdleS()).isEqualTo(3600);
    }

    @Test
    void ownerGroupingsGiveEachHolderItsTimeAndTheRestToNobody() {
        Map<String, HistoryRow> tenants = rows(HistoryGrouping.HISTORY_GROUPING_TENANT);
        assertThat(tenants.keySet()).containsExactly("acme", "acme-research", "beta");
        assertThat(tenants.get("acme-research").getBusyS()).isEqualTo(3600);
        assertThat(tenants.get("acme-research").getAccelerators()).isEqualTo(1);
        assertThat(tenants.get("acme").getAccelerators()).isEqualTo(2); // n-a-1 and n-c-0, nobody's: the node's tenant
        assertThat(tenants.get("beta").getFreeIdleS()).isEqualTo(3600);

        Map<String, HistoryRow> users = rows(HistoryGrouping.HISTORY_GROUPING_USER);
        assertThat(users.keySet()).containsExactly("", "alice");
        assertThat(users.get("alice").getBusyS()).isEqualTo(3600);
        assertThat(users.get("").getAccelerators()).isEqualTo(4);
        assertThat(rows(HistoryGrouping.HISTORY_GROUPING_ACCOUNT).keySet()).containsExactly("", "physics");
    }

    @Test
    void anAnswerIsCutIntoChunksOfTheAskedSizeAndOnlyTheLastSaysSo() {
        List<HistoryChunk> chunks = agents.ask(
                "node",
                GetHistoryRequest.newBuilder()
                        .setFromMs(T0)
                        .setToMs(T0 + HOUR)
                        .setResolution(HistoryResolution.HISTORY_RESOLUTION_MINUTE)
                        .setMaxRowsPerChunk(3)
                        .build());
        assertThat(chunks.stream().mapToInt(HistoryChunk::getRowsCount).sum()).isEqualTo(60 * 7);
        assertThat(chunks).allSatisfy(c -> assertThat(c.getRowsCount()).isLessThanOrEqualTo(3));
        assertThat(chunks.stream().filter(HistoryChunk::getLast)).hasSize(1);
        assertThat(chunks.getLast().getLast()).isTrue();
        assertThat(chunks.getFirst().getServerId()).isEqualTo("node");
        List<Long> periods = chunks.stream()
                .flatMap(c -> c.getRowsList().stream())
                .map(HistoryRow::getPeriodStartMs)
                .toList();
        assertThat(periods).isSorted();
    }

    @Test
    void invalidRequestsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> agents.ask(
                        "node",
                        GetHistoryRequest.newBuilder()
                                .setFromMs(T0)
                                .setToMs(T0 + HOUR)
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("needs a resolution");
                });
        assertThatThrownBy(() -> agents.ask(
                        "node",
                        GetHistoryRequest.newBuilder()
                                .setFromMs(T0 + HOUR)
                                .setToMs(T0)
                                .setResolution(HistoryResolution.HISTORY_RESOLUTION_HOUR)
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("from_ms before to_ms"));
    }

    @Test
    void aRangeNoAgentKeptIsGapsNotZeros() {
        List<HistoryChunk> chunks = agents.ask(
                "node",
                GetHistoryRequest.newBuilder()
                        .setFromMs(T0 - 10 * HOUR)
                        .setToMs(T0 - 8 * HOUR)
                        .setResolution(HistoryResolution.HISTORY_RESOLUTION_HOUR)
                        .setGrouping(HistoryGrouping.HISTORY_GROUPING_NODE)
                        .build());
        assertThat(chunks.stream().mapToInt(HistoryChunk::getRowsCount).sum()).isZero();
        assertThat(chunks.getLast().getGapsList())
                .extracting(g -> g.getHostname())
                .containsExactly("n-a", "n-b", "n-c");
        assertThat(chunks.getLast().getGaps(0).getReason()).isEqualTo("no history kept for this time");
    }

    /** A past of many one-row periods that counts how far it has been read. */
    private static final class CountingPast implements AcceleratorPast {
        final AtomicInteger read = new AtomicInteger();

        @Override
        public PeriodCursor open(HistoryQuery query) {
            return new PeriodCursor() {
                int period;

                @Override
                public List<AcceleratorRow> next() {
                    if (period == 1000) {
                        return null;
                    }
                    read.incrementAndGet();
                    var row = HistoryRow.newBuilder()
                            .setPeriodStartMs(query.fromMs() + period++ * 60_000L)
                            .setKey("GPU-x")
                            .setAccelerators(1)
                            .setBusyS(60)
                            .build();
                    return List.of(new AcceleratorRow(row, List.of()));
                }

                @Override
                public List<io.headroom.protocol.v1.HistoryGap> gaps() {
                    return List.of();
                }

                @Override
                public void close() {}
            };
        }
    }

    private static final class SlowClient implements ClientResponseObserver<GetHistoryRequest, HistoryChunk> {
        final List<HistoryChunk> chunks = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        volatile ClientCallStreamObserver<GetHistoryRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<GetHistoryRequest> requestStream) {
            call = requestStream;
            requestStream.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(HistoryChunk value) {
            chunks.add(value);
        }

        @Override
        public void onError(Throwable t) {
            done.countDown();
        }

        @Override
        public void onCompleted() {
            done.countDown();
        }
    }

    @Test
    void aSlowClientHoldsTheServerBackAndACancelStopsIt() throws Exception {
        var past = new CountingPast();
        agents.serveHistory(
                "counting", new PastHistory("counting", past, () -> io.headroom.core.fleet.Inventory.EMPTY));
        var stub = AgentGrpc.newStub(agents.channel("counting"));
        var request = GetHistoryRequest.newBuilder()
                .setFromMs(T0)
                .setToMs(T0 + 1000 * 60_000L)
                .setResolution(HistoryResolution.HISTORY_RESOLUTION_MINUTE)
                .setMaxRowsPerChunk(1)
                .build();
        var slow = new SlowClient();
        stub.getHistory(request, slow);
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.chunks.size() == 1);
        Thread.sleep(300);
        assertThat(past.read.get())
                .as("periods read while the client took one chunk")
                .isLessThan(50);
        slow.call.request(Integer.MAX_VALUE);
        assertThat(slow.done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.chunks).hasSize(1000); // one row each; the last carries the last row
        assertThat(slow.chunks.getLast().getLast()).isTrue();

        var before = past.read.get();
        var cancelled = new SlowClient();
        stub.getHistory(request, cancelled);
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled.chunks.size() == 1);
        cancelled.call.cancel("enough", null);
        Thread.sleep(300);
        int afterCancel = past.read.get();
        Thread.sleep(300);
        assertThat(past.read.get()).isEqualTo(afterCancel);
        assertThat(afterCancel - before).isLessThan(50);
    }
}
