package io.headroom.agent.operations;

import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;

/** Carries out drain, resume, reassign and re-slice through whatever owns the nodes. */
public interface OperationHandler {

    /** Called once per idempotency key; {@link IdempotencyLedger} answers repeats. */
    ExecuteResponse execute(ExecuteRequest request);
}
