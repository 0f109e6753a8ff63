package io.headroom.bench;

import io.headroom.client.BatchListener;
import io.headroom.client.ReceivedBatch;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.BatchNodes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records, for every node sample, how long after its timestamp it landed in the fleet state.
 * Called on the gRPC threads of all streams at once, so it records into a {@link Recorder}
 * (wait-free and allocation-free for writers) and {@link LongAdder}s.
 */
final class LatencyRecorder implements BatchListener {

    /** Anything later than this is recorded as this; a minute late is broken, not slow. */
    static final long MAX_MILLIS = 60_000;

    private final Recorder latency = new Recorder(MAX_MILLIS, 3);
    private final Recorder firstOfRound = new Recorder(MAX_MILLIS, 3);
    private final Recorder handlingMicros = new Recorder(MAX_MILLIS * 1000, 3);
    private final ConcurrentHashMap<AgentEndpoint, long[]> lastRound = new ConcurrentHashMap<>();
    private final LongAdder nodeSamples = new LongAdder();
    private final LongAdder acceleratorSamples = new LongAdder();
    private final LongAdder snapshotBatches = new LongAdder();
    private final HopRecorder hops = new HopRecorder();

    @Override
    public void onBatch(AgentEndpoint from, ReceivedBatch batch, long landedMillis) {
        long landedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long handling = HandlingClock.lap();
        if (handling >= 0) {
            handlingMicros.recordValue(Math.min(handling / 1000, MAX_MILLIS * 1000));
        }
        if (batch.header().snapshot()) {
            // A snapshot carries each node's latest value, however old: not a measure of delay.
            snapshotBatches.increment();
            return;
        }
        hops.record(batch, landedMicros);
        // One stream's batches arrive one at a time, so its round marker needs no lock.
        long[] round = lastRound.computeIfAbsent(from, e -> new long[1]);
        int[] counts = new int[2]; // nodes, accelerators
        // Node times from the bytes, skipping the accelerators: far cheaper than the decode it follows.
        BatchNodes.visit(batch.bytes(), (timeMs, accelerators) -> {
            long late = Math.clamp(landedMillis - timeMs, 0, MAX_MILLIS);
            latency.recordValue(late);
            if (timeMs > round[0]) {
                round[0] = timeMs;
                firstOfRound.recordValue(late);
            }
            counts[0]++;
            counts[1] += accelerators;
        });
        nodeSamples.add(counts[0]);
        acceleratorSamples.add(counts[1]);
    }

    /** The latencies recorded since the last call (the first call ends the warm-up). */
    Histogram takeInterval() {
        return latency.getIntervalHistogram();
    }

    /**
     * Latencies of the first node sample of each round (sample time) to land from each
     * stream, since the last call: the delay before anything of a round arrives, which the
     * agents' round of sampling, cutting and sending adds before the rest of the round drains.
     */
    Histogram takeFirstOfRoundInterval() {
        return firstOfRound.getIntervalHistogram();
    }

    /** Microseconds each batch took in the console, from parsing to landed, since the last call. */
    Histogram takeHandlingInterval() {
        return handlingMicros.getIntervalHistogram();
    }

    /** Each leg of the batches' way since the last call, in µs, one value a batch. */
    java.util.List<HopRecorder.Leg> takeHopsInterval() {
        return hops.takeInterval();
    }

    long nodeSamples() {
        return nodeSamples.sum();
    }

    /** Accelerator samples (GPUs and MIG slices) received outside snapshots. */
    long acceleratorSamples() {
        return acceleratorSamples.sum();
    }

    long snapshotBatches() {
        return snapshotBatches.sum();
    }
}
