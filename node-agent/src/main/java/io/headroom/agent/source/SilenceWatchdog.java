package io.headroom.agent.source;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Kills a running device tool that has printed nothing for too long. The reader calls
 * {@link #heard} on every line; {@link #watch} runs on its own (virtual) thread until the
 * reader interrupts it at the end of the output, or the silence is too long.
 */
final class SilenceWatchdog {

    private final Process process;
    private final long limitNanos;
    private volatile long lastHeard = System.nanoTime();
    private volatile boolean killed;

    SilenceWatchdog(Process process, Duration limit) {
        this.process = process;
        this.limitNanos = limit.toNanos();
    }

    void heard() {
        lastHeard = System.nanoTime();
    }

    /** True when the tool was killed for its silence (rather than exiting by itself). */
    boolean killed() {
        return killed;
    }

    void watch() {
        // Checking four times per limit kills a silent tool within 1.25 limits.
        long step = Math.max(1_000_000L, limitNanos / 4);
        // Until the reader is done (it interrupts us): a tool that exited may have left a child holding its output.
        while (!Thread.currentThread().isInterrupted()) {
            if (System.nanoTime() - lastHeard > limitNanos) {
                killed = true;
                ProcessTree.kill(process);
                return;
            }
            LockSupport.parkNanos(step);
        }
    }
}
