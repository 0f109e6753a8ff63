package io.headroom.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.RelayAgent;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two simulators behind a relay behind a second relay: the console needs one connection. */
class RelayEndToEndTest {

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        running.add(closeable);
        return closeable;
    }

    private static InetSocketAddress anyPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static AgentEndpoint at(int port) {
        return new AgentEndpoint("127.0.0.1", port);
    }

    @Test
    void chainedRelaysServeTheMergedFleetAndRouteOperationsToTheOwningAgent() throws Exception {
        InstantSource clock = InstantSource.system();
        var east = keep(SimulatorAgent.create(FleetShape.forGpus(256), 1, 200, "east-", 30, clock)
                .start(anyPort()));
        var west = keep(SimulatorAgent.create(FleetShape.forGpus(128), 2, 200, "west-", 30, clock)
                .start(anyPort()));
        var hallRelay =
                keep(RelayAgent.start(List.of(at(east.port()), at(west.port())), anyPort(), 256, "hall", clock));
        var siteRelay = keep(RelayAgent.start(List.of(at(hallRelay.port())), anyPort(), 256, "site", clock));

        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(List.of(at(siteRelay.port()).toString()));
        var client = keep(new FleetClient(
                        List.of(at(siteRelay.port())),
                        fleet,
                        board,
                        ClientOptions.defaults("test").withBackoff(Duration.ofMillis(50), Duration.ofMillis(400)))
                .start());
        AgentConnection connection = client.connections().getFirst();

        await("the merged inventory of both simulators")
                .until(() -> fleet.layout().gpuCount() == 384);
        int eastNode = fleet.layout()
                .nodeIndex(east.simulator().inventory().nodes().getFirst().hostname());
        int westNode = fleet.layout()
                .nodeIndex(west.simulator().inventory().nodes().getFirst().hostname());
        assertThat(eastNode).isNotNegative();
        assertThat(westNode).isNotNegative();
        long eastBefore = fleet.current().nodeSampleTime(eastNode);
        long westBefore = fleet.current().nodeSampleTime(westNode);
        await("fresh samples from both, through two relays")
                .until(() -> fleet.current().nodeSampleTime(eastNode) > eastBefore + 400
                        && fleet.current().nodeSampleTime(westNode) > westBefore + 400);
        await("a stream of batches").until(() -> connection.batchesReceived() > 20);
        assertThat(connection.sequenceGaps()).isZero();

        String host = west.simulator().inventory().nodes().get(3).hostname();
        var stub = AgentGrpc.newBlockingStub(io.grpc.Grpc.newChannelBuilderForAddress(
                                "127.0.0.1", siteRelay.port(), io.grpc.InsecureChannelCredentials.create())
                        .build())
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        var response = stub.execute(ExecuteRequest.newBuilder()
                .setIdempotencyKey("relay-op-1")
                .setHostname(host)
                .setRequester("tester")
                .setReason("reseat NVLink bridge")
                .setDrain(Drain.getDefaultInstance())
                .build());
        assertThat(response.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
        assertThat(west.simulator().schedulerState(host)).isIn(SchedulerState.DRAINING, SchedulerState.DRAINED);
        await("the drain to show in the console, through both relays").until(() -> {
            SchedulerState shown = fleet.current().schedulerState(fleet.layout().nodeIndex(host));
            return shown == SchedulerState.DRAINING || shown == SchedulerState.DRAINED;
        });

        // Not passed on is not refused: UNAVAILABLE, so that a console keeps it queued and tries again.
        var unknown = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.grpc.StatusRuntimeException.class,
                () -> stub.execute(ExecuteRequest.newBuilder()
                        .setIdempotencyKey("relay-op-2")
                        .setHostname("nowhere-1")
                        .setDrain(Drain.getDefaultInstance())
                        .setReason("x")
                        .build()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        assertThat(unknown.getStatus().getDescription()).contains("no agent behind this relay reports node nowhere-1");

        // Who holds the GPUs, through both relays: the workloads of both simulators.
        await("both simulators' workloads at the outer relay").until(() -> {
            var ids = stub
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getWorkloads(io.headroom.protocol.v1.GetWorkloadsRequest.getDefaultInstance())
                    .getWorkloadsList()
                    .stream()
                    .map(io.headroom.protocol.v1.Workload::getId)
                    .collect(java.util.stream.Collectors.toSet());
            return !east.simulator().workloads().isEmpty()
                    && !west.simulator().workloads().isEmpty()
                    && ids.contains(east.simulator().workloads().getFirst().getId())
                    && ids.contains(west.simulator().workloads().getFirst().getId());
        });
    }

    @Test
    void eachRelayNamesItselfInItsInventoryNotAsTheConsole() throws Exception {
        InstantSource clock = InstantSource.system();
        var agent = keep(SimulatorAgent.create(FleetShape.forGpus(64), 5, 200, "", 30, clock)
                .start(anyPort()));
        var hallRelay = keep(RelayAgent.start(List.of(at(agent.port())), anyPort(), 64, "relay hall-a", clock));
        var siteRelay = keep(RelayAgent.start(List.of(at(hallRelay.port())), anyPort(), 64, "relay site-1", clock));
        await("the inventory to reach the second relay")
                .until(() -> inventoryOf(siteRelay.port()).getNodesCount() > 0);

        assertThat(inventoryOf(hallRelay.port()).getServerId()).isEqualTo("relay hall-a");
        assertThat(inventoryOf(siteRelay.port()).getServerId()).isEqualTo("relay site-1");
        assertThat(RelayAgent.nameFor(null)).startsWith("relay ").isNotEqualTo("relay ");
    }

    private io.headroom.protocol.v1.Inventory inventoryOf(int port) {
        var channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", port, io.grpc.InsecureChannelCredentials.create())
                .build();
        try {
            return AgentGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getInventory(io.headroom.protocol.v1.GetInventoryRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aNewClientOfARelayGetsTheLatestValueOfEveryNodeAtOnce() throws Exception {
        InstantSource clock = InstantSource.system();
        // A slow interval: without a snapshot the client would wait up to 5 s for a full picture.
        var agent = keep(SimulatorAgent.create(FleetShape.forGpus(512), 4, 5000, "", 30, clock)
                .start(anyPort()));
        var relay = keep(RelayAgent.start(List.of(at(agent.port())), anyPort(), 256, "relay", clock));
        await("the relay to fill")
                .until(() -> relay.client().connections().getFirst().batchesReceived() > 0);

        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var client = keep(new FleetClient(
                        List.of(at(relay.port())),
                        fleet,
                        new ConnectionBoard(List.of(at(relay.port()).toString())),
                        ClientOptions.defaults("late"))
                .start());
        await("a value for every GPU from the snapshot").until(() -> {
            var t = fleet.current();
            if (t.layout().gpuCount() != 512) {
                return false;
            }
            for (int slot = 0; slot < 512; slot++) {
                if (t.sampleTime(slot) == 0) {
                    return false;
                }
            }
            return true;
        });
        assertThat(client.connections().getFirst().sequenceGaps()).isZero();
    }
}
