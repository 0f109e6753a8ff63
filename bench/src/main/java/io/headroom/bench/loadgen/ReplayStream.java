package io.headroom.bench.loadgen;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One client's telemetry stream from a recording: the recorded batches round after round on
 * its own sender thread, each due when the samples before it have taken their share of the
 * second at the replay rate, so batches leave spread through the second, not in a burst at its
 * top. Each batch's sample times are stamped with the moment it was due, its sequence follows the
 * last one, and it waits for the client's flow control rather than piling up in memory.
 */
final class ReplayStream implements Runnable {

    private static final long READY_POLL_NANOS = 10_000_000;

    private final ServerCallStreamObserver<BatchFrame> call;
    private final List<RecordedBatch> batches;
    /** Shared by every stream of the same recording: the payload is stamped in place under it. */
    private final Object stamping;

    private final ReplayPace pace;
    private final BatchFrame frame;
    private final Object readiness = new Object();
    private long sequence;
    private volatile boolean cancelled;

    /**
     * @param firstSequence the sequence of the first batch sent (1, or the one after a resumed client's last)
     */
    ReplayStream(
            ServerCallStreamObserver<BatchFrame> call,
            RecordedAgent recording,
            Object stamping,
            ReplayPace pace,
            String epoch,
            long firstSequence) {
        this.call = call;
        this.batches = recording.batches();
        this.stamping = stamping;
        this.pace = pace;
        this.frame = new BatchFrame(epoch);
        this.sequence = firstSequence;
        call.setOnCancelHandler(() -> {
            cancelled = true;
            wake();
        });
        call.setOnReadyHandler(this::wake);
    }

    @Override
    public void run() {
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        long samplesBefore = 0;
        int next = 0;
        try {
            while (!cancelled && !Thread.currentThread().isInterrupted()) {
                RecordedBatch batch = batches.get(next);
                long due = startNanos + pace.dueAfter(samplesBefore);
                for (long rest = due - System.nanoTime(); rest > 0; rest = due - System.nanoTime()) {
                    LockSupport.parkNanos(rest);
                }
                awaitReady();
                if (cancelled) {
                    return;
                }
                long dueMillis = startMillis + (due - startNanos) / 1_000_000;
                synchronized (stamping) {
                    batch.stamp(dueMillis);
                    call.onNext(frame.of(batch.payload(), sequence, dueMillis));
                }
                pace.sent(batch.samples(), System.nanoTime() - due);
                sequence++;
                samplesBefore += batch.samples();
                next = next + 1 == batches.size() ? 0 : next + 1;
            }
        } catch (RuntimeException e) {
            // Cancelled: the client went away between the check and the write, nothing to tell it.
            if (!cancelled) {
                try {
                    call.onError(io.grpc.Status.INTERNAL
                            .withDescription("replay failed: " + e)
                            .asRuntimeException());
                } catch (RuntimeException closed) {
                    // the call had ended already
                }
            }
        }
    }

    /** Waits while the client's flow control says its buffers are full. */
    private void awaitReady() {
        if (call.isReady()) {
            return;
        }
        long start = System.nanoTime();
        synchronized (readiness) {
            while (!cancelled && !call.isReady()) {
                try {
                    readiness.wait(READY_POLL_NANOS / 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                }
            }
        }
        pace.held(System.nanoTime() - start);
    }

    private void wake() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }
}
