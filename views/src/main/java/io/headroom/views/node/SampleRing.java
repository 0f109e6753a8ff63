package io.headroom.views.node;

import java.util.Arrays;

/**
 * The last {@code capacity} samples of a fixed set of series taken at the same instants: one
 * time array and one float array per series, overwritten in a ring. 900 points at 1 Hz are
 * the 15 minutes a technician looks back over; for one node of 8 GPUs and their slices that
 * is a few hundred kilobytes, allocated once when the node is chosen.
 */
final class SampleRing {

    private final long[] times;
    private final float[][] series;
    private int next;
    private int size;

    SampleRing(int seriesCount, int capacity) {
        times = new long[capacity];
        series = new float[seriesCount][capacity];
        for (float[] values : series) {
            Arrays.fill(values, Float.NaN);
        }
    }

    int capacity() {
        return times.length;
    }

    int size() {
        return size;
    }

    int seriesCount() {
        return series.length;
    }

    /** Starts one instant; fill its values with {@link #set} right after. */
    void append(long timeMillis) {
        times[next] = timeMillis;
        for (float[] values : series) {
            values[next] = Float.NaN;
        }
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** Sets a series' value at the instant appended last. */
    void set(int seriesIndex, float value) {
        series[seriesIndex][(next - 1 + times.length) % times.length] = value;
    }

    /** The i-th oldest instant held, 0 being the oldest. */
    long time(int i) {
        return times[physical(i)];
    }

    float value(int seriesIndex, int i) {
        return series[seriesIndex][physical(i)];
    }

    /** The newest value of a series, NaN when empty. */
    float latest(int seriesIndex) {
        return size == 0 ? Float.NaN : value(seriesIndex, size - 1);
    }

    private int physical(int i) {
        return (next - size + i + times.length) % times.length;
    }
}
