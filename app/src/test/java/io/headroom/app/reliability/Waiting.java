package io.headroom.app.reliability;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition: polls with a generous deadline, never a fixed sleep; fails saying what it waited for. */
final class Waiting {

    private Waiting() {}

    static void waitUntil(BooleanSupplier condition, String what, Duration limit) {
        waitUntil(condition, what, limit, () -> "");
    }

    static void waitUntil(BooleanSupplier condition, String what, Duration limit, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what + "; " + state.get());
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    /** Seconds since {@code startNanos}, for the report. */
    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
