package io.headroom.views.operations;

import java.time.Instant;

/**
 * One operation in the outbox as the operations table shows it.
 *
 * @param state   QUEUED, SENDING, IN_PROGRESS, APPLIED, CONFLICT, REJECTED, DISMISSED or RETRIED
 * @param result  the agent's answer, or why the last attempt reached no agent
 */
public record OperationRow(
        String key,
        Instant createdAt,
        String requester,
        String hostname,
        String action,
        String reason,
        String state,
        int attempts,
        String result,
        boolean needsOperator) {}
