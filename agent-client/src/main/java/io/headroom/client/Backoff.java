package io.headroom.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after a site-wide outage, thousands of consoles and
 * relays must not reconnect to the same agents in lock step.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempts;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The wait before the next attempt: uniform in [ceiling/2, ceiling], the ceiling doubling per failure. */
    public synchronized Duration next() {
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(attempts, 30));
        attempts++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    public synchronized void reset() {
        attempts = 0;
    }

    public synchronized int attempts() {
        return attempts;
    }
}
