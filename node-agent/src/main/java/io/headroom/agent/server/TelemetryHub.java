package io.headroom.agent.server;

import io.headroom.protocol.v1.TelemetryBatch;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server's telemetry, batch by batch, in a bounded replay ring: sequence numbers are
 * contiguous within one epoch (one run of this process), and a client that lost its
 * connection asks to resume after the last sequence it saw. Memory is bounded by the ring,
 * whatever the clients do: a client too slow to keep up skips ahead and is told how many
 * batches it missed.
 */
public final class TelemetryHub {

    private final String epoch;
    private final TelemetryBatch[] ring;
    private final List<TelemetryStream> streams = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private long head = 1;          // the next sequence to assign; sequences start at 1
    private long latestTickStart = 1;

    public TelemetryHub(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay buffer needs at least 1 batch, was " + capacity);
        }
        this.epoch = UUID.randomUUID().toString();
        this.ring = new TelemetryBatch[capacity];
    }

    public String epoch() {
        return epoch;
    }

    public int capacity() {
        return ring.length;
    }

    /** Appends one tick's batches (sequence and epoch are filled in here) and wakes every stream. */
    public void publishTick(List<TelemetryBatch.Builder> batches) {
        if (batches.isEmpty()) {
            return;
        }
        synchronized (lock) {
            latestTickStart = head;
            for (TelemetryBatch.Builder batch : batches) {
                long sequence = head++;
                ring[(int) (sequence % ring.length)] = batch.setEpoch(epoch).setSequence(sequence).build();
            }
        }
        for (TelemetryStream stream : streams) {
            stream.signal();
        }
    }

    /** The next sequence to be assigned: every batch below it has been published. */
    long head() {
        synchronized (lock) {
            return head;
        }
    }

    /** The oldest sequence still held. */
    long oldest() {
        synchronized (lock) {
            return Math.max(1, head - ring.length);
        }
    }

    /** The batch with this sequence, or null when it has left the ring (or is not published yet). */
    TelemetryBatch get(long sequence) {
        synchronized (lock) {
            if (sequence < Math.max(1, head - ring.length) || sequence >= head) {
                return null;
            }
            return ring[(int) (sequence % ring.length)];
        }
    }

    /**
     * Where a new stream starts: right after what the client saw, when the client names this
     * epoch and the ring still holds the rest; else the newest complete tick.
     *
     * @return {start sequence, batches the client missed}
     */
    long[] startFor(String resumeEpoch, long resumeAfter) {
        synchronized (lock) {
            if (!epoch.equals(resumeEpoch)) {
                return new long[] {latestTickStart, 0};
            }
            long wanted = Math.min(resumeAfter + 1, head);
            long oldest = Math.max(1, head - ring.length);
            return wanted >= oldest ? new long[] {wanted, 0} : new long[] {oldest, oldest - wanted};
        }
    }

    void add(TelemetryStream stream) {
        streams.add(stream);
        stream.signal();
    }

    void remove(TelemetryStream stream) {
        streams.remove(stream);
    }

    public int streamCount() {
        return streams.size();
    }
}
