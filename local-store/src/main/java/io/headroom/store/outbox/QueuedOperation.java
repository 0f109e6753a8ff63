package io.headroom.store.outbox;

import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import java.time.Instant;
import java.util.Optional;

/**
 * An operation in the outbox and where it stands.
 *
 * @param seq           the outbox's order; operations on one node are sent in this order
 * @param attempts      sends started so far
 * @param nextAttemptAt not sent again before this
 * @param lastError     why the last attempt reached no agent
 * @param retriedAs     for {@link OutboxState#RETRIED}, the key of the operation that replaced it
 */
public record QueuedOperation(
        long seq,
        PendingOperation operation,
        OutboxState state,
        int attempts,
        Instant nextAttemptAt,
        Optional<String> lastError,
        Optional<OperationOutcome> outcome,
        Optional<Instant> finishedAt,
        Optional<String> retriedAs) {

    public String key() {
        return operation.idempotencyKey();
    }
}
