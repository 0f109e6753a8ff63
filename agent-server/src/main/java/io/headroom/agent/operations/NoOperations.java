package io.headroom.agent.operations;

import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;

/**
 * A node agent that only reports: every operation is refused with the reason, so a console
 * shows why instead of waiting for a drain that nothing will carry out.
 */
public final class NoOperations implements OperationHandler {

    private final String reason;

    public NoOperations(String reason) {
        this.reason = reason;
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        return ExecuteResponse.newBuilder()
                .setStatus(ExecuteStatus.EXECUTE_STATUS_REJECTED)
                .setMessage(reason)
                .setGeneration(1)
                .build();
    }
}
