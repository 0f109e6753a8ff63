package io.headroom.app.reliability;

import static io.headroom.app.reliability.FaultRow.secondsSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.app.ConsoleExtension;
import io.headroom.core.connection.AgentHealth;
import io.headroom.views.operations.OperationRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The network between the real console and a real agent breaks, through {@link TcpFaultProxy}:
 * delay, drop, reset, black hole. Each time the console keeps its window answering, marks the
 * agent unreachable and its GPUs stale, comes back by itself once the network does (online,
 * fresh samples), and the operation queued during the outage is carried out exactly once.
 */
@Timeout(900)
class ProxyFaultsTest {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final int GPUS = 256; // 32 nodes: one fresh node per operation, up to 32 repetitions

    @RegisterExtension
    final ConsoleExtension consoleApp = ConsoleUnderTest.extension();

    private RecordingAgent agent;
    private TcpFaultProxy proxy;
    private ConsoleUnderTest console;
    private final OperationTally tally = new OperationTally();
    private int nextNode;

    @BeforeEach
    void start() throws Exception {
        agent = new RecordingAgent(GPUS, 0, key -> {});
        proxy = new TcpFaultProxy(agent.port());
        console = new ConsoleUnderTest(consoleApp, proxy.port());
        console.awaitOnlineWithData(LIMIT);
    }

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private interface Injection {
        void inject() throws Exception;
    }

    /** Queues a drain of a node no earlier operation touched, with the generation the agent has for it now. */
    private void queueOperation(String why) throws Exception {
        String host = agent.simulator().inventory().nodes().get(nextNode++).hostname();
        tally.queued(console.queue(host, agent.simulator().generation(host), true, why));
    }

    private void awaitAllDelivered() {
        await("every queued operation delivered").atMost(LIMIT).untilAsserted(() -> {
            List<OperationRow> rows;
            try {
                rows = console.outbox();
            } catch (Exception e) {
                throw new AssertionError("the outbox could not be read", e);
            }
            assertThat(rows.size() == tally.keys().size()
                            && rows.stream().allMatch(r -> r.state().equals("DELIVERED")))
                    .as(rows::toString)
                    .isTrue();
        });
    }

    private void outage(String id, String fault, Injection injection) throws Exception {
        int reps = FaultRow.perFault();
        List<Double> detect = new ArrayList<>();
        List<Double> recover = new ArrayList<>();
        double fxLongest = 0;
        double deliveredLatest = 0;
        console.fx.takeLongestMs();
        for (int rep = 0; rep < reps; rep++) {
            long injected = System.nanoTime();
            injection.inject();
            await("the console to mark the agent unreachable and its GPUs stale (" + fault + ")")
                    .atMost(LIMIT)
                    .untilAsserted(
                            () -> assertThat(console.health() == AgentHealth.UNREACHABLE && console.firstGpuStale())
                                    .as(() -> console.live().board().statuses().toString())
                                    .isTrue());
            detect.add(secondsSince(injected));
            assertThat(console.live().board().statuses().getFirst().lastError())
                    .as("the reason shown")
                    .isNotBlank();
            queueOperation(fault + " " + rep);

            long cleared = System.nanoTime();
            long clearedAtMillis = System.currentTimeMillis();
            proxy.clear();
            await("the console back online with fresh samples")
                    .atMost(LIMIT)
                    .untilAsserted(() -> assertThat(console.health() == AgentHealth.ONLINE
                                    && console.firstNodeSampleTime() > clearedAtMillis
                                    && !console.firstGpuStale())
                            .as(() -> console.live().board().statuses().toString())
                            .isTrue());
            recover.add(secondsSince(cleared));
            awaitAllDelivered();
            deliveredLatest = Math.max(deliveredLatest, secondsSince(cleared));
        }
        fxLongest = Math.max(fxLongest, console.fx.takeLongestMs());
        assertThat(fxLongest).as("the FX thread kept answering").isLessThan(FxResponsiveness.FROZEN_MS);
        var operations = tally.settle(agent.applied());
        new FaultRow(
                        id,
                        fault,
                        reps,
                        String.format(
                                Locale.ROOT,
                                "marked the agent unreachable (with the reason) and its "
                                        + "GPUs stale; reconnected by itself; the operation queued during each outage was delivered at most "
                                        + "%.1f s after the network came back",
                                deliveredLatest),
                        detect,
                        recover,
                        operations,
                        fxLongest)
                .write();
    }

    @Test
    void dropped() throws Exception {
        outage("proxy-drop", "connections dropped (closed) and new ones refused", proxy::drop);
    }

    @Test
    void reset() throws Exception {
        outage("proxy-reset", "connections reset (RST), new ones reset on accept", proxy::reset);
    }

    @Test
    void blackHoled() throws Exception {
        outage("proxy-black-hole", "black hole: connections kept open, nothing forwarded either way", proxy::blackHole);
    }

    @Test
    void delayed() throws Exception {
        int reps = FaultRow.perFault();
        long delayMs = 150;
        console.fx.takeLongestMs();
        long oldest = 0;
        boolean everStale = false;
        boolean everOffline = false;
        for (int rep = 0; rep < reps; rep++) {
            proxy.delay(delayMs);
            long sampledBefore = console.firstNodeSampleTime();
            queueOperation("delay " + rep);
            // Watched until three seconds of samples have come through the delayed link, however long that takes.
            long[] oldestSeen = {oldest};
            boolean[] seen = {everStale, everOffline};
            await("three seconds of samples through the delayed connection")
                    .atMost(LIMIT)
                    .until(() -> {
                        oldestSeen[0] =
                                Math.max(oldestSeen[0], System.currentTimeMillis() - console.firstNodeSampleTime());
                        seen[0] |= console.firstGpuStale();
                        seen[1] |= console.health() != AgentHealth.ONLINE;
                        return console.firstNodeSampleTime() >= sampledBefore + 3_000;
                    });
            oldest = oldestSeen[0];
            everStale = seen[0];
            everOffline = seen[1];
            awaitAllDelivered();
            proxy.clear();
        }
        double fxLongest = console.fx.takeLongestMs();
        assertThat(fxLongest).isLessThan(FxResponsiveness.FROZEN_MS);
        assertThat(everOffline).as("a slow network is not an outage").isFalse();
        var operations = tally.settle(agent.applied());
        new FaultRow(
                        "proxy-delay",
                        delayMs + " ms added each way for 3 s",
                        reps,
                        String.format(
                                Locale.ROOT,
                                "stayed online; newest sample at most %d ms old (stale after %d ms)%s; operations delivered through the delay",
                                oldest,
                                3 * RecordingAgent.INTERVAL_MS,
                                everStale ? ", briefly shown stale" : ", never shown stale"),
                        List.of(),
                        List.of(),
                        operations,
                        fxLongest)
                .write();
    }
}
