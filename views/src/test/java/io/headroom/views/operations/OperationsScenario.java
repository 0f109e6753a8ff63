package io.headroom.views.operations;

import io.headroom.core.operation.OperationAction;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An outbox and an audit log as a technician's shift leaves them: a drain in conflict, a refused
 * re-slice, a reassign waiting for its agent, a resume being sent, a delivered drain and a
 * dismissed requeue; the audit log with the entries they wrote and a silenced incident.
 */
final class OperationsScenario {

    static final Instant NOW = Instant.parse("2026-12-06T05:20:00Z");

    static final String CONFLICT_ANSWER = "gpu-h1-a03-n2 is at generation 41, not 40: it was resumed by"
            + " alice@noc at 05:02 after the PDU swap (OPS-1288); look at the server again and retry if it"
            + " still needs draining. Nothing was done.";

    static final List<OperationRow> ROWS = List.of(
            row(
                    "k-conflict",
                    "gpu-h1-a03-n2",
                    new OperationAction.Drain(),
                    "replace GPU 3 after XID 79, OPS-1234",
                    "CONFLICT",
                    1,
                    "CONFLICT",
                    CONFLICT_ANSWER,
                    true,
                    NOW.minusSeconds(60)),
            row(
                    "k-rejected",
                    "gpu-h1-b07-n1",
                    new OperationAction.Reslice(
                            3, List.of(new OperationAction.SliceRequest(9, 0), new OperationAction.SliceRequest(9, 2))),
                    "two 3g slices for the inference pool",
                    "REJECTED",
                    1,
                    "REJECTED",
                    "profile 9 (3g.40gb) cannot start at memory slice 2; it can start at 0, 4",
                    true,
                    NOW.minusSeconds(120)),
            row(
                    "k-queued",
                    "gpu-h2-b01-n5",
                    new OperationAction.Reassign("infer", "acme", List.of(0, 1)),
                    "move two GPUs to inference for the demo",
                    "QUEUED",
                    3,
                    "",
                    "agent gpu-h2-b01-n5:50051 unreachable: connection refused",
                    false,
                    NOW.plusSeconds(40)),
            row(
                    "k-sending",
                    "gpu-h2-c04-n7",
                    new OperationAction.Resume(),
                    "GPU replaced, burn-in passed",
                    "SENDING",
                    1,
                    "",
                    "",
                    false,
                    NOW),
            row(
                    "k-delivered",
                    "gpu-h1-a01-n4",
                    new OperationAction.Drain(),
                    "rack PDU swap",
                    "DELIVERED",
                    1,
                    "APPLIED",
                    "scontrol update NodeName=gpu-h1-a01-n4 State=DRAIN Reason=\"rack PDU swap\"",
                    false,
                    NOW.minusSeconds(900)),
            row(
                    "k-dismissed",
                    "gpu-h1-a02-n3",
                    new OperationAction.Requeue("slurm:h1:88123"),
                    "job idle for 6 h",
                    "DISMISSED",
                    1,
                    "REJECTED",
                    "job 88123 was submitted with --no-requeue",
                    false,
                    NOW.minusSeconds(1800)));

    static final List<AuditRow> AUDIT = List.of(
            audit(
                    9,
                    "tech@hall-2",
                    "drain",
                    "gpu-h1-a03-n2",
                    "replace GPU 3 after XID 79, OPS-1234",
                    "CONFLICT",
                    CONFLICT_ANSWER + " generation 41",
                    "k-conflict"),
            audit(
                    8,
                    "noc@wall",
                    "silence incident",
                    "xid:gpu-h1-a03-n2",
                    "known bad GPU, RMA open",
                    "SILENCED",
                    "until 2026-12-06T09:00:00Z",
                    ""),
            audit(
                    7,
                    "tech@hall-2",
                    "reassign GPUs 0, 1 to pool infer tenant acme",
                    "gpu-h2-b01-n5",
                    "move two GPUs to inference for the demo",
                    "QUEUED",
                    "expects generation 12",
                    "k-queued"),
            audit(
                    6,
                    "tech@hall-2",
                    "drain",
                    "gpu-h1-a01-n4",
                    "rack PDU swap",
                    "APPLIED",
                    "drained generation 7",
                    "k-delivered"),
            audit(
                    5,
                    "tech@hall-2",
                    "requeue slurm:h1:88123",
                    "gpu-h1-a02-n3",
                    "operator looked",
                    "DISMISSED",
                    "",
                    "k-gone"));

    private OperationsScenario() {}

    static OperationRow row(
            String key,
            String host,
            OperationAction action,
            String reason,
            String state,
            int attempts,
            String answerStatus,
            String answer,
            boolean needsOperator,
            Instant nextAttemptAt) {
        return new OperationRow(
                key,
                NOW.minusSeconds(3600),
                "tech@hall-2",
                host,
                action,
                reason,
                state,
                attempts,
                answerStatus,
                answer,
                needsOperator,
                nextAttemptAt);
    }

    static AuditRow audit(
            long seq,
            String actor,
            String action,
            String target,
            String reason,
            String result,
            String detail,
            String key) {
        return new AuditRow(seq, NOW.minusSeconds(60 * (10 - seq)), actor, action, target, reason, result, detail, key);
    }

    /** A desk that answers with the scenario and remembers what was retried or dismissed. */
    static final class Desk extends QuietDesk {
        final List<String> retried = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> dismissed = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<List<OperationRow>> recentOperations(int limit) {
            return CompletableFuture.completedFuture(ROWS);
        }

        @Override
        public CompletableFuture<List<AuditRow>> recentAudit(int limit) {
            return CompletableFuture.completedFuture(AUDIT);
        }

        @Override
        public CompletableFuture<io.headroom.core.audit.ChainVerdict> verifyAudit() {
            return CompletableFuture.completedFuture(
                    new io.headroom.core.audit.ChainVerdict.Intact(9, "ab".repeat(32)));
        }

        @Override
        public CompletableFuture<Void> retry(String key) {
            retried.add(key);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> dismiss(String key, String why) {
            dismissed.add(key);
            return CompletableFuture.completedFuture(null);
        }
    }
}
