package io.headroom.agent.relay;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.client.FleetClient;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A relay owns no hardware: it passes each operation to the agent that reported the node,
 * unchanged (same idempotency key, so that agent's deduplication still holds end to end).
 *
 * <p>When it cannot pass one on (no agent behind it reports the node right now, or that agent
 * did not answer) it says so with the gRPC status, UNAVAILABLE or the agent's own, never with
 * a REJECTED answer: the console then keeps the operation queued and sends it again with the
 * same key once the agent is back, instead of closing it as refused.
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
            throw Status.UNAVAILABLE
                    .withDescription("no agent behind this relay reports node " + request.getHostname() + " now")
                    .asRuntimeException();
        }
        try {
            return AgentGrpc.newBlockingStub(channel.get())
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(request);
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            throw Status.fromCode(status.getCode())
                    .withDescription("the agent for " + request.getHostname() + " behind this relay: "
                            + (status.getDescription() == null
                                    ? status.getCode().name()
                                    : status.getDescription()))
                    .asRuntimeException();
        }
    }
}
