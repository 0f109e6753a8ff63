package io.headroom.store.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.core.operation.OperationStatus;
import io.headroom.core.testing.ChildJvm;
import io.headroom.store.LocalStore;
import io.headroom.store.outbox.Outbox;
import io.headroom.store.outbox.OutboxReplayer;
import io.headroom.store.outbox.OutboxState;
import io.headroom.store.outbox.QueuedOperation;
import io.headroom.store.testing.FakeAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a real console process while it queues operations and replays its outbox to an
 * agent whose dedup ledger survives it, over and over; then let a last console finish.
 * Every operation the console said it queued must be delivered, each applied by the agent
 * exactly once and in its node's order (an operation applied twice or out of order would
 * meet the wrong generation and come back CONFLICT).
 */
@Timeout(300) // a child that never answers must fail the build, not hang it
class KillDuringReplayTest {

    /** 12 in the build; -Dheadroom.killRounds=100 for a longer hunt (about 8 s more per 10 rounds). */
    private static final int ROUNDS = Integer.getInteger("headroom.killRounds", 12);

    private static final int PER_RUN = 12;

    @TempDir
    Path work;

    @Test
    void noQueuedOperationIsLostAndNoneIsAppliedTwice() throws Exception {
        Path profile = work.resolve("profile");
        Path ledger = work.resolve("agent-ledger.txt");
        Set<String> reportedQueued = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            try (ChildJvm console = ChildJvm.ofClass(ReplayingConsole.class)
                    .jvmOptions(ChildJvm.QUICK_START)
                    .classPathWithout("logback")
                    .stderrTo(work.resolve("console-" + round + ".err"))
                    .args(profile.toString(), ledger.toString(), Integer.toString(PER_RUN))
                    .start()) {
                console.awaitLine("ready", Duration.ofSeconds(60));
                // Not a timing assertion: a random moment to pull the plug.
                assertThat(console.awaitExit(
                                Duration.ofMillis(ThreadLocalRandom.current().nextLong(30, 400))))
                        .as("the console died by itself: " + console.stderrText())
                        .isFalse();
                console.kill();
                for (String line : console.drain()) {
                    String[] f = line.split(" ", -1);
                    // A line cut short by the kill ("queued n1-op1" of "n1-op12") is not counted.
                    if (f.length == 2 && f[0].equals("queued") && line.equals("queued " + f[1])) {
                        reportedQueued.add(f[1]);
                    }
                }
            }
        }
        List<QueuedOperation> all = finishInThisProcess(profile, ledger);

        Set<String> inOutbox = new HashSet<>();
        all.forEach(q -> inOutbox.add(q.key()));
        assertThat(inOutbox).as("every reported enqueue is in the outbox").containsAll(reportedQueued);
        assertThat(reportedQueued).hasSizeGreaterThan(ROUNDS);

        List<FakeAgent.LedgerLine> answers = FakeAgent.readLedger(ledger);
        List<String> applied = answers.stream()
                .filter(l -> l.status() == OperationStatus.APPLIED)
                .map(FakeAgent.LedgerLine::key)
                .toList();
        assertThat(answers)
                .as("the agent never had to answer a conflict")
                .allMatch(l -> l.status() == OperationStatus.APPLIED);
        assertThat(applied).as("each key applied once").doesNotHaveDuplicates();
        assertThat(new HashSet<>(applied)).isEqualTo(inOutbox);

        Map<String, Long> generationOf = new HashMap<>();
        answers.forEach(l -> generationOf.put(l.key(), l.generation()));
        for (QueuedOperation q : all) {
            assertThat(q.state()).as(q.key()).isEqualTo(OutboxState.DELIVERED);
            assertThat(q.outcome().orElseThrow().status()).isEqualTo(OperationStatus.APPLIED);
            assertThat(q.outcome().orElseThrow().generation()).as(q.key()).isEqualTo(generationOf.get(q.key()));
        }
        // For the reader of the test log: how often a kill landed between a send and its record.
        System.out.printf(
                "%d operations, %d sent more than once, %d answered as the agent's stored replay%n",
                all.size(),
                all.stream().filter(q -> q.attempts() > 1).count(),
                all.stream().filter(q -> q.outcome().orElseThrow().replayed()).count());
        for (String host : ReplayingConsole.HOSTS) {
            List<String> order =
                    applied.stream().filter(k -> k.startsWith(host + "-")).toList();
            List<String> expected = new ArrayList<>();
            for (int k = 1; k <= order.size(); k++) {
                expected.add(ReplayingConsole.key(host, k));
            }
            assertThat(order).as("node %s applied in queue order", host).isEqualTo(expected);
        }
    }

    /** A console that is not killed: it sends what is left, then the outbox is read back. */
    private static List<QueuedOperation> finishInThisProcess(Path profile, Path ledger) throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            Outbox outbox = new Outbox(store);
            OutboxReplayer replayer = OutboxReplayer.start(
                    outbox,
                    new FakeAgent(ledger),
                    new OutboxReplayer.Backoff(Duration.ofMillis(1), Duration.ofMillis(10)));
            replayer.wake();
            await("the replayer to finish the outbox")
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(outbox.open()).isEmpty());
            replayer.close();
            return outbox.recent(Integer.MAX_VALUE);
        }
    }
}
