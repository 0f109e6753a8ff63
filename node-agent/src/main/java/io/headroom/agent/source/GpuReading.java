package io.headroom.agent.source;

import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.SampleBuffer;

/**
 * The latest values a device source has for one GPU or MIG slice, as one immutable record so
 * a source's reader thread can hand it to the ticker without locks. Float fields are NaN when
 * the device cannot measure the value (utilization under MIG, memory temperature on L40S):
 * unavailable is never 0. Integer readings the device cannot measure are bits of {@code unmeasured}
 * ({@link io.headroom.core.fleet.IntegerReading}). {@code health} is the device tool's own
 * verdict where it has one (Ascend's npu-smi, npu-exporter); {@link DeviceHealth#UNKNOWN} where not.
 */
public record GpuReading(
        long timeMillis,
        float utilizationPct,
        float smActivePct,
        float memoryUsedMib,
        float powerW,
        float powerLimitW,
        float gpuTempC,
        float memoryTempC,
        float smClockMhz,
        long throttleReasons,
        int lastXid,
        int eccUncorrectable,
        int remappedRowFailures,
        int unmeasured,
        DeviceHealth health) {

    /** A reading without a health verdict (every source but Ascend's). */
    public GpuReading(
            long timeMillis,
            float utilizationPct,
            float smActivePct,
            float memoryUsedMib,
            float powerW,
            float powerLimitW,
            float gpuTempC,
            float memoryTempC,
            float smClockMhz,
            long throttleReasons,
            int lastXid,
            int eccUncorrectable,
            int remappedRowFailures,
            int unmeasured) {
        this(
                timeMillis,
                utilizationPct,
                smActivePct,
                memoryUsedMib,
                powerW,
                powerLimitW,
                gpuTempC,
                memoryTempC,
                smClockMhz,
                throttleReasons,
                lastXid,
                eccUncorrectable,
                remappedRowFailures,
                unmeasured,
                DeviceHealth.UNKNOWN);
    }

    public static GpuReading of(SampleBuffer s) {
        return new GpuReading(
                s.timeMillis,
                s.utilizationPct,
                s.smActivePct,
                s.memoryUsedMib,
                s.powerW,
                s.powerLimitW,
                s.gpuTempC,
                s.memoryTempC,
                s.smClockMhz,
                s.throttleReasons,
                s.lastXid,
                s.eccUncorrectable,
                s.remappedRowFailures,
                s.unmeasured,
                s.health);
    }

    /** Fills {@code s} with these values (allocation and idle history are the caller's). */
    public SampleBuffer writeTo(SampleBuffer s) {
        s.timeMillis = timeMillis;
        s.utilizationPct = utilizationPct;
        s.smActivePct = smActivePct;
        s.memoryUsedMib = memoryUsedMib;
        s.powerW = powerW;
        s.powerLimitW = powerLimitW;
        s.gpuTempC = gpuTempC;
        s.memoryTempC = memoryTempC;
        s.smClockMhz = smClockMhz;
        s.throttleReasons = throttleReasons;
        s.lastXid = lastXid;
        s.eccUncorrectable = eccUncorrectable;
        s.remappedRowFailures = remappedRowFailures;
        s.unmeasured = unmeasured;
        s.health = health;
        return s;
    }
}
