package io.headroom.app.reliability;

import static io.headroom.app.reliability.FaultRow.secondsSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.app.ConsoleExtension;
import io.headroom.core.history.BackfillProgress;
import io.headroom.store.history.GroupBy;
import io.headroom.store.history.IdleCell;
import io.headroom.store.history.RollupQueries;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backfill fault: the agent the console is filling its history from is killed part-way (its
 * server shut down at once, every connection cut) and started again on its port. The console
 * says the filling paused, reconnects by itself, asks for the rest, and ends with every hour
 * once.
 */
class BackfillFaultTest {

    private static final long HOUR = 3_600_000L;
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @RegisterExtension
    final ConsoleExtension consoleApp = ConsoleUnderTest.extension();

    private SimulatorAgent agent;
    private ConsoleUnderTest console;

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void agentKilledMidBackfillResumesWithoutDuplicateHours() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 11, 1000, "", 30, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = agent.port();
        console = new ConsoleUnderTest(consoleApp, port);
        BackfillProgress progress = console.live().backfillProgress();
        console.fx.takeLongestMs();
        await("history filling under way").atMost(LIMIT).until(() -> progress.done() >= 48);

        long killed = System.nanoTime();
        agent.stopServing();
        await("the console to say the filling paused")
                .atMost(LIMIT)
                .until(() -> progress.phase() == BackfillProgress.Phase.INTERRUPTED);
        double detect = secondsSince(killed);
        Thread.sleep(1_000);

        long back = System.nanoTime();
        agent.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        await("the console to finish filling once the agent is back")
                .atMost(LIMIT)
                .until(() -> progress.phase() == BackfillProgress.Phase.DONE);
        double recover = secondsSince(back);
        double fxLongest = console.fx.takeLongestMs();
        assertThat(fxLongest).as("the FX thread kept answering").isLessThan(FxResponsiveness.FROZEN_MS);

        int gpus = console.live().fleet().layout().gpuCount();
        long nowHour = System.currentTimeMillis() / HOUR;
        long first = nowHour - 30 * 24;
        List<IdleCell> cells = new RollupQueries(console.live().store(), ZoneOffset.UTC)
                .idleByHour(
                        GroupBy.HALL, Instant.ofEpochMilli(first * HOUR), Instant.ofEpochMilli((nowHour - 1) * HOUR));
        Map<Instant, long[]> hours = new HashMap<>();
        for (IdleCell c : cells) {
            long[] sum = hours.computeIfAbsent(c.start(), h -> new long[2]);
            sum[0] += c.accelerators();
            sum[1] += c.coveredMinutes();
        }
        assertThat(hours).as("every hour of the month").hasSize((int) (nowHour - 1 - first));
        assertThat(hours.values())
                .as("each hour once: no GPU counted twice, no minute twice")
                .allSatisfy(sum -> assertThat(sum).containsExactly(gpus, gpus * 60L));

        new FaultRow(
                        "backfill-agent-killed",
                        "agent killed (server shut down at once) while the console filled its history from it, "
                                + "started again on its port after 1 s",
                        1,
                        "said \"History filling paused\" on the connection bar; reconnected by itself and asked for the "
                                + "hours it still lacked only; every hour of the month in the store once (no GPU or minute "
                                + "counted twice); recovery counted to the last hour filled",
                        List.of(detect),
                        List.of(recover),
                        new FaultRow.Operations(0, 0, 0, 0),
                        fxLongest)
                .write();
    }
}
