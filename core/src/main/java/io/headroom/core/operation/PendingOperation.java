package io.headroom.core.operation;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An operation as the operator confirmed it, before any agent saw it.
 *
 * @param idempotencyKey     chosen once, here, and sent with every attempt: the agent applies a key once
 * @param expectedGeneration the node generation the operator saw; the agent answers CONFLICT if it moved on
 * @param requester          who asked
 * @param reason             why, as typed in the dialog
 */
public record PendingOperation(
        String idempotencyKey,
        String hostname,
        OperationAction action,
        long expectedGeneration,
        String requester,
        String reason,
        Instant createdAt) {

    public PendingOperation {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requester, "requester");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(createdAt, "createdAt");
        if (idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw new IllegalArgumentException("an idempotency key must have 1 to 200 characters");
        }
    }

    /** A new operation with a fresh random key. */
    public static PendingOperation create(
            String hostname,
            OperationAction action,
            long expectedGeneration,
            String requester,
            String reason,
            Clock clock) {
        return new PendingOperation(
                UUID.randomUUID().toString(), hostname, action, expectedGeneration, requester, reason, clock.instant());
    }
}
