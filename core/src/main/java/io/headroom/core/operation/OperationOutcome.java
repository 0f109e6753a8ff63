package io.headroom.core.operation;

import java.util.List;
import java.util.Objects;

/**
 * What the agent answered.
 *
 * @param generation the node's generation after the operation (or now, for REJECTED and CONFLICT)
 * @param replayed   the agent had seen this key before and answered with the stored result
 * @param plan       the commands or API calls it ran, in order
 */
public record OperationOutcome(
        OperationStatus status, String message, long generation, boolean replayed, List<String> plan) {

    public OperationOutcome {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        plan = List.copyOf(plan);
    }
}
