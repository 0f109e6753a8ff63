package io.headroom.bench.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One agent's replay rate and what its streams did with it: samples and batches sent, time
 * held back by a client's flow control, and how late a batch left against its schedule.
 * Updated by every stream's sender at once.
 */
final class ReplayPace {

    private final double samplesPerSecond;
    private final LongAdder samples = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder heldNanos = new LongAdder();
    private final AtomicLong latestLateNanos = new AtomicLong();
    private final AtomicLong maxLateNanos = new AtomicLong();

    ReplayPace(double samplesPerSecond) {
        if (!(samplesPerSecond > 0)) {
            throw new IllegalArgumentException("a replay rate must be above 0 samples/s, was " + samplesPerSecond);
        }
        this.samplesPerSecond = samplesPerSecond;
    }

    double samplesPerSecond() {
        return samplesPerSecond;
    }

    /** Nanoseconds from a stream's start to when the sample after {@code samplesBefore} samples is due. */
    long dueAfter(long samplesBefore) {
        return (long) (samplesBefore * 1e9 / samplesPerSecond);
    }

    void sent(int batchSamples, long lateNanos) {
        samples.add(batchSamples);
        batches.increment();
        latestLateNanos.set(lateNanos);
        maxLateNanos.accumulateAndGet(lateNanos, Math::max);
    }

    void held(long nanos) {
        heldNanos.add(nanos);
    }

    long samples() {
        return samples.sum();
    }

    long batches() {
        return batches.sum();
    }

    long heldNanos() {
        return heldNanos.sum();
    }

    long latestLateNanos() {
        return latestLateNanos.get();
    }

    /** The most a batch left behind its schedule since the last call. */
    long takeMaxLateNanos() {
        return maxLateNanos.getAndSet(0);
    }
}
