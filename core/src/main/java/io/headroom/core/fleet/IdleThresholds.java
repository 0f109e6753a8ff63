package io.headroom.core.fleet;

import java.time.Duration;

/**
 * When an accelerator counts as idle, and when its data counts as stale. Settings; the
 * defaults (docs/architecture.md, "Idle states"): below 5 % for 10 minutes, stale after 3 missed intervals.
 *
 * @param idleBelowPct   activity below this is idle
 * @param idleWindow     an allocated accelerator must stay idle this long to be held-idle
 * @param staleIntervals no sample within this many of the node's intervals means stale
 */
public record IdleThresholds(float idleBelowPct, Duration idleWindow, int staleIntervals) {

    public static final IdleThresholds DEFAULTS = new IdleThresholds(5f, Duration.ofMinutes(10), 3);

    public IdleThresholds {
        if (!(idleBelowPct > 0 && idleBelowPct <= 100)) {
            throw new IllegalArgumentException("idle threshold must be in (0, 100] %, was " + idleBelowPct);
        }
        if (idleWindow.isNegative()) {
            throw new IllegalArgumentException("idle window must not be negative, was " + idleWindow);
        }
        if (staleIntervals < 1) {
            throw new IllegalArgumentException("stale after at least 1 missed interval, was " + staleIntervals);
        }
    }
}
