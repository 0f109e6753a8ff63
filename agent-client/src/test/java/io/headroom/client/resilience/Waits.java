package io.headroom.client.resilience;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition: polls, never sleeps a fixed time, fails with what it waited for and what it saw. */
final class Waits {
    private Waits() {}

    static void waitUntil(BooleanSupplier condition, String what, Duration limit, Supplier<String> seen) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what
                        + "; last seen: " + seen.get());
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
