package io.headroom.store.history;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packed group rows ({@link GroupRows}) added into one, group by group: the parts of one hour
 * that several sources answered for, or the hours of one day. Minutes add up; utilization is
 * weighted by covered minutes; the hottest temperature wins; NaN stays "not measured" and never
 * counts as 0.
 */
final class GroupEntrySums {

    /** What the rows being added are. */
    enum Across {
        /** Different GPUs over the same time (sources of one hour): GPUs and power add up. */
        GPUS,
        /** The same groups over successive times (hours of a day): GPUs and power are the hours' largest and mean. */
        TIME
    }

    private static final class Sums {
        int accelerators;
        long covered;
        double idle;
        double held;
        double utilization;
        long utilizationMinutes;
        double power;
        int powerCount;
        float maxTemp = Float.NaN;
    }

    private final Across across;
    private final Map<Integer, Sums> byGroup = new TreeMap<>();

    GroupEntrySums(Across across) {
        this.across = across;
    }

    void add(byte[] packed) {
        for (GroupRows.Entry e : GroupRows.decode(packed)) {
            add(e);
        }
    }

    void add(GroupRows.Entry e) {
        Sums s = byGroup.computeIfAbsent(e.groupNo(), g -> new Sums());
        s.accelerators =
                across == Across.GPUS ? s.accelerators + e.accelerators() : Math.max(s.accelerators, e.accelerators());
        s.covered += e.coveredMinutes();
        s.idle += e.idleMinutes();
        s.held += e.heldMinutes();
        if (!Float.isNaN(e.utilizationPct())) {
            s.utilization += e.utilizationPct() * (double) e.coveredMinutes();
            s.utilizationMinutes += e.coveredMinutes();
        }
        if (!Float.isNaN(e.powerW())) {
            s.power += e.powerW();
            s.powerCount++;
        }
        float t = e.maxTempC();
        if (!Float.isNaN(t) && (Float.isNaN(s.maxTemp) || t > s.maxTemp)) {
            s.maxTemp = t;
        }
    }

    boolean isEmpty() {
        return byGroup.isEmpty();
    }

    byte[] packed() {
        ByteBuffer data = ByteBuffer.allocate(byGroup.size() * GroupRows.ENTRY_BYTES);
        byGroup.forEach((group, s) -> data.putInt(group)
                .putInt(s.accelerators)
                .putInt((int) Math.min(s.covered, Integer.MAX_VALUE))
                .putFloat((float) s.idle)
                .putFloat((float) s.held)
                .putFloat(s.utilizationMinutes == 0 ? Float.NaN : (float) (s.utilization / s.utilizationMinutes))
                .putFloat(power(s))
                .putFloat(s.maxTemp));
        return data.array();
    }

    private float power(Sums s) {
        if (s.powerCount == 0) {
            return Float.NaN;
        }
        return (float) (across == Across.GPUS ? s.power : s.power / s.powerCount);
    }
}
