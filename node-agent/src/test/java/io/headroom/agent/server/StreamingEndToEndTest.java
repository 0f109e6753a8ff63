package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.AgentConnection;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator served over real gRPC on loopback, read by the real client. */
class StreamingEndToEndTest {

    private static final int INTERVAL_MS = 100;

    private SimulatorAgent agent;
    private FleetClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void streamsTheSimulatedFleetAndResumesAfterADroppedConnectionWithoutMissingASequence() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(512), 7, INTERVAL_MS, "", 60, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = agent.port();
        var endpoint = new AgentEndpoint("127.0.0.1", port);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(List.of(endpoint.toString()));
        client = startClient(endpoint, fleet, board);
        AgentConnection connection = client.connections().getFirst();

        await("inventory and 10 batches")
                .until(() -> fleet.layout().gpuCount() == 512 && connection.batchesReceived() >= 10);
        assertThat(fleet.layout().nodeCount()).isEqualTo(64);
        assertThat(fleet.current().sampleTime(0)).isPositive();
        assertThat(fleet.current().samplesWritten()).isPositive();
        assertThat(board.statuses().getFirst().health()).isEqualTo(AgentHealth.ONLINE);
        String epoch = connection.epoch();

        agent.stopServing();
        await("the board to show the dropped connection")
                .until(() -> board.statuses().getFirst().health() == AgentHealth.UNREACHABLE);
        assertThat(connection.isOnline()).isFalse();
        long seenBeforeOutage = connection.lastSequence();
        TelemetryHub hub = agent.publisher().hub();
        await("10 batches published while the client is cut off").until(() -> hub.head() > seenBeforeOutage + 10);
        long publishedDuringOutage = hub.head() - 1;

        agent.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        await("the client to catch up").until(() -> connection.lastSequence() > publishedDuringOutage);

        assertThat(connection.epoch()).isEqualTo(epoch);
        assertThat(connection.sequenceGaps()).as("sequence jumps").isZero();
        assertThat(connection.missedBatches())
                .as("batches lost from the replay buffer")
                .isZero();
        assertThat(board.statuses().getFirst().health()).isEqualTo(AgentHealth.ONLINE);
    }

    @Test
    void aStalledAgentTurnsItsNodesStaleWithinThreeIntervals() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 3, INTERVAL_MS, "", 10, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var endpoint = new AgentEndpoint("127.0.0.1", agent.port());
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        client = startClient(endpoint, fleet, new ConnectionBoard(List.of(endpoint.toString())));
        var classifier = new io.headroom.core.idle.IdleClassifier(IdleThresholds.DEFAULTS);
        await("first samples")
                .until(() -> fleet.layout().gpuCount() == 64 && fleet.current().sampleTime(0) > 0);
        assertThat(classifier.isStale(fleet.current(), 0, System.currentTimeMillis()))
                .isFalse();

        agent.publisher().close(); // the agent stops sampling but keeps its connection open
        long lastSample = fleet.current().sampleTime(0);
        assertThat(classifier.isStale(fleet.current(), 0, lastSample + 3L * INTERVAL_MS))
                .isFalse();
        assertThat(classifier.isStale(fleet.current(), 0, lastSample + 3L * INTERVAL_MS + 1))
                .isTrue();
        await("stale by the wall clock")
                .until(() -> classifier.isStale(fleet.current(), 0, System.currentTimeMillis()));
    }

    private static FleetClient startClient(AgentEndpoint endpoint, FleetState fleet, ConnectionBoard board) {
        return new FleetClient(
                        List.of(endpoint),
                        fleet,
                        board,
                        io.headroom.client.ClientOptions.defaults("test")
                                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400)))
                .start();
    }
}
