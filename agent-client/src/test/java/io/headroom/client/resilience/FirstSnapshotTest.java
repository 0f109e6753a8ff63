package io.headroom.client.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot an agent sends a new client is the client's only picture of nodes that
 * report rarely or have gone silent: it must land in the fleet, not be dropped because the
 * inventory fetched just before it is not installed yet.
 */
class FirstSnapshotTest {

    private FakeAgent agent;
    private FleetClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theSnapshotThatOpensAStreamLandsInTheFleet() throws Exception {
        // The agent answers the inventory, then sends one snapshot batch and nothing more: a
        // node agent with a long interval, or one whose nodes have stopped reporting.
        agent = new FakeAgent(FakeAgent.Mode.SNAPSHOT_ONLY);
        var endpoint = new AgentEndpoint("127.0.0.1", agent.port());
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(List.of(endpoint.toString()));
        client = new FleetClient(List.of(endpoint), fleet, board, ClientOptions.defaults("snapshot-test")).start();
        AgentConnection connection = client.connections().getFirst();

        await("the inventory installed and the snapshot received")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(board.statuses().getFirst().health() == AgentHealth.ONLINE
                                && connection.batchesReceived() == 1
                                && fleet.layout().nodeIndex(FakeAgent.HOSTNAME) >= 0)
                        .as(() -> board.statuses().getFirst() + ", layout " + fleet.layout())
                        .isTrue());
        assertThat(agent.streamCalls()).isEqualTo(1);

        int node = fleet.layout().nodeIndex(FakeAgent.HOSTNAME);
        assertThat(connection.unknownSamples())
                .as("samples of the snapshot dropped as unknown (decoded before the inventory was installed)")
                .isZero();
        assertThat(fleet.current().nodeSampleTime(node))
                .as("the node's sample time from the snapshot")
                .isPositive();
        assertThat(fleet.current().sampleTime(fleet.layout().firstGpuSlot(node)))
                .as("GPU 0's sample time")
                .isPositive();
        assertThat(fleet.current().utilizationPct(fleet.layout().firstGpuSlot(node)))
                .isEqualTo(87f);
    }
}
