package io.headroom.app.reliability;

import static io.headroom.app.reliability.FaultRow.secondsSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.app.ConsoleSettings;
import io.headroom.app.LiveFleet;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.testing.ChildJvm;
import io.headroom.store.LocalStore;
import io.headroom.store.outbox.Outbox;
import io.headroom.store.outbox.OutboxState;
import io.headroom.store.outbox.QueuedOperation;
import io.headroom.themes.Theme;
import io.headroom.wire.AgentEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console killed with SIGKILL while it queues operations and replays its outbox to a
 * real agent, at a random moment, again and again; then started once more and left to
 * finish. Every operation it said was queued is carried out by the agent exactly once
 * (counted behind the agent's idempotency ledger), and none is left in the outbox.
 */
@Timeout(900)
class ConsoleKilledDuringReplayTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final int PER_RUN = 6;

    @TempDir
    Path work;

    private static long queuedLines(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("queued ")).count();
    }

    @Test
    void noQueuedOperationIsLostAndNoneIsAppliedTwice() throws Exception {
        Path profile = work.resolve("profile");
        int rounds = FaultRow.perFault();
        Set<String> reportedQueued = new HashSet<>();
        Set<String> reportedActions = new java.util.TreeSet<>();
        List<Double> recover = new ArrayList<>();
        // 1,024 GPUs: 128 nodes, a fresh one for each operation of up to 21 rounds.
        try (var agent = new RecordingAgent(1024, 0, key -> {})) {
            for (int round = 0; round < rounds; round++) {
                try (ChildJvm console = KilledProcessesTest.child(ReplayingConsole.class)
                        .args(String.valueOf(agent.port()), profile.toString(), String.valueOf(PER_RUN))
                        .start()) {
                    console.awaitLine("ready", LIMIT);
                    // A random point to pull the plug, counted in operations queued, not in time:
                    // from before the first is saved to after the last, while the replayer sends.
                    int queuedBeforeKill = ThreadLocalRandom.current().nextInt(PER_RUN + 1);
                    await(queuedBeforeKill + " operations queued by the console")
                            .atMost(LIMIT)
                            .until(() -> queuedLines(console.lines()) >= queuedBeforeKill || !console.isAlive());
                    assertThat(console.isAlive())
                            .as("the console died by itself: " + console.lines())
                            .isTrue();
                    console.kill();
                    for (String line : console.lines()) {
                        if (line.startsWith("queued ") && line.length() > "queued ".length() + 36) {
                            reportedQueued.add(line.substring("queued ".length(), "queued ".length() + 36));
                            reportedActions.add(
                                    line.substring("queued ".length() + 37).split(" ")[0]);
                        }
                    }
                }
            }

            // Started once more, with its window's wiring, and left alone: it must finish what the others left.
            long restarted = System.nanoTime();
            List<QueuedOperation> all;
            var settings = new ConsoleSettings(
                    List.of(new AgentEndpoint("127.0.0.1", agent.port())),
                    64,
                    42,
                    Theme.WALL_DARK,
                    false,
                    Locale.US,
                    null,
                    null,
                    profile);
            try (LiveFleet live = LiveFleet.start(
                    settings, IdleThresholds.DEFAULTS, LocalStore.open(profile).store())) {
                Outbox outbox = new Outbox(live.store());
                await("the restarted console to finish its outbox")
                        .atMost(LIMIT)
                        .until(() -> {
                            try {
                                return outbox.open().isEmpty();
                            } catch (Exception e) {
                                return false;
                            }
                        });
                recover.add(secondsSince(restarted));
                all = outbox.recent(Integer.MAX_VALUE);
            }

            Set<String> inOutbox = new HashSet<>();
            all.forEach(q -> inOutbox.add(q.key()));
            assertThat(inOutbox)
                    .as("every operation a killed console said it queued is in the outbox")
                    .containsAll(reportedQueued);
            assertThat(all).as("all delivered").allMatch(q -> q.state() == OutboxState.DELIVERED);
            var tally = new OperationTally();
            inOutbox.forEach(tally::queued);
            var operations = tally.settle(agent.applied());
            long sentAgain = all.stream().filter(q -> q.attempts() > 1).count();
            long storedAnswers = all.stream()
                    .filter(q -> q.outcome().orElseThrow().replayed())
                    .count();
            new FaultRow(
                            "console-killed-replay",
                            "console killed (SIGKILL) while queuing and replaying its outbox ("
                                    + String.join(", ", reportedActions)
                                    + "), " + rounds + " times, then started again",
                            rounds,
                            String.format(
                                    Locale.ROOT,
                                    "every operation it had reported queued (%d) was in the outbox after the kills; %d took more than "
                                            + "one attempt, %d answered from the agent's ledger as already done; the last start "
                                            + "finished the outbox (recovery: from that start to an empty outbox)",
                                    reportedQueued.size(),
                                    sentAgain,
                                    storedAnswers),
                            List.of(),
                            recover,
                            operations,
                            Double.NaN)
                    .write();
        }
    }
}
