package io.headroom.app.reliability;

import static io.headroom.app.reliability.FaultRow.secondsSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.AgentMain;
import io.headroom.app.ConsoleExtension;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.testing.ChildJvm;
import io.headroom.views.operations.OperationRow;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Processes the console depends on, killed with SIGKILL mid-stream and started again on the
 * same port: an agent, and a relay between the console and an agent. The real console marks
 * what it lost as unreachable and stale, comes back by itself, and the operation queued while
 * the process was down is carried out once.
 */
@Timeout(900)
class KilledProcessesTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final int GPUS = 256;

    @RegisterExtension
    final ConsoleExtension consoleApp = ConsoleUnderTest.extension();

    private final List<AutoCloseable> open = new ArrayList<>();
    private ConsoleUnderTest console;

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A main class of this class path in a small JVM of its own; SIGKILL ends it. */
    static ChildJvm.Builder child(Class<?> main) {
        return ChildJvm.ofClass(main)
                .jvmOptions(ChildJvm.QUICK_START)
                .jvmOptions("--enable-native-access=ALL-UNNAMED", "-Dglass.platform=Headless");
    }

    private ChildJvm startAgent(int port) throws Exception {
        ChildJvm agent = child(RecordingAgent.class)
                .args(String.valueOf(GPUS), String.valueOf(port))
                .start();
        open.add(agent);
        agent.awaitLine("serving", LIMIT);
        return agent;
    }

    private ChildJvm startRelay(int port, int upstreamPort) throws Exception {
        // A relay with no identities configured lets callers watch only; this one passes operations on.
        Path config = Files.createTempFile("relay", ".yaml");
        Files.writeString(config, "auth: none\n");
        ChildJvm relay = child(AgentMain.class)
                .args(
                        "--relay",
                        "--config",
                        config.toString(),
                        "--upstream",
                        "127.0.0.1:" + upstreamPort,
                        "--port",
                        String.valueOf(port),
                        "--replay-seconds",
                        "10")
                .start();
        open.add(relay);
        relay.awaitLine("headroom-agent: relaying", LIMIT);
        return relay;
    }

    private boolean allDelivered(int expected) {
        try {
            List<OperationRow> rows = console.outbox();
            return rows.size() == expected
                    && rows.stream().allMatch(r -> r.state().equals("DELIVERED"));
        } catch (Exception e) {
            return false;
        }
    }

    private String hostOfNode(int node) {
        return console.live().fleet().layout().node(node).hostname();
    }

    @Test
    void anAgentKilledAndStartedAgain() throws Exception {
        int port = freePort();
        List<ChildJvm> agents = new ArrayList<>(List.of(startAgent(port)));
        console = new ConsoleUnderTest(consoleApp, port);
        console.awaitOnlineWithData(LIMIT);
        var tally = new OperationTally();
        List<Double> detect = new ArrayList<>();
        List<Double> recover = new ArrayList<>();
        console.fx.takeLongestMs();
        int reps = FaultRow.perFault();
        String reason = "";
        for (int rep = 0; rep < reps; rep++) {
            long killed = System.nanoTime();
            agents.getLast().kill();
            await("the killed agent shown unreachable and stale")
                    .atMost(LIMIT)
                    .until(() -> console.health() == AgentHealth.UNREACHABLE && console.firstGpuStale());
            detect.add(secondsSince(killed));
            reason = console.live().board().statuses().getFirst().lastError();
            // The generation the console saw before the kill: the restarted agent starts from the same state.
            String host = hostOfNode(rep);
            tally.queued(
                    console.queue(host, console.live().fleet().current().generation(rep), true, "agent killed " + rep));

            long restartedAtMillis = System.currentTimeMillis();
            agents.add(startAgent(port));
            long restarted = System.nanoTime();
            await("the console back on the new agent with fresh samples")
                    .atMost(LIMIT)
                    .until(() -> console.health() == AgentHealth.ONLINE
                            && console.firstNodeSampleTime() > restartedAtMillis
                            && !console.firstGpuStale());
            recover.add(secondsSince(restarted));
            int expected = rep + 1;
            await("the queued operation delivered to the new agent")
                    .atMost(LIMIT)
                    .until(() -> allDelivered(expected));
        }
        double fxLongest = console.fx.takeLongestMs();
        assertThat(fxLongest).isLessThan(FxResponsiveness.FROZEN_MS);
        var operations = tally.settle(appliedAcross(agents));
        new FaultRow(
                        "agent-killed",
                        "agent killed (SIGKILL) mid-stream, started again on its port",
                        reps,
                        "marked it unreachable (\"" + reason + "\") and its GPUs stale; followed the new process's "
                                + "stream by itself; the operation queued while it was down was carried out by the new process "
                                + "(recovery counted from the new process serving)",
                        detect,
                        recover,
                        operations,
                        fxLongest)
                .write();
    }

    @Test
    void aRelayKilledMidStream() throws Exception {
        int agentPort = freePort();
        ChildJvm agent = startAgent(agentPort);
        int relayPort = freePort();
        List<ChildJvm> relays = new ArrayList<>(List.of(startRelay(relayPort, agentPort)));
        console = new ConsoleUnderTest(consoleApp, relayPort);
        console.awaitOnlineWithData(LIMIT);
        var tally = new OperationTally();
        List<Double> detect = new ArrayList<>();
        List<Double> recover = new ArrayList<>();
        console.fx.takeLongestMs();
        int reps = FaultRow.perFault();
        for (int rep = 0; rep < reps; rep++) {
            long killed = System.nanoTime();
            relays.getLast().kill();
            await("the killed relay shown unreachable and its fleet stale")
                    .atMost(LIMIT)
                    .until(() -> console.health() == AgentHealth.UNREACHABLE && console.firstGpuStale());
            detect.add(secondsSince(killed));
            int node = rep;
            tally.queued(console.queue(
                    hostOfNode(node), console.live().fleet().current().generation(node), true, "relay killed " + rep));

            long restartedAtMillis = System.currentTimeMillis();
            relays.add(startRelay(relayPort, agentPort));
            long restarted = System.nanoTime();
            await("the console back through the new relay with fresh samples")
                    .atMost(LIMIT)
                    .until(() -> console.health() == AgentHealth.ONLINE
                            && console.firstNodeSampleTime() > restartedAtMillis
                            && !console.firstGpuStale());
            recover.add(secondsSince(restarted));
            int expected = rep + 1;
            await("the queued operation delivered through the new relay")
                    .atMost(LIMIT)
                    .until(() -> allDelivered(expected));
        }
        double fxLongest = console.fx.takeLongestMs();
        assertThat(fxLongest).isLessThan(FxResponsiveness.FROZEN_MS);
        var operations = tally.settle(appliedAcross(List.of(agent)));
        new FaultRow(
                        "relay-killed",
                        "relay killed (SIGKILL) mid-stream between console and agent, started again",
                        reps,
                        "marked the relay unreachable and the fleet behind it stale; reconnected through the new relay by itself; "
                                + "the operation queued meanwhile was passed on to the agent once (recovery counted from the new relay serving)",
                        detect,
                        recover,
                        operations,
                        fxLongest)
                .write();
    }

    /** "applied KEY" lines of every agent process, counted per key. */
    private static Map<String, Integer> appliedAcross(List<ChildJvm> agents) {
        Map<String, Integer> applied = new HashMap<>();
        for (ChildJvm agent : agents) {
            for (String line : agent.lines()) {
                if (line.startsWith("applied ")) {
                    applied.merge(line.substring("applied ".length()), 1, Integer::sum);
                }
            }
        }
        return applied;
    }
}
