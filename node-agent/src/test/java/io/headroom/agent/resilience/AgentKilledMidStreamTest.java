package io.headroom.agent.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.AgentMain;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.testing.ChildJvm;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real agent process killed with SIGKILL mid-stream (no goodbye, no flush), then started
 * again on the same port: the console shows it unreachable with the reason and the next
 * retry, comes back by itself, follows the new process's epoch and gets live data again.
 *
 * <p>The agent runs in a child JVM on this test's class path (the shaded jar is not built
 * yet in the test phase). The same-process variant, where the server drops every
 * connection but keeps its replay ring, is {@code StreamingEndToEndTest}.
 */
class AgentKilledMidStreamTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final List<ChildJvm> processes = new ArrayList<>();
    private FleetClient client;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        for (ChildJvm process : processes) {
            process.kill();
        }
    }

    @Test
    void aKilledAgentIsShownUnreachableAndTheConsoleReturnsByItselfWhenItIsBack() throws Exception {
        int port = freePort();
        ChildJvm first = start(port);
        var endpoint = new AgentEndpoint("127.0.0.1", port);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(List.of(endpoint.toString()));
        client = new FleetClient(
                        List.of(endpoint),
                        fleet,
                        board,
                        ClientOptions.defaults("kill-test").withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)))
                .start();
        AgentConnection connection = client.connections().getFirst();

        await("the inventory and 5 batches from the first agent")
                .atMost(LIMIT)
                .until(() -> fleet.layout().gpuCount() == 64
                        && connection.batchesReceived() >= 5
                        && fleet.current().nodeSampleTime(0) > 0);
        assertThat(board.statuses().getFirst().health()).isEqualTo(AgentHealth.ONLINE);
        String firstEpoch = connection.epoch();
        assertThat(firstEpoch).isNotEmpty();

        Instant killedAt = Instant.now();
        first.kill();
        await("the console to see the killed agent as unreachable")
                .atMost(LIMIT)
                .until(() -> board.statuses().getFirst().health() == AgentHealth.UNREACHABLE);
        AgentStatus down = board.statuses().getFirst();
        assertThat(connection.isOnline()).isFalse();
        assertThat(down.lastError()).as("the reason shown").isNotBlank();
        assertThat(down.nextRetry()).as("the next retry shown").isNotNull().isAfter(killedAt);
        long lastSampleBeforeKill = fleet.current().nodeSampleTime(0);
        long batchesBeforeKill = connection.batchesReceived();

        start(port);
        await("the console to reconnect to the new agent by itself")
                .atMost(LIMIT)
                .until(() -> board.statuses().getFirst().health() == AgentHealth.ONLINE);
        await("fresh samples from the new agent")
                .atMost(LIMIT)
                .until(() -> fleet.current().nodeSampleTime(0) > lastSampleBeforeKill
                        && connection.batchesReceived() >= batchesBeforeKill + 5);

        AgentStatus up = board.statuses().getFirst();
        assertThat(up.lastError()).isEmpty();
        assertThat(up.nextRetry()).isNull();
        assertThat(connection.epoch())
                .as("the new process's epoch")
                .isNotEmpty()
                .isNotEqualTo(firstEpoch);
        assertThat(connection.sequenceGaps()).as("sequence jumps").isZero();
        assertThat(fleet.layout().gpuCount()).isEqualTo(64);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private ChildJvm start(int port) throws IOException {
        var process = ChildJvm.ofClass(AgentMain.class)
                .name("the agent")
                .jvmOptions(ChildJvm.QUICK_START)
                .jvmOptions("--enable-native-access=ALL-UNNAMED")
                .args(
                        "--simulate",
                        "--gpus",
                        "64",
                        "--seed",
                        "5",
                        "--interval-ms",
                        "100",
                        "--replay-seconds",
                        "5",
                        "--port",
                        String.valueOf(port))
                .start();
        processes.add(process);
        process.awaitLine("headroom-agent: serving", LIMIT);
        return process;
    }
}
