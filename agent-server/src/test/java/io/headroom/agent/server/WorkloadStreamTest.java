package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workloads over real gRPC (in-process): the table on request, and its changes in the telemetry stream. */
class WorkloadStreamTest {

    private static final long T0 = 1_700_000_000_000L;

    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
    private final WorkloadBook book = new WorkloadBook();
    private final TelemetryPublisher publisher =
            new TelemetryPublisher(new TwoNodes("agent-1", ""), 64, InstantSource.system(), book);
    private Server server;
    private ManagedChannel channel;

    private AgentGrpc.AgentBlockingStub serve(ServedFleet served) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new AgentService(served, new NoOperations("test"), streams, InstantSource.system()))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
        return AgentGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
        streams.shutdownNow();
        publisher.close();
    }

    static Workload job(String id, String host) {
        return Workload.newBuilder()
                .setId(id)
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setUser("li.na")
                .addHoldings(Holding.newBuilder().setHostname(host).setGpuIndex(0))
                .build();
    }

    @Test
    void aServerWithoutWorkloadsAnswersAnEmptyTableAtVersionZero() throws Exception {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(new TwoNodes("plain", "").inventory());
        var hub = new TelemetryHub(4, fleet::current);
        ServedFleet plain = new ServedFleet() {
            @Override
            public io.headroom.protocol.v1.Inventory inventory() {
                return io.headroom.wire.InventoryCodec.toProto(fleet.layout().inventory());
            }

            @Override
            public FleetTelemetry latest() {
                return fleet.current();
            }

            @Override
            public TelemetryHub hub() {
                return hub;
            }
        };
        var table = serve(plain).getWorkloads(GetWorkloadsRequest.getDefaultInstance());
        assertThat(table.getWorkloadVersion()).isZero();
        assertThat(table.getWorkloadsList()).isEmpty();
        assertThat(table.getServerId()).isEqualTo("plain");
    }

    @Test
    void getWorkloadsAnswersTheBookWithItsVersion() throws Exception {
        book.replace("n0", List.of(job("slurm:c:1", "n0")));
        book.replace("n1", List.of(job("slurm:c:1", "n1"), job("slurm:c:2", "n1")));

        var table = serve(publisher).getWorkloads(GetWorkloadsRequest.getDefaultInstance());

        assertThat(table.getServerId()).isEqualTo("agent-1");
        assertThat(table.getWorkloadVersion()).isEqualTo(2);
        assertThat(table.getWorkloadsList()).extracting(Workload::getId).containsExactly("slurm:c:1", "slurm:c:2");
        assertThat(table.getWorkloads(0).getHoldingsList())
                .extracting(Holding::getHostname)
                .containsExactly("n0", "n1");
    }

    @Test
    void everyBatchCarriesTheVersionAndTheRoundsFirstBatchItsChanges() {
        book.replace("n0", List.of(job("slurm:c:1", "n0")));
        publisher.tick(T0);
        publisher.tick(T0 + 1000);
        book.replace("n0", List.of());
        publisher.tick(T0 + 2000);

        TelemetryHub hub = publisher.hub();
        assertThat(hub.head()).isEqualTo(4);
        TelemetryBatch first = hub.get(1);
        assertThat(first.getWorkloadVersion()).isEqualTo(1);
        assertThat(first.getWorkloadChanges().getFromVersion()).isZero();
        assertThat(first.getWorkloadChanges().getUpsertedList())
                .extracting(Workload::getId)
                .containsExactly("slurm:c:1");
        TelemetryBatch quiet = hub.get(2);
        assertThat(quiet.getWorkloadVersion()).isEqualTo(1);
        assertThat(quiet.hasWorkloadChanges()).isFalse();
        TelemetryBatch ended = hub.get(3);
        assertThat(ended.getWorkloadVersion()).isEqualTo(2);
        assertThat(ended.getWorkloadChanges().getFromVersion()).isEqualTo(1);
        assertThat(ended.getWorkloadChanges().getEndedList()).containsExactly("slurm:c:1");
    }

    @Test
    void aNewClientsSnapshotCarriesTheVersionButNoChangesAndAResumedClientGetsTheChanges() throws Exception {
        var stub = serve(publisher);
        book.replace("n0", List.of(job("slurm:c:1", "n0")));
        publisher.tick(T0);
        book.replace("n1", List.of(job("slurm:c:2", "n1")));
        publisher.tick(T0 + 1000);
        String epoch = publisher.hub().epoch();

        Iterator<TelemetryBatch> fresh = stub.streamTelemetry(
                StreamTelemetryRequest.newBuilder().setClientId("new").build());
        TelemetryBatch snapshot = fresh.next();
        assertThat(snapshot.getSnapshot()).isTrue();
        assertThat(snapshot.getWorkloadVersion()).isEqualTo(2);
        assertThat(snapshot.hasWorkloadChanges()).isFalse();

        Iterator<TelemetryBatch> resumed = stub.streamTelemetry(StreamTelemetryRequest.newBuilder()
                .setClientId("back")
                .setResumeEpoch(epoch)
                .setResumeAfterSequence(1)
                .build());
        TelemetryBatch replayed = resumed.next();
        assertThat(replayed.getSequence()).isEqualTo(2);
        assertThat(replayed.getWorkloadVersion()).isEqualTo(2);
        assertThat(replayed.getWorkloadChanges().getFromVersion()).isEqualTo(1);
        assertThat(replayed.getWorkloadChanges().getUpsertedList())
                .extracting(Workload::getId)
                .containsExactly("slurm:c:2");
    }

    @Test
    void aWarmUpSendsNoChangesButTheVersionItReached() {
        var warming = new TelemetryPublisher(
                new TwoNodes("agent-3", "") {
                    private int round;

                    @Override
                    public void tick(long timeMillis, FleetTelemetry target) {
                        book.replace("n0", List.of(job("slurm:c:" + round++, "n0")));
                        super.tick(timeMillis, target);
                    }
                },
                8,
                InstantSource.system(),
                book);
        try {
            warming.warmUp(T0 - 10_000, T0, 1000);
            assertThat(book.version()).isEqualTo(10);
            warming.tick(T0);
            TelemetryBatch first = warming.hub().get(1);
            assertThat(first.getWorkloadVersion()).isEqualTo(11);
            assertThat(first.getWorkloadChanges().getFromVersion()).isEqualTo(10);
            assertThat(first.getWorkloadChanges().getUpsertedList())
                    .extracting(Workload::getId)
                    .containsExactly("slurm:c:10");
            assertThat(first.getWorkloadChanges().getEndedList()).containsExactly("slurm:c:9");
        } finally {
            warming.close();
        }
    }

    @Test
    void aRoundInWhichNoNodeReportedStillSendsItsChanges() {
        var silent = new TelemetryPublisher(
                new TwoNodes("agent-2", "") {
                    @Override
                    public void tick(long timeMillis, FleetTelemetry target) {
                        target.publish(0);
                    }
                },
                8,
                InstantSource.system(),
                book);
        try {
            book.replace("n0", List.of(job("slurm:c:1", "n0")));
            silent.tick(T0);
            TelemetryBatch batch = silent.hub().get(1);
            assertThat(batch.getNodesCount()).isZero();
            assertThat(batch.getWorkloadChanges().getUpsertedCount()).isEqualTo(1);
            silent.tick(T0 + 1000);
            assertThat(silent.hub().head()).as("nothing to send: no batch").isEqualTo(2);
        } finally {
            silent.close();
        }
    }
}
