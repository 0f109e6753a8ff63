package io.headroom.store.audit.rows;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the audit log: who did what to which hardware, why, when, and what came of it.
 *
 * @param seq          the log's own order, 0 before it is appended
 * @param actor        who asked (login name, or "headroom" for the console itself)
 * @param action       what, in words: "drain", "reassign to pool infer", "queued", ...
 * @param target       the node (hostname) or other thing acted on
 * @param reason       why, as the operator typed it
 * @param result       what came of it: QUEUED, APPLIED, REJECTED, CONFLICT, DISMISSED, ...
 * @param detail       the agent's message, the plan, or other particulars
 * @param operationKey the idempotency key of the operation this is about, if any
 */
public record AuditEntry(
        long seq,
        Instant at,
        String actor,
        String action,
        String target,
        String reason,
        String result,
        String detail,
        Optional<String> operationKey) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(result, "result");
        detail = detail == null ? "" : detail;
        operationKey = operationKey == null ? Optional.empty() : operationKey;
    }

    /** An entry to append; the log numbers it. */
    public static AuditEntry of(
            Instant at,
            String actor,
            String action,
            String target,
            String reason,
            String result,
            String detail,
            String operationKey) {
        return new AuditEntry(0, at, actor, action, target, reason, result, detail, Optional.ofNullable(operationKey));
    }
}
