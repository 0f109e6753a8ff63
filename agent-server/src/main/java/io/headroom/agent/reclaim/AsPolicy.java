package io.headroom.agent.reclaim;

import io.grpc.stub.StreamObserver;
import io.headroom.agent.access.Caller;
import io.headroom.agent.operations.Answers;
import io.headroom.agent.server.AgentService;
import io.headroom.core.access.Role;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's own {@link AgentService#execute} called by the caller "policy" (an operator):
 * roles, idempotency and the audit trail apply as they do to a person; the rate limit, which
 * sits in front of the service for callers over the network, does not.
 */
public final class AsPolicy implements ExecutePath {

    public static final Caller POLICY = new Caller("policy", Role.OPERATOR, "policy");

    private final AgentService service;

    public AsPolicy(AgentService service) {
        this.service = service;
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        AtomicReference<ExecuteResponse> answer = new AtomicReference<>();
        StreamObserver<ExecuteResponse> observer = new StreamObserver<>() {
            @Override
            public void onNext(ExecuteResponse value) {
                answer.set(value);
            }

            @Override
            public void onError(Throwable t) {
                // INVALID_ARGUMENT, PERMISSION_DENIED, an audit file that cannot be written: refused.
                answer.set(Answers.rejected(
                        String.valueOf(io.grpc.Status.fromThrowable(t).getDescription()), 0));
            }

            @Override
            public void onCompleted() {}
        };
        // The service answers before it returns (Execute is unary and runs on the calling thread).
        POLICY.context().run(() -> service.execute(request, observer));
        ExecuteResponse result = answer.get();
        return result != null ? result : Answers.rejected("the agent gave no answer", 0);
    }
}
