package io.headroom.store.outbox;

import io.headroom.core.operation.AgentUnreachableException;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;

/**
 * Sends one operation to its node's agent and waits for the answer, with a deadline. The
 * app implements it over gRPC (Execute); the store never sees the protocol.
 *
 * <p>Called on the replayer's thread, one operation at a time, possibly again with the same
 * idempotency key after a crash: the agent must then answer the stored result, not act again.
 */
public interface OperationSender {

    /**
     * Sends one queued operation to its agent.
     *
     * @throws AgentUnreachableException no answer (connection refused, deadline passed,
     *                                   agent unknown); the operation stays queued and is
     *                                   tried again later with the same key
     */
    OperationOutcome send(PendingOperation operation) throws AgentUnreachableException;
}
