package io.headroom.store.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.LocalStore;
import io.headroom.store.audit.AuditFilter;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import io.headroom.store.testing.FakeAgent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120) // a replayer that never answers must fail the build, not hang it
class OutboxReplayerTest {

    /** Short, so unreachable agents are retried within the test; the order, not the timing, is asserted. */
    private static final OutboxReplayer.Backoff QUICK =
            new OutboxReplayer.Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

    @TempDir
    Path profile;

    private LocalStore store;
    private Outbox outbox;
    private final FakeAgent agent = new FakeAgent();
    private final Map<String, QueuedOperation> finished = new ConcurrentHashMap<>();
    private OutboxReplayer replayer;

    @BeforeEach
    void open() throws Exception {
        store = LocalStore.open(profile).store();
        outbox = new Outbox(store);
    }

    @AfterEach
    void close() throws Exception {
        if (replayer != null) {
            replayer.close();
        }
        store.close();
    }

    private void startReplaying() {
        replayer = OutboxReplayer.start(outbox, agent, QUICK);
        replayer.onProgress(q -> {
            if (!q.state().isOpen()) {
                finished.put(q.key(), q);
            }
        });
    }

    private PendingOperation drain(String host, long generation) {
        return PendingOperation.create(
                host, new OperationAction.Drain(), generation, "ana", "pull card", Clock.systemUTC());
    }

    /**
     * The answer recorded for {@code key}, whenever it came (also before the listener was
     * registered: then the outbox has it); fails, saying what is open, after 30 s without one.
     */
    private QueuedOperation awaitFinished(String key) throws Exception {
        await("an answer for " + key)
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(answer(key)).as(this::stillOpen).isPresent());
        return answer(key).orElseThrow();
    }

    private String stillOpen() {
        try {
            return "open: " + outbox.open() + "; the agent received " + agent.received();
        } catch (java.sql.SQLException e) {
            return "the outbox could not be read: " + e;
        }
    }

    private Optional<QueuedOperation> answer(String key) throws Exception {
        QueuedOperation seen = finished.get(key);
        if (seen != null) {
            return Optional.of(seen);
        }
        QueuedOperation stored = outbox.find(key).orElseThrow();
        return stored.state().isOpen() ? Optional.empty() : Optional.of(stored);
    }

    @Test
    void anUnreachableAgentIsRetriedWithTheSameKeyUntilItAnswers() throws Exception {
        agent.failNext("n1", 2);
        startReplaying();
        QueuedOperation queued = outbox.enqueue(drain("n1", 1));

        QueuedOperation done = awaitFinished(queued.key());
        assertThat(done.state()).isEqualTo(OutboxState.DELIVERED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.outcome()).hasValueSatisfying(o -> {
            assertThat(o.status()).isEqualTo(OperationStatus.APPLIED);
            assertThat(o.generation()).isEqualTo(2);
        });
        assertThat(agent.received()).containsExactly(queued.key(), queued.key(), queued.key());
        assertThat(agent.applied()).containsExactly(queued.key());
        assertThat(new AuditLog(store).list(AuditFilter.everything()))
                .extracting(AuditEntry::result)
                .containsExactly("QUEUED", "APPLIED");
    }

    @Test
    void anAgentBackAfterAnOutageGetsWhatWaitedForItWithoutWaitingOutTheBackoff() throws Exception {
        agent.failNext("n1", 1);
        // A backoff far beyond the test's limit: only the agent's return can bring the operation forward.
        replayer = OutboxReplayer.start(
                outbox, agent, new OutboxReplayer.Backoff(Duration.ofHours(1), Duration.ofHours(1)));
        QueuedOperation queued = outbox.enqueue(drain("n1", 1));
        await("the first attempt failed and postponed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> outbox.find(queued.key()).orElseThrow().attempts() == 1
                        && outbox.find(queued.key()).orElseThrow().state() == OutboxState.QUEUED);
        assertThat(outbox.find(queued.key()).orElseThrow().nextAttemptAt())
                .isAfter(java.time.Instant.now().plus(Duration.ofMinutes(30)));

        replayer.agentCameBack();

        QueuedOperation done = awaitFinished(queued.key());
        assertThat(done.state()).isEqualTo(OutboxState.DELIVERED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(agent.applied()).containsExactly(queued.key());
    }

    @Test
    void aConflictIsMarkedForTheOperatorAndTheNodesLaterOperationsStillGo() throws Exception {
        agent.bumpGeneration("n1"); // someone else drained and resumed it meanwhile
        QueuedOperation stale = outbox.enqueue(drain("n1", 1));
        QueuedOperation next = outbox.enqueue(
                PendingOperation.create("n1", new OperationAction.Resume(), 2, "ana", "back", Clock.systemUTC()));
        startReplaying();

        QueuedOperation conflict = awaitFinished(stale.key());
        assertThat(conflict.state()).isEqualTo(OutboxState.CONFLICT);
        assertThat(conflict.outcome().orElseThrow().message()).contains("generation 2");
        assertThat(awaitFinished(next.key()).state()).isEqualTo(OutboxState.DELIVERED);
        assertThat(outbox.needingAttention()).extracting(QueuedOperation::key).containsExactly(stale.key());
    }

    @Test
    void eachNodeGetsItsOperationsInQueueOrderWhileAnotherNodeIsDown() throws Exception {
        agent.makeUnreachable("down");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String host = "n" + (i % 3);
            keys.add(outbox.enqueue(drain(host, 1 + i / 3)).key());
        }
        String waiting = outbox.enqueue(drain("down", 1)).key();
        startReplaying();
        for (String key : keys) {
            assertThat(awaitFinished(key).state()).isEqualTo(OutboxState.DELIVERED);
        }
        assertThat(agent.applied()).containsExactlyInAnyOrderElementsOf(keys);
        for (int n = 0; n < 3; n++) {
            int node = n;
            List<String> ofNode =
                    keys.stream().filter(k -> keys.indexOf(k) % 3 == node).toList();
            assertThat(agent.applied().stream().filter(ofNode::contains).toList())
                    .containsExactlyElementsOf(ofNode);
        }
        assertThat(outbox.open()).extracting(QueuedOperation::key).containsExactly(waiting);

        agent.makeReachable("down");
        replayer.wake();
        assertThat(awaitFinished(waiting).state()).isEqualTo(OutboxState.DELIVERED);
    }

    @Test
    void anOperationLeftSendingByACrashIsSentAgainWithItsKeyAndTheAgentsStoredAnswerIsKept() throws Exception {
        QueuedOperation queued = outbox.enqueue(drain("n1", 1));
        new OutboxDelivery(outbox).markSending(queued);
        agent.send(queued.operation()); // it reached the agent; then the console died before recording the answer
        store.close();

        store = LocalStore.open(profile).store();
        outbox = new Outbox(store);
        assertThat(outbox.open())
                .singleElement()
                .extracting(QueuedOperation::state)
                .isEqualTo(OutboxState.SENDING);
        startReplaying();

        QueuedOperation done = awaitFinished(queued.key());
        assertThat(done.state()).isEqualTo(OutboxState.DELIVERED);
        assertThat(done.outcome().orElseThrow().replayed()).isTrue();
        assertThat(done.outcome().orElseThrow().generation()).isEqualTo(2);
        assertThat(agent.received()).containsExactly(queued.key(), queued.key());
        assertThat(agent.applied()).containsExactly(queued.key());
    }
}
