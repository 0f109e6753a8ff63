package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;

/** Where the policy sends its operations: the agent's own Execute, as a person's would go. */
@FunctionalInterface
public interface ExecutePath {

    ExecuteResponse execute(ExecuteRequest request);
}
