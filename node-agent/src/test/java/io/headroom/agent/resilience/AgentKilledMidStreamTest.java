package io.headroom.agent.resilience;

import io.headroom.client.AgentConnection;
import io.headroom.wire.AgentEndpoint;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.headroom.agent.Conditions.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

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

    private final List<AgentProcess> processes = new ArrayList<>();
    private FleetClient client;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        for (AgentProcess process : processes) {
            process.kill();
        }
    }

    @Test
    void aKilledAgentIsShownUnreachableAndTheConsoleReturnsByItselfWhenItIsBack() throws Exception {
        int port = freePort();
        AgentProcess first = start(port);
        var endpoint = new AgentEndpoint("127.0.0.1", port);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(List.of(endpoint.toString()));
        client = new FleetClient(List.of(endpoint), fleet, board, ClientOptions.defaults("kill-test")
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))).start();
        AgentConnection connection = client.connections().getFirst();

        waitUntil(() -> fleet.layout().gpuCount() == 64 && connection.batchesReceived() >= 5
                && fleet.current().nodeSampleTime(0) > 0, "the inventory and 5 batches from the first agent", LIMIT);
        assertThat(board.statuses().getFirst().health()).isEqualTo(AgentHealth.ONLINE);
        String firstEpoch = connection.epoch();
        assertThat(firstEpoch).isNotEmpty();

        Instant killedAt = Instant.now();
        first.kill();
        waitUntil(() -> board.statuses().getFirst().health() == AgentHealth.UNREACHABLE,
                "the console to see the killed agent as unreachable", LIMIT);
        AgentStatus down = board.statuses().getFirst();
        assertThat(connection.isOnline()).isFalse();
        assertThat(down.lastError()).as("the reason shown").isNotBlank();
        assertThat(down.nextRetry()).as("the next retry shown").isNotNull().isAfter(killedAt);
        long lastSampleBeforeKill = fleet.current().nodeSampleTime(0);
        long batchesBeforeKill = connection.batchesReceived();

        start(port);
        waitUntil(() -> board.statuses().getFirst().health() == AgentHealth.ONLINE,
                "the console to reconnect to the new agent by itself", LIMIT);
        waitUntil(() -> fleet.current().nodeSampleTime(0) > lastSampleBeforeKill
                        && connection.batchesReceived() >= batchesBeforeKill + 5,
                "fresh samples from the new agent", LIMIT);

        AgentStatus up = board.statuses().getFirst();
        assertThat(up.lastError()).isEmpty();
        assertThat(up.nextRetry()).isNull();
        assertThat(connection.epoch()).as("the new process's epoch").isNotEmpty().isNotEqualTo(firstEpoch);
        assertThat(connection.sequenceGaps()).as("sequence jumps").isZero();
        assertThat(fleet.layout().gpuCount()).isEqualTo(64);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private AgentProcess start(int port) throws IOException {
        var process = new AgentProcess(port);
        processes.add(process);
        process.awaitServing();
        return process;
    }

    /** `headroom-agent --simulate` in a child JVM, its output kept for failure messages. */
    private static final class AgentProcess {
        private final Process process;
        private final List<String> output = new CopyOnWriteArrayList<>();
        private volatile boolean serving;

        AgentProcess(int port) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "io.headroom.agent.AgentMain",
                    "--simulate", "--gpus", "64", "--seed", "5", "--interval-ms", "100", "--replay-seconds", "5",
                    "--port", String.valueOf(port))
                    .redirectErrorStream(true)
                    .start();
            Thread.ofVirtual().name("agent-output-" + port).start(() -> {
                try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        output.add(line);
                        if (line.startsWith("headroom-agent: serving")) {
                            serving = true;
                        }
                    }
                } catch (IOException e) {
                    output.add("(reading the agent's output failed: " + e + ")");
                }
            });
        }

        void awaitServing() {
            try {
                waitUntil(() -> serving || !process.isAlive(), "the agent's 'serving' line", LIMIT);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; agent output: " + output, e);
            }
            if (!serving) {
                throw new AssertionError("the agent exited with " + process.exitValue() + " before serving: " + output);
            }
        }

        /** SIGKILL, as the OOM killer or a power cut would. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the agent process to die").isTrue();
        }
    }
}
