package io.headroom.agent;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in tests: polls, never sleeps a fixed time, fails with what it waited for. */
public final class Conditions {
    private Conditions() {}

    public static void waitUntil(BooleanSupplier condition, String what) {
        waitUntil(condition, what, Duration.ofSeconds(30));
    }

    public static void waitUntil(BooleanSupplier condition, String what, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
