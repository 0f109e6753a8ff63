package io.headroom.app.reliability;

import javafx.application.Platform;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pings the FX thread every 50 ms with {@code Platform.runLater} and keeps the longest wait
 * for an answer: a console that freezes during a fault shows here. Recorded, not asserted
 * tightly (the machine running the tests is shared).
 */
final class FxResponsiveness implements AutoCloseable {

    /** A frozen FX thread: nothing any fault here should come near. */
    static final long FROZEN_MS = 10_000;

    private final AtomicLong longestNanos = new AtomicLong();
    private final Thread pinger;
    private volatile boolean stopped;

    FxResponsiveness() {
        pinger = Thread.ofVirtual().name("fx-pinger").start(() -> {
            while (!stopped) {
                var answered = new CountDownLatch(1);
                long sent = System.nanoTime();
                Platform.runLater(answered::countDown);
                try {
                    if (!answered.await(FROZEN_MS * 3, TimeUnit.MILLISECONDS)) {
                        longestNanos.accumulateAndGet(FROZEN_MS * 3_000_000, Math::max);
                        continue;
                    }
                    longestNanos.accumulateAndGet(System.nanoTime() - sent, Math::max);
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** The longest the FX thread took to run a ping since the last call, in ms; starts a new period. */
    double takeLongestMs() {
        return longestNanos.getAndSet(0) / 1e6;
    }

    @Override
    public void close() {
        stopped = true;
        pinger.interrupt();
    }
}
