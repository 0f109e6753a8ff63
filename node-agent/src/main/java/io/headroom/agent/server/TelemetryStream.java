package io.headroom.agent.server;

import io.grpc.stub.ServerCallStreamObserver;
import io.headroom.protocol.v1.TelemetryBatch;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's telemetry stream: a cursor into the {@link TelemetryHub}, sent only while
 * the transport says the client can take more ({@code isReady}), resumed by
 * {@code onReady}. The server never queues for a client: what a slow client has not taken
 * stays in the shared ring until it is overwritten, and then the client skips ahead and is
 * told how many batches it missed.
 */
final class TelemetryStream {

    private final TelemetryHub hub;
    private final ServerCallStreamObserver<TelemetryBatch> observer;
    private final Executor executor;
    // Serialises drain(): a StreamObserver has one writer at a time.
    private final AtomicInteger pendingSignals = new AtomicInteger();
    private volatile boolean cancelled;
    private long next;
    private long missed;

    TelemetryStream(TelemetryHub hub, ServerCallStreamObserver<TelemetryBatch> observer, Executor executor,
                    long start, long missed) {
        this.hub = hub;
        this.observer = observer;
        this.executor = executor;
        this.next = start;
        this.missed = missed;
        observer.setOnReadyHandler(this::signal);
        observer.setOnCancelHandler(() -> {
            cancelled = true;
            hub.remove(this);
        });
    }

    void signal() {
        if (pendingSignals.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int signals = 1;
        do {
            sendWhileReady();
            signals = pendingSignals.addAndGet(-signals);
        } while (signals != 0);
    }

    private void sendWhileReady() {
        while (!cancelled && observer.isReady()) {
            if (next >= hub.head()) {
                return;
            }
            TelemetryBatch batch = hub.get(next);
            if (batch == null) {
                long oldest = hub.oldest();
                missed += oldest - next;
                next = oldest;
                continue;
            }
            if (missed > 0) {
                batch = batch.toBuilder().setMissedBatches(missed).build();
                missed = 0;
            }
            try {
                observer.onNext(batch);
            } catch (RuntimeException e) {
                // The call was cancelled or closed under us; the cancel handler cleans up.
                cancelled = true;
                hub.remove(this);
                return;
            }
            next++;
        }
    }
}
