package io.headroom.agent.server;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.protocol.v1.TelemetryBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The server's telemetry, batch by batch, in a bounded replay ring: sequence numbers are
 * contiguous within one epoch (one run of this process), and a client that lost its
 * connection asks to resume after the last sequence it saw. Memory is bounded by the ring,
 * whatever the clients do: a client that falls out of it (too slow, or away too long) gets
 * a snapshot of the latest values instead, told how much it missed.
 *
 * <p>The ring holds each batch serialized, as it goes on the wire: an agent's own batches are
 * serialized once when published, a relay's are the upstream bytes with its own fields
 * ({@link #publishForwarded}), and every client is sent the same array.
 */
public final class TelemetryHub {

    /** Sample counts are kept this many times longer than batches, to say how much a lagging client missed. */
    private static final int COUNT_HISTORY_FACTOR = 16;

    private final String epoch;
    private final byte[] epochField; // field 1, this epoch, as it is written at the head of every batch
    private final byte[][] ring;
    private final long maxBytes;
    private final long[] samplesThrough; // cumulative accelerator samples up to and including a sequence
    private final Supplier<FleetTelemetry> latest;
    private final List<TelemetryStream> streams = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private long head = 1; // the next sequence to assign; sequences start at 1
    private long oldest = 1; // the oldest sequence still held
    private long bytesHeld;
    private long totalSamples;
    private long workloadVersion; // as of the newest batch, for snapshots

    /** A replay buffer of at most {@code capacity} batches and {@value #DEFAULT_MAX_BYTES} bytes. */
    public TelemetryHub(int capacity, Supplier<FleetTelemetry> latest) {
        this(capacity, DEFAULT_MAX_BYTES, latest);
    }

    /** Enough for a minute of a 10,000-GPU site, a few seconds of a 100,000-GPU one. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    /**
     * @param capacity at most this many batches are held for replay
     * @param maxBytes and at most this many bytes of them (serialized): the bound that matters
     *                 for a relay of a large site, whose batches are large and many
     * @param latest   the server's latest values, for snapshots
     */
    public TelemetryHub(int capacity, long maxBytes, Supplier<FleetTelemetry> latest) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay buffer needs at least 1 batch, was " + capacity);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("replay buffer needs at least 1 byte, was " + maxBytes);
        }
        this.epoch = UUID.randomUUID().toString();
        this.epochField = epochField(epoch);
        this.ring = new byte[capacity][];
        this.maxBytes = maxBytes;
        this.samplesThrough = new long[capacity * COUNT_HISTORY_FACTOR];
        this.latest = latest;
    }

    public String epoch() {
        return epoch;
    }

    public int capacity() {
        return ring.length;
    }

    /** Appends batches (sequence and epoch are filled in here) and wakes every stream. */
    public void publish(List<TelemetryBatch.Builder> batches) {
        if (batches.isEmpty()) {
            return;
        }
        synchronized (lock) {
            for (TelemetryBatch.Builder builder : batches) {
                TelemetryBatch batch = builder.clearEpoch().clearSequence().build();
                append(batch.toByteArray(), samplesIn(batch), batch.getWorkloadVersion());
            }
        }
        signalStreams();
    }

    /**
     * Appends a batch a relay forwards: the upstream's bytes with the relay's own fields but
     * without epoch and sequence ({@code ForwardedBatch}), which are put in front here.
     *
     * @param samples         its accelerator samples, for the count a lagging client is told it missed
     * @param workloadVersion the workload version the body carries, for snapshots
     */
    public void publishForwarded(byte[] body, int samples, long workloadVersion) {
        synchronized (lock) {
            append(body, samples, workloadVersion);
        }
        signalStreams();
    }

    private void append(byte[] body, int samples, long batchWorkloadVersion) {
        long sequence = head++;
        byte[] bytes = numbered(body, sequence);
        int index = (int) (sequence % ring.length);
        if (sequence - ring.length >= oldest) {
            dropOldest(); // the slot we overwrite
        }
        ring[index] = bytes;
        bytesHeld += bytes.length;
        while (bytesHeld > maxBytes && oldest < sequence) {
            dropOldest();
        }
        totalSamples += samples;
        workloadVersion = batchWorkloadVersion;
        samplesThrough[(int) (sequence % samplesThrough.length)] = totalSamples;
    }

    /** The body with this hub's epoch and the sequence in front: fields 1 and 2 of the batch. */
    private byte[] numbered(byte[] body, long sequence) {
        int sequenceSize = CodedOutputStream.computeUInt64Size(2, sequence);
        byte[] bytes = new byte[epochField.length + sequenceSize + body.length];
        System.arraycopy(epochField, 0, bytes, 0, epochField.length);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes, epochField.length, sequenceSize);
        try {
            out.writeUInt64(2, sequence);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("sized the sequence wrong", e);
        }
        System.arraycopy(body, 0, bytes, epochField.length + sequenceSize, body.length);
        return bytes;
    }

    private static byte[] epochField(String epoch) {
        byte[] utf8 = epoch.getBytes(StandardCharsets.UTF_8);
        byte[] field = new byte[CodedOutputStream.computeStringSize(1, epoch)];
        CodedOutputStream out = CodedOutputStream.newInstance(field);
        try {
            out.writeByteArray(1, utf8);
            out.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("sized the epoch wrong", e);
        }
        return field;
    }

    private void signalStreams() {
        for (TelemetryStream stream : streams) {
            stream.signal();
        }
    }

    private void dropOldest() {
        int index = (int) (oldest % ring.length);
        bytesHeld -= ring[index].length;
        ring[index] = null;
        oldest++;
    }

    /** Bytes of telemetry held for replay now. */
    public long bytesHeld() {
        synchronized (lock) {
            return bytesHeld;
        }
    }

    private static int samplesIn(TelemetryBatch batch) {
        int samples = 0;
        for (int i = 0, n = batch.getNodesCount(); i < n; i++) {
            samples += batch.getNodes(i).getAcceleratorsCount();
        }
        return samples;
    }

    /** The next sequence to be assigned: every batch below it has been published. */
    long head() {
        synchronized (lock) {
            return head;
        }
    }

    /** The batch with this sequence as sent, or null when it has left the ring (or is not published yet). */
    byte[] bytes(long sequence) {
        synchronized (lock) {
            if (sequence < oldestLocked() || sequence >= head) {
                return null;
            }
            return ring[(int) (sequence % ring.length)];
        }
    }

    /** The same batch parsed, for tests; null when it is not held. */
    TelemetryBatch get(long sequence) {
        byte[] bytes = bytes(sequence);
        if (bytes == null) {
            return null;
        }
        try {
            return TelemetryBatch.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the hub holds a batch that does not parse", e);
        }
    }

    private long oldestLocked() {
        return oldest;
    }

    /**
     * A snapshot of the latest values as of the newest batch, for a client that cannot follow
     * the ring: a new one ({@code lastSeen} -1), or one whose next batch has left the ring.
     * It carries how many batches and samples the client missed, which the latest values replace,
     * and the workload version of the newest batch but none of its changes: the client asks for
     * the workload table when it does not hold that version.
     */
    SnapshotCursor snapshot(long lastSeen) {
        long newest;
        long missed = 0;
        long coalesced = 0;
        long workloads;
        synchronized (lock) {
            newest = head - 1;
            workloads = workloadVersion;
            if (lastSeen >= 0 && lastSeen < newest) {
                missed = newest - lastSeen;
                boolean counted = lastSeen == 0 || newest - lastSeen < samplesThrough.length;
                long before = lastSeen == 0 || !counted ? 0 : samplesThrough[(int) (lastSeen % samplesThrough.length)];
                coalesced = totalSamples - before;
            }
        }
        return new SnapshotCursor(latest.get(), newest, missed, coalesced, workloads);
    }

    /**
     * Where a new stream starts: right after what the client saw, when the client names this
     * epoch and the ring still holds the rest.
     *
     * @return the first sequence to send from the ring, or -1 to start with a snapshot
     */
    long startFor(String resumeEpoch, long resumeAfter) {
        synchronized (lock) {
            if (!epoch.equals(resumeEpoch)) {
                return -1;
            }
            long wanted = Math.min(resumeAfter + 1, head);
            return wanted >= oldestLocked() ? wanted : -1;
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
