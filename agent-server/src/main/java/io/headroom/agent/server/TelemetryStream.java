package io.headroom.agent.server;

import io.grpc.stub.ServerCallStreamObserver;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's telemetry stream: a cursor into the {@link TelemetryHub}, sent only while
 * the transport says the client can take more ({@code isReady}), resumed by
 * {@code onReady}. The server never queues for a client: what a slow client has not taken
 * stays in the shared ring until it is overwritten, and then the client gets the latest
 * values instead (a snapshot), told how many batches and samples that replaced.
 */
final class TelemetryStream {

    private final TelemetryHub hub;
    private final ServerCallStreamObserver<byte[]> observer;
    private final Executor executor;
    private final InstantSource clock;
    // Serialises drain(): a StreamObserver has one writer at a time.
    private final AtomicInteger pendingSignals = new AtomicInteger();
    private volatile boolean cancelled;
    private long next;
    private SnapshotCursor snapshot;

    /**
     * @param start    the first sequence to send from the ring, or -1 to begin with a snapshot
     * @param lastSeen with a snapshot start: the last sequence the client has, or -1 for a new client
     */
    TelemetryStream(
            TelemetryHub hub,
            ServerCallStreamObserver<byte[]> observer,
            Executor executor,
            InstantSource clock,
            long start,
            long lastSeen) {
        this.hub = hub;
        this.observer = observer;
        this.executor = executor;
        this.clock = clock;
        this.next = start;
        if (start < 0) {
            snapshot = hub.snapshot(lastSeen);
        }
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
            if (snapshot != null) {
                if (snapshot.hasNext()) {
                    send(snapshot.next(hub.epoch(), clock.millis()).toByteArray());
                } else {
                    next = snapshot.sequence() + 1;
                    snapshot = null;
                }
                continue;
            }
            if (next >= hub.head()) {
                return;
            }
            byte[] batch = hub.bytes(next);
            if (batch == null) {
                snapshot = hub.snapshot(next - 1); // fell out of the ring: the latest values instead
                continue;
            }
            send(batch);
            next++;
        }
    }

    private void send(byte[] batch) {
        try {
            observer.onNext(batch);
        } catch (RuntimeException e) {
            // The call was cancelled or closed under us; the cancel handler cleans up too.
            cancelled = true;
            hub.remove(this);
        }
    }
}
