package io.headroom.core.history;

import java.util.Arrays;
import java.util.List;

/**
 * The recent minutes of a few GPUs and slices as a store or an agent kept them, one value per
 * accelerator and minute: mean utilization, mean power and the hottest temperature of the minute.
 * A minute nobody kept is NaN in every metric, never zero. Memory is not kept per minute.
 */
public final class PastMinutes {

    /** Nothing kept for anyone. */
    public static final PastMinutes NONE = new PastMinutes(0, 0, List.of());

    private final long firstMinute;
    private final int minutes;
    private final List<String> uuids;
    private final float[] utilizationPct;
    private final float[] powerW;
    private final float[] maxTempC;

    /** All unknown, to be filled with {@link #put}; {@code firstMinute} counts minutes from the epoch. */
    public PastMinutes(long firstMinute, int minutes, List<String> uuids) {
        if (minutes < 0) {
            throw new IllegalArgumentException("minutes must not be negative, was " + minutes);
        }
        this.firstMinute = firstMinute;
        this.minutes = minutes;
        this.uuids = List.copyOf(uuids);
        int cells = minutes * uuids.size();
        utilizationPct = nans(cells);
        powerW = nans(cells);
        maxTempC = nans(cells);
    }

    private static float[] nans(int cells) {
        float[] values = new float[cells];
        Arrays.fill(values, Float.NaN);
        return values;
    }

    /** Records one accelerator's minute; NaN for a metric nothing measured. */
    public void put(int accelerator, long minute, float utilization, float power, float hottest) {
        int i = index(accelerator, minute);
        utilizationPct[i] = utilization;
        powerW[i] = power;
        maxTempC[i] = hottest;
    }

    /**
     * Takes what {@code other} kept for the accelerator-minutes this one lacks, matched by UUID and
     * minute; what this one kept stays.
     *
     * @return how many accelerator-minutes were filled in
     */
    public int fillGapsFrom(PastMinutes other) {
        int filled = 0;
        for (int a = 0; a < uuids.size(); a++) {
            int b = other.uuids.indexOf(uuids.get(a));
            if (b < 0) {
                continue;
            }
            long from = Math.max(firstMinute, other.firstMinute);
            long to = Math.min(firstMinute + minutes, other.firstMinute + other.minutes);
            for (long m = from; m < to; m++) {
                if (!kept(a, m) && other.kept(b, m)) {
                    put(a, m, other.utilizationPct(b, m), other.powerW(b, m), other.maxTempC(b, m));
                    filled++;
                }
            }
        }
        return filled;
    }

    /** Accelerator-minutes nothing was kept of. */
    public int gaps() {
        int gaps = 0;
        for (int a = 0; a < uuids.size(); a++) {
            for (long m = firstMinute; m < firstMinute + minutes; m++) {
                gaps += kept(a, m) ? 0 : 1;
            }
        }
        return gaps;
    }

    public long firstMinute() {
        return firstMinute;
    }

    /** How many minutes from {@link #firstMinute()}. */
    public int minutes() {
        return minutes;
    }

    /** The accelerators asked about, in the order their indexes count. */
    public List<String> uuids() {
        return uuids;
    }

    public float utilizationPct(int accelerator, long minute) {
        return utilizationPct[index(accelerator, minute)];
    }

    public float powerW(int accelerator, long minute) {
        return powerW[index(accelerator, minute)];
    }

    public float maxTempC(int accelerator, long minute) {
        return maxTempC[index(accelerator, minute)];
    }

    /** Whether anything at all was kept for this accelerator in this minute. */
    public boolean kept(int accelerator, long minute) {
        int i = index(accelerator, minute);
        return !Float.isNaN(utilizationPct[i]) || !Float.isNaN(powerW[i]) || !Float.isNaN(maxTempC[i]);
    }

    private int index(int accelerator, long minute) {
        long m = minute - firstMinute;
        if (accelerator < 0 || accelerator >= uuids.size() || m < 0 || m >= minutes) {
            throw new IndexOutOfBoundsException("accelerator " + accelerator + " of " + uuids.size() + ", minute "
                    + minute + " outside " + firstMinute + "+" + minutes);
        }
        return accelerator * minutes + (int) m;
    }
}
