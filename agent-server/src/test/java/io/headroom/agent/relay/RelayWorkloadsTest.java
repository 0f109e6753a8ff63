package io.headroom.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.server.AgentService;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.server.TwoNodes;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import io.headroom.protocol.v1.WorkloadTable;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two agents and a relay, in-process: a job on a node of each is one workload at the relay. */
class RelayWorkloadsTest {

    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
    private final List<AutoCloseable> running = new ArrayList<>();
    private FleetClient upstreamClient;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
        streams.shutdownNow();
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        running.add(closeable);
        return closeable;
    }

    /** An agent at "{name}:1" in-process, ticking every 100 ms. */
    private TelemetryPublisher agent(String name, WorkloadBook book) throws Exception {
        var publisher =
                keep(new TelemetryPublisher(new TwoNodes(name, name + "-", 100), 64, InstantSource.system(), book));
        serve(name, new AgentService(publisher, new NoOperations("test"), streams, InstantSource.system()));
        publisher.start();
        return publisher;
    }

    private void serve(String name, io.grpc.BindableService service) throws Exception {
        serve(name, service.bindService());
    }

    private void serve(String name, io.grpc.ServerServiceDefinition service) throws Exception {
        Server server =
                InProcessServerBuilder.forName(name).addService(service).build().start();
        running.add(server::shutdownNow);
    }

    private AgentGrpc.AgentBlockingStub stub(String name) {
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        running.add(channel::shutdownNow);
        return AgentGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private Relay relay(String name, String... upstreams) throws Exception {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var relay = new Relay(name, fleet, 256);
        List<AgentEndpoint> endpoints = java.util.Arrays.stream(upstreams)
                .map(u -> new AgentEndpoint(u, 1))
                .toList();
        var options = relay.upstreamOptions(ClientOptions.defaults(name)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .withChannels(e -> InProcessChannelBuilder.forName(e.host()).build()));
        upstreamClient = keep(new FleetClient(
                        endpoints,
                        fleet,
                        new ConnectionBoard(
                                endpoints.stream().map(AgentEndpoint::toString).toList()),
                        options)
                .start());
        serve(name, new AgentService(relay, new NoOperations("relay"), streams, InstantSource.system()));
        return relay;
    }

    static Workload job(String id, String host, int gpu) {
        return Workload.newBuilder()
                .setId(id)
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setSchedulerId(id.substring(id.lastIndexOf(':') + 1))
                .setUser("wang.lei")
                .setAccount("nlp-lab")
                .addHoldings(Holding.newBuilder().setHostname(host).setGpuIndex(gpu))
                .build();
    }

    private static List<String> hostsOf(WorkloadTable table, String id) {
        return table.getWorkloadsList().stream()
                .filter(w -> w.getId().equals(id))
                .flatMap(w -> w.getHoldingsList().stream())
                .map(Holding::getHostname)
                .toList();
    }

    @Test
    void aJobOnTwoAgentsIsOneWorkloadAtTheRelayAndFollowsTheirChanges() throws Exception {
        var eastBook = new WorkloadBook();
        var westBook = new WorkloadBook();
        eastBook.replace("east-n0", List.of(job("slurm:c:4242", "east-n0", 0)));
        westBook.replace("west-n1", List.of(job("slurm:c:4242", "west-n1", 0), job("slurm:c:4300", "west-n1", 0)));
        agent("east", eastBook);
        agent("west", westBook);
        relay("hall", "east", "west");
        var hall = stub("hall");

        await("the two-node job, whole, at the relay")
                .until(() -> hostsOf(hall.getWorkloads(GetWorkloadsRequest.getDefaultInstance()), "slurm:c:4242")
                                .size()
                        == 2);
        WorkloadTable table = hall.getWorkloads(GetWorkloadsRequest.getDefaultInstance());
        assertThat(table.getServerId()).isEqualTo("hall");
        assertThat(table.getWorkloadsList())
                .extracting(Workload::getId)
                .containsExactly("slurm:c:4242", "slurm:c:4300");
        assertThat(hostsOf(table, "slurm:c:4242")).containsExactlyInAnyOrder("east-n0", "west-n1");

        // The west part ends and a new job starts on east: the relay follows the agents' changes.
        westBook.replace("west-n1", List.of(job("slurm:c:4300", "west-n1", 0)));
        eastBook.replace("east-n1", List.of(job("slurm:c:4301", "east-n1", 0)));
        await("the changes at the relay").until(() -> {
            var now = hall.getWorkloads(GetWorkloadsRequest.getDefaultInstance());
            return hostsOf(now, "slurm:c:4242").equals(List.of("east-n0"))
                    && !hostsOf(now, "slurm:c:4301").isEmpty();
        });
    }

    @Test
    void aRelayBehindARelayGetsTheMergedWorkloadsAndItsStreamCarriesTheirChanges() throws Exception {
        var eastBook = new WorkloadBook();
        eastBook.replace("east-n0", List.of(job("slurm:c:1", "east-n0", 0)));
        agent("east", eastBook);
        Relay hall = relay("hall", "east");
        relay("site", "hall");
        var site = stub("site");
        await("the workload through two relays")
                .until(() -> site.getWorkloads(GetWorkloadsRequest.getDefaultInstance())
                                .getWorkloadsCount()
                        == 1);
        long asked = hall.workloadTablesAsked();

        var batches = site.withDeadlineAfter(30, TimeUnit.SECONDS)
                .streamTelemetry(
                        StreamTelemetryRequest.newBuilder().setClientId("t").build());
        long held = batches.next().getWorkloadVersion(); // the snapshot: version only
        WorkloadTable atStart = site.getWorkloads(GetWorkloadsRequest.getDefaultInstance());
        held = Math.max(held, atStart.getWorkloadVersion());

        eastBook.replace("east-n0", List.of());
        TelemetryBatch withChanges;
        do {
            withChanges = batches.next();
        } while (!withChanges.hasWorkloadChanges()
                || withChanges.getWorkloadChanges().getEndedCount() == 0);
        assertThat(withChanges.getWorkloadChanges().getFromVersion()).isLessThanOrEqualTo(held);
        assertThat(withChanges.getWorkloadChanges().getEndedList()).containsExactly("slurm:c:1");
        assertThat(withChanges.getWorkloadVersion()).isGreaterThan(held);
        assertThat(hall.workloadTablesAsked())
                .as("the relay followed the agent's changes without asking for its table again")
                .isEqualTo(asked);
    }

    /** An agent from before workloads: GetWorkloads is UNIMPLEMENTED, the rest is the current agent's. */
    private static io.grpc.ServerServiceDefinition oldAgent(AgentService current) {
        var builder = io.grpc.ServerServiceDefinition.builder(AgentGrpc.SERVICE_NAME);
        current.bindService().getMethods().stream()
                .filter(m -> !m.getMethodDescriptor().getFullMethodName().endsWith("/GetWorkloads"))
                .forEach(builder::addMethod);
        return builder.build();
    }

    @Test
    void anAgentThatAnswersUnimplementedHoldsNothingAndIsAskedOnce() throws Exception {
        var eastBook = new WorkloadBook();
        eastBook.replace("east-n0", List.of(job("slurm:c:1", "east-n0", 0)));
        agent("east", eastBook);
        var old = keep(new TelemetryPublisher(new TwoNodes("old", "old-", 100), 64, InstantSource.system()));
        serve("old", oldAgent(new AgentService(old, new NoOperations("test"), streams, InstantSource.system())));
        old.start();
        Relay hall = relay("hall", "east", "old");
        var stub = stub("hall");

        await("east's workload at the relay, and batches from the old agent")
                .until(() -> stub.getWorkloads(GetWorkloadsRequest.getDefaultInstance())
                                        .getWorkloadsCount()
                                == 1
                        && hall.workloadTablesAsked() == 2);
        long asked = hall.workloadTablesAsked();
        var fromOld = upstreamClient.connections().get(1);
        long before = fromOld.batchesReceived();
        await("more batches from the old agent").until(() -> fromOld.batchesReceived() > before + 5);
        assertThat(hall.workloadTablesAsked()).as("no repeated asking").isEqualTo(asked);
        assertThat(asked).as("one ask each").isEqualTo(2);
    }
}
