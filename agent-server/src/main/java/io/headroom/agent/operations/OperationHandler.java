package io.headroom.agent.operations;

import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;

/** Carries out drain, resume, reassign and re-slice through whatever owns the nodes. */
public interface OperationHandler {

    /**
     * Called once per idempotency key; {@link IdempotencyLedger} answers repeats.
     *
     * @throws io.grpc.StatusRuntimeException the operation was not carried out here and the
     *     caller may send it again with the same key (a relay whose agent is away: UNAVAILABLE),
     *     or whoever carries it out refused it with that status
     */
    ExecuteResponse execute(ExecuteRequest request);

    /**
     * The stored answer when this request repeats one already carried out (same key, same
     * operation), marked replayed; null when it would run, or be refused, as a new one. Runs nothing.
     */
    default ExecuteResponse replayOf(ExecuteRequest request) {
        return null;
    }

    /** The node's generation as the agent last handed it out; 0 when it knows none. */
    default long generation(String host) {
        return 0;
    }
}
