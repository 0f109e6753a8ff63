package io.headroom.app.reliability;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Pings the FX thread with {@code Platform.runLater}, 50 ms after each answer, and keeps the
 * longest wait for an answer: a console that freezes during a fault shows here. Recorded, not
 * asserted tightly (the machine running the tests is shared).
 */
final class FxResponsiveness implements AutoCloseable {

    /** A frozen FX thread: nothing any fault here should come near. */
    static final long FROZEN_MS = 10_000;

    private final AtomicLong longestNanos = new AtomicLong();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("fx-pinger").factory());

    FxResponsiveness() {
        // The pinger is stopped with shutdownNow() in close(); ping() catches its own interruption, so the future has
        // nothing to report.
        var unusedPings = pinger.scheduleWithFixedDelay(this::ping, 0, 50, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        var answered = new CountDownLatch(1);
        long sent = System.nanoTime();
        Platform.runLater(answered::countDown);
        try {
            boolean inTime = answered.await(FROZEN_MS * 3, TimeUnit.MILLISECONDS);
            longestNanos.accumulateAndGet(inTime ? System.nanoTime() - sent : FROZEN_MS * 3_000_000, Math::max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The longest the FX thread took to run a ping since the last call, in ms; starts a new period. */
    double takeLongestMs() {
        return longestNanos.getAndSet(0) / 1e6;
    }

    @Override
    public void close() {
        pinger.shutdownNow();
    }
}
