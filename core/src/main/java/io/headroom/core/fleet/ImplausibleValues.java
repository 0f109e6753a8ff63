package io.headroom.core.fleet;

import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values no real sensor reports (negative power, 10,000 °C, 250 % utilization, infinity),
 * from one source of samples: a device tool in the agent, or an agent as the console hears it.
 * Each such value becomes NaN, "unavailable", so the wall never shows a broken sensor as a
 * hot GPU; it is counted per kind, and logged the first time each kind is seen from this
 * source only, so a device spewing garbage every second cannot flood the log.
 *
 * <p>NaN itself passes: it already means "unavailable". Thread safe.
 */
public final class ImplausibleValues {

    private static final Logger log = LoggerFactory.getLogger(ImplausibleValues.class);

    /** What was implausible, with the range a real device stays in. */
    public enum Kind {
        UTILIZATION("utilization", "%", 0, 100.5f),
        SM_ACTIVE("SM activity", "%", 0, 100.5f),
        MEMORY_USED("memory used", "MiB", 0, Float.MAX_VALUE),
        POWER("power", "W", 0, 5_000),
        POWER_LIMIT("power limit", "W", 0, 5_000),
        GPU_TEMPERATURE("GPU temperature", "°C", -50, 200),
        MEMORY_TEMPERATURE("memory temperature", "°C", -50, 200),
        SM_CLOCK("SM clock", "MHz", 0, 10_000),
        RACK_TEMPERATURE("rack air temperature", "°C", -50, 200),
        RACK_POWER("rack power", "kW", 0, 10_000);

        private final String label;
        private final String unit;
        private final float min;
        private final float max;

        Kind(String label, String unit, float min, float max) {
            this.label = label;
            this.unit = unit;
            this.min = min;
            this.max = max;
        }

        public boolean isPlausible(float value) {
            return Float.isNaN(value) || (value >= min && value <= max);
        }

        public String range() {
            return max == Float.MAX_VALUE
                    ? "at least " + fmt(min) + " " + unit
                    : fmt(min) + " to " + fmt(max) + " " + unit;
        }

        public String label() {
            return label;
        }

        private static String fmt(float v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    private static final Kind[] KINDS = Kind.values();

    private final String source;
    private final AtomicLongArray counts = new AtomicLongArray(KINDS.length);

    /** @param source the operator's name for where the values come from: "nvidia-smi", "agent 10.0.0.7:50051" */
    public ImplausibleValues(String source) {
        this.source = source;
    }

    /** {@code value}, or NaN when it is not something a device of this kind reports. */
    // one AtomicIntegerArray slot per Kind, bumped on the ingest path; an EnumMap of counters would box
    @SuppressWarnings("EnumOrdinal")
    public float check(Kind kind, float value) {
        if (kind.isPlausible(value)) {
            return value;
        }
        if (counts.getAndIncrement(kind.ordinal()) == 0) {
            log.warn(
                    "{} reported {} {} {}, which no real device does (expected {}); shown as unavailable. Further "
                            + "implausible {} values from {} are counted, not logged",
                    source,
                    kind.label,
                    value,
                    kind.unit,
                    kind.range(),
                    kind.label,
                    source);
        }
        return Float.NaN;
    }

    /** Checks every measured field of one GPU or MIG sample in place. */
    public SampleBuffer check(SampleBuffer s) {
        s.utilizationPct = check(Kind.UTILIZATION, s.utilizationPct);
        s.smActivePct = check(Kind.SM_ACTIVE, s.smActivePct);
        s.memoryUsedMib = check(Kind.MEMORY_USED, s.memoryUsedMib);
        s.powerW = check(Kind.POWER, s.powerW);
        s.powerLimitW = check(Kind.POWER_LIMIT, s.powerLimitW);
        s.gpuTempC = check(Kind.GPU_TEMPERATURE, s.gpuTempC);
        s.memoryTempC = check(Kind.MEMORY_TEMPERATURE, s.memoryTempC);
        s.smClockMhz = check(Kind.SM_CLOCK, s.smClockMhz);
        return s;
    }

    // one AtomicIntegerArray slot per Kind, bumped on the ingest path; an EnumMap of counters would box
    @SuppressWarnings("EnumOrdinal")
    public long count(Kind kind) {
        return counts.get(kind.ordinal());
    }

    /** Implausible values of every kind so far. */
    public long total() {
        long sum = 0;
        for (int i = 0; i < KINDS.length; i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    public String source() {
        return source;
    }
}
