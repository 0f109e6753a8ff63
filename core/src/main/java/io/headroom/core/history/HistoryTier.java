package io.headroom.core.history;

/**
 * The periods a console fills from its agents' history: minutes for the sparklines of the last
 * hours, hours per GPU for a recent window, and hours per hall, rack, pool and tenant
 * ({@link #GROUP_HOUR}) for everything older. Days are not asked for: the store rolls its own
 * days up from these hours in its day zone (the protocol's days are UTC days).
 */
public enum HistoryTier {
    MINUTE(60_000L),
    HOUR(3_600_000L),
    /** Hours as group rows (hall, rack, pool, tenant), not per GPU: what Idle by hour and card-hours read. */
    GROUP_HOUR(3_600_000L);

    private final long periodMs;

    HistoryTier(long periodMs) {
        this.periodMs = periodMs;
    }

    public long periodMs() {
        return periodMs;
    }

    /** The period containing {@code timeMs}, counted from the epoch. */
    public long periodOf(long timeMs) {
        return Math.floorDiv(timeMs, periodMs);
    }
}
