package io.headroom.agent.operations;

import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.util.List;

/** Building Execute answers, the same way in every backend. */
public final class Answers {
    private Answers() {}

    public static ExecuteResponse answer(ExecuteStatus status, String message, List<String> plan, long generation) {
        return ExecuteResponse.newBuilder()
                .setStatus(status)
                .setMessage(message)
                .addAllPlan(plan)
                .setGeneration(generation)
                .build();
    }

    public static ExecuteResponse rejected(String why, long generation) {
        return answer(ExecuteStatus.EXECUTE_STATUS_REJECTED, why, List.of(), generation);
    }

    /** Null when the requester saw the current generation (or asked for "whatever it is now" with 0). */
    public static ExecuteResponse conflictUnless(long expected, long current, String host, String now) {
        if (expected == 0 || expected == current) {
            return null;
        }
        // The field is a uint64: 2^64-1 is 18446744073709551615, not -1.
        return answer(
                ExecuteStatus.EXECUTE_STATUS_CONFLICT,
                host + " changed since you looked: generation " + Long.toUnsignedString(expected) + " expected, "
                        + current + " now (" + now + "); nothing was done",
                List.of(),
                current);
    }
}
