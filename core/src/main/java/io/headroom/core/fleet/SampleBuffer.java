package io.headroom.core.fleet;

/**
 * One accelerator sample, filled field by field and handed to
 * {@link FleetTelemetry#writeAccelerator}. Reused: a stream owns one and refills it for every
 * sample, so the hot path allocates nothing. Not thread safe.
 *
 * <p>Float fields are NaN when the source cannot measure the value; unavailable is never 0.
 * Integer fields have their {@link IntegerReading} bit in {@link #unmeasured} instead: set by
 * {@link #clear()}, taken off by {@link #measured} when a source has the value.
 */
public final class SampleBuffer {
    public long timeMillis;
    public float utilizationPct;
    public float smActivePct;
    public float memoryUsedMib;
    public float powerW;
    public float powerLimitW;
    public float gpuTempC;
    public float memoryTempC;
    public float smClockMhz;
    public long throttleReasons;
    public int lastXid;
    public int eccUncorrectable;
    public int remappedRowFailures;
    /** {@link IntegerReading} bits of the integer fields the source did not measure (they hold 0). */
    public int unmeasured;
    /** The vendor tool's own health verdict: 0 OK or not stated, 1 warning, 2 alarm, 3 critical (Ascend). */
    public int vendorHealth;

    public boolean allocated;
    /** In the inventory but not seen by the driver: fallen off the bus. */
    public boolean missing;
    /**
     * Since when the source has seen activity below its idle threshold (epoch ms), or 0 when
     * it does not say. Lets a console that just connected know how long a GPU has been idle.
     */
    public long idleSinceMillis;

    public SampleBuffer() {
        clear();
    }

    /** Forgets everything: every measurement unavailable, no faults, not allocated. */
    public SampleBuffer clear() {
        timeMillis = 0;
        utilizationPct = Float.NaN;
        smActivePct = Float.NaN;
        memoryUsedMib = Float.NaN;
        powerW = Float.NaN;
        powerLimitW = Float.NaN;
        gpuTempC = Float.NaN;
        memoryTempC = Float.NaN;
        smClockMhz = Float.NaN;
        throttleReasons = 0;
        lastXid = 0;
        eccUncorrectable = 0;
        remappedRowFailures = 0;
        unmeasured = IntegerReading.ALL;
        vendorHealth = 0;
        allocated = false;
        missing = false;
        idleSinceMillis = 0;
        return this;
    }

    /** Sets an integer reading the source measured. */
    public SampleBuffer measured(IntegerReading reading, long value) {
        switch (reading) {
            case THROTTLE_REASONS -> throttleReasons = value;
            case LAST_XID -> lastXid = (int) value;
            case ECC_UNCORRECTABLE -> eccUncorrectable = (int) value;
            case REMAPPED_ROW_FAILURES -> remappedRowFailures = (int) value;
        }
        unmeasured &= ~reading.bit();
        return this;
    }

    public boolean isMeasured(IntegerReading reading) {
        return (unmeasured & reading.bit()) == 0;
    }

    /** The activity figure idleness is judged on: utilization, or SM activity where that is all there is (MIG). */
    public float activityPct() {
        return Float.isNaN(utilizationPct) ? smActivePct : utilizationPct;
    }
}
