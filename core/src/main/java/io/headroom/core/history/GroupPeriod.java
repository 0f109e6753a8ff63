package io.headroom.core.history;

/**
 * What an agent or relay kept of one group (a hall, rack, pool or tenant) over one hour: its
 * GPUs' seconds in each state added up, and the means it measured (NaN when nothing was
 * measured). As for one GPU, seconds nobody kept ({@code uncoveredS}) or could classify
 * ({@code unknownS}) count as neither idle nor busy.
 *
 * @param accelerators the whole GPUs in the group (MIG slices are not counted apart)
 * @param powerW mean power of one of the group's GPUs
 */
public record GroupPeriod(
        GroupKind kind,
        String key,
        int accelerators,
        long busyS,
        long heldIdleS,
        long freeIdleS,
        long drainedS,
        long faultedS,
        long unknownS,
        long uncoveredS,
        float utilizationPct,
        float powerW,
        float maxTempC) {

    /** Seconds whose state is known: what idle shares are shares of. */
    public long knownS() {
        return busyS + heldIdleS + freeIdleS + drainedS + faultedS;
    }
}
