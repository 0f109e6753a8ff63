package io.headroom.bench.prometheus;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to look at the consumer's data during a window: every {@code period} plus a random
 * part of another period, so that probes fall at every phase of the simulator's whole-second
 * ticks and of the scrape rounds rather than always at the same one. Both pipelines are
 * probed on this same schedule.
 */
final class FreshnessProbe {

    private final long periodMillis;

    FreshnessProbe(Duration period) {
        this.periodMillis = period.toMillis();
    }

    /** Sleeps until the next probe, or until {@code endNanos}; false once the window is over. */
    boolean awaitNext(long endNanos) throws InterruptedException {
        long pause = periodMillis + ThreadLocalRandom.current().nextLong(periodMillis);
        long left = (endNanos - System.nanoTime()) / 1_000_000;
        if (left <= pause) {
            Thread.sleep(Math.max(0, left));
            return false;
        }
        Thread.sleep(pause);
        return true;
    }
}
