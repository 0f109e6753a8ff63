package io.headroom.agent.relay;

import io.grpc.StatusRuntimeException;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.client.FleetClient;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A relay owns no hardware: it passes each operation to the agent that reported the node,
 * unchanged (same idempotency key, so that agent's deduplication still holds end to end).
 */
public final class RelayOperations implements OperationHandler {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final FleetClient upstream;

    public RelayOperations(FleetClient upstream) {
        this.upstream = upstream;
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        var channel = upstream.channelFor(request.getHostname());
        if (channel.isEmpty()) {
            return rejected("no agent behind this relay reports node " + request.getHostname());
        }
        try {
            return AgentGrpc.newBlockingStub(channel.get())
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(request);
        } catch (StatusRuntimeException e) {
            return rejected("the agent for " + request.getHostname() + " did not answer: " + e.getStatus());
        }
    }

    private static ExecuteResponse rejected(String message) {
        return ExecuteResponse.newBuilder()
                .setStatus(ExecuteStatus.EXECUTE_STATUS_REJECTED)
                .setMessage(message)
                .build();
    }
}
