package io.headroom.store.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.LocalStore;
import io.headroom.store.audit.AuditFilter;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import io.headroom.store.testing.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path profile;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T08:00:00Z"));

    private PendingOperation op(String key, String host, OperationAction action) {
        return new PendingOperation(key, host, action, 4, "ana", "swap the fan, 风扇", clock.instant());
    }

    @Test
    void anEnqueuedOperationSurvivesARestartWithEveryDetail() throws Exception {
        var reslice = new OperationAction.Reslice(
                3, List.of(new OperationAction.SliceRequest(9, 0), new OperationAction.SliceRequest(5, 4)));
        var reassign = new OperationAction.Reassign("infer", "globex", List.of(0, 1, 7));
        try (LocalStore store = LocalStore.open(profile).store()) {
            Outbox outbox = new Outbox(store);
            QueuedOperation queued = outbox.enqueue(op("k1", "n1", reslice));
            assertThat(queued.state()).isEqualTo(OutboxState.QUEUED);
            assertThat(queued.attempts()).isZero();
            outbox.enqueue(op("k2", "n1", reassign));
            outbox.enqueue(op("k3", "n2", new OperationAction.Drain()));
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            List<QueuedOperation> open = new Outbox(store).open();
            assertThat(open).extracting(QueuedOperation::key).containsExactly("k1", "k2", "k3");
            assertThat(open.get(0).operation()).isEqualTo(op("k1", "n1", reslice));
            assertThat(open.get(1).operation()).isEqualTo(op("k2", "n1", reassign));
            assertThat(open.get(2).operation().action()).isEqualTo(new OperationAction.Drain());
        }
    }

    @Test
    void reclaimActionsSurviveARestartWithTheirWorkload() throws Exception {
        List<OperationAction> reclaims = List.of(
                new OperationAction.NotifyOwner("slurm:hall-a:4242_7", "please release by 18:00, 请在18点前释放"),
                new OperationAction.Requeue("slurm:hall-a:4243"),
                new OperationAction.Cancel("slurm:hall-a:4244+1"),
                new OperationAction.Evict("k8s:vision/notebook-li-na-0"));
        try (LocalStore store = LocalStore.open(profile).store()) {
            Outbox outbox = new Outbox(store);
            for (int i = 0; i < reclaims.size(); i++) {
                outbox.enqueue(op("r" + i, "n1", reclaims.get(i)));
            }
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThat(new Outbox(store).open())
                    .extracting(q -> q.operation().action())
                    .containsExactlyElementsOf(reclaims);
        }
    }

    @Test
    void theSameKeyIsQueuedOnceAndEveryQueuingIsAudited() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            Outbox outbox = new Outbox(store);
            QueuedOperation first = outbox.enqueue(op("k1", "n1", new OperationAction.Drain()));
            QueuedOperation again = outbox.enqueue(op("k1", "n1", new OperationAction.Drain()));
            assertThat(again.seq()).isEqualTo(first.seq());
            assertThat(outbox.open()).hasSize(1);
            List<AuditEntry> audit = new AuditLog(store).list(AuditFilter.everything());
            assertThat(audit).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("ana");
                assertThat(e.action()).isEqualTo("drain");
                assertThat(e.target()).isEqualTo("n1");
                assertThat(e.reason()).isEqualTo("swap the fan, 风扇");
                assertThat(e.result()).isEqualTo("QUEUED");
                assertThat(e.operationKey()).contains("k1");
            });
        }
    }

    @Test
    void aConflictWaitsForTheOperatorWhoDismissesOrRetriesItWithANewKey() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            Outbox outbox = new Outbox(store);
            QueuedOperation a = outbox.enqueue(op("a", "n1", new OperationAction.Drain()));
            QueuedOperation b = outbox.enqueue(op("b", "n2", new OperationAction.Resume()));
            new OutboxDelivery(outbox).markSending(a);
            new OutboxDelivery(outbox)
                    .recordOutcome(
                            a,
                            new OperationOutcome(OperationStatus.CONFLICT, "generation is 6", 6, false, List.of()),
                            clock.instant());
            new OutboxDelivery(outbox).markSending(b);
            new OutboxDelivery(outbox)
                    .recordOutcome(
                            b,
                            new OperationOutcome(OperationStatus.REJECTED, "node unknown", 0, false, List.of()),
                            clock.instant());
            assertThat(outbox.needingAttention())
                    .extracting(QueuedOperation::key)
                    .containsExactly("a", "b");
            assertThat(outbox.open()).isEmpty();

            outbox.dismiss("b", "bo", "node was retired");
            QueuedOperation retried = outbox.retry("a", 6, "bo");

            assertThat(outbox.needingAttention()).isEmpty();
            assertThat(outbox.find("a")).hasValueSatisfying(q -> {
                assertThat(q.state()).isEqualTo(OutboxState.RETRIED);
                assertThat(q.retriedAs()).contains(retried.key());
            });
            assertThat(outbox.find("b").orElseThrow().state()).isEqualTo(OutboxState.DISMISSED);
            assertThat(retried.key()).isNotEqualTo("a");
            assertThat(retried.operation().expectedGeneration()).isEqualTo(6);
            assertThat(retried.operation().requester()).isEqualTo("bo");
            assertThat(outbox.open()).containsExactly(retried);
            assertThatThrownBy(() -> outbox.dismiss(retried.key(), "bo", "no"))
                    .isInstanceOf(IllegalStateException.class);

            assertThat(new AuditLog(store).list(AuditFilter.everything()))
                    .extracting(AuditEntry::result)
                    .containsExactly("QUEUED", "QUEUED", "CONFLICT", "REJECTED", "DISMISSED", "RETRIED", "QUEUED");
        }
    }

    @Test
    void operationsOfOneNodeWaitForItsFirstWhileOtherNodesGoAhead() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            Outbox outbox = new Outbox(store);
            QueuedOperation a1 = outbox.enqueue(op("a1", "n1", new OperationAction.Drain()));
            outbox.enqueue(op("a2", "n1", new OperationAction.Resume()));
            outbox.enqueue(op("b1", "n2", new OperationAction.Drain()));
            assertThat(new OutboxDelivery(outbox).dueHeads(clock.instant()))
                    .extracting(QueuedOperation::key)
                    .containsExactly("a1", "b1");

            new OutboxDelivery(outbox).markSending(a1);
            new OutboxDelivery(outbox).postpone(a1, clock.instant().plusSeconds(10), "connection refused");
            assertThat(new OutboxDelivery(outbox).dueHeads(clock.instant()))
                    .extracting(QueuedOperation::key)
                    .containsExactly("b1");
            assertThat(new OutboxDelivery(outbox).nextAttempt()).isPresent();
            assertThat(outbox.find("a1").orElseThrow().lastError()).contains("connection refused");
            assertThat(new OutboxDelivery(outbox).dueHeads(clock.instant().plusSeconds(10)))
                    .extracting(QueuedOperation::key)
                    .containsExactly("a1", "b1");
        }
    }
}
