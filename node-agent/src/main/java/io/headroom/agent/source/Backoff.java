package io.headroom.agent.source;

import java.time.Duration;

/**
 * How long to wait before starting a dead device tool again: doubling from {@code initial} up
 * to {@code max}, so a driver that is being reloaded is not hammered, yet a one-off crash
 * costs a second.
 */
public record Backoff(Duration initial, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    /** The wait after {@code failures} failures in a row (1 for the first). */
    public Duration after(int failures) {
        long millis = initial.toMillis();
        for (int i = 1; i < failures && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
