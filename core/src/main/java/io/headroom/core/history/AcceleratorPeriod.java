package io.headroom.core.history;

/**
 * What an agent kept of one GPU or MIG slice over one period: seconds in each state, and the
 * means it measured (NaN when nothing was measured). Seconds an agent did not keep
 * ({@code uncoveredS}) or could not classify ({@code unknownS}) count as neither idle nor busy.
 */
public record AcceleratorPeriod(
        String uuid,
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
