package io.headroom.core.showback;

import java.util.Objects;

/**
 * One period of one group as the fleet's history tells it: accelerator-seconds in each state.
 * Busy + held idle + free idle + drained + faulted + unknown + uncovered = accelerators x the
 * period's length. Unknown is time an agent ran but could not tell the state; uncovered is time
 * no agent kept. {@code peakTflops} is the dense BF16/FP16 peak of all the row's accelerators
 * together, 0 when their model's is not known.
 */
public record UsageRow(
        long periodStartMs,
        String key,
        int accelerators,
        long busyS,
        long heldIdleS,
        long freeIdleS,
        long drainedS,
        long faultedS,
        long unknownS,
        long uncoveredS,
        double peakTflops) {

    public UsageRow {
        Objects.requireNonNull(key, "key");
        if (accelerators < 0
                || busyS < 0
                || heldIdleS < 0
                || freeIdleS < 0
                || drainedS < 0
                || faultedS < 0
                || unknownS < 0
                || uncoveredS < 0
                || !(peakTflops >= 0)) {
            throw new IllegalArgumentException("a usage row cannot count negative time or peak: " + key);
        }
    }

    public long totalS() {
        return busyS + heldIdleS + freeIdleS + drainedS + faultedS + unknownS + uncoveredS;
    }
}
