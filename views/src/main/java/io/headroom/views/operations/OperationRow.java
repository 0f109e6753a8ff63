package io.headroom.views.operations;

import io.headroom.core.operation.OperationAction;
import java.time.Instant;

/**
 * One operation in the outbox as the operations table shows it; {@link OperationWords} puts the
 * action and the answer into the operator's words.
 *
 * @param state         QUEUED, SENDING, DELIVERED, CONFLICT, REJECTED, DISMISSED or RETRIED
 * @param answerStatus  the agent's answer (APPLIED, IN_PROGRESS, PLANNED, REJECTED, CONFLICT); empty before one
 * @param answerMessage the agent's message, or why the last attempt reached no agent
 * @param nextAttemptAt not sent again before this (the outbox's backoff); only meaningful while queued
 */
public record OperationRow(
        String key,
        Instant createdAt,
        String requester,
        String hostname,
        OperationAction action,
        String reason,
        String state,
        int attempts,
        String answerStatus,
        String answerMessage,
        boolean needsOperator,
        Instant nextAttemptAt) {}
