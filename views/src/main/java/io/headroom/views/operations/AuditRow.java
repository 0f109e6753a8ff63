package io.headroom.views.operations;

import java.time.Instant;

/**
 * One audit entry: who did what to which node, why, when, and what came of it.
 *
 * @param result       what came of it as the log records it: QUEUED, APPLIED, DISMISSED, SILENCED, ...
 * @param detail       the agent's message, the plan, or other particulars; empty when none
 * @param operationKey the idempotency key of the operation it is about; empty when none
 */
public record AuditRow(
        long seq,
        Instant at,
        String actor,
        String action,
        String target,
        String reason,
        String result,
        String detail,
        String operationKey) {}
