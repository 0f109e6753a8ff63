package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import java.util.OptionalLong;

/** How the GPUs a workload holds are doing now, as the agent's latest telemetry says. */
public interface GpuStates {

    /** {@link #idleSinceMillis} when the GPU is busy. */
    long NOT_IDLE = Long.MIN_VALUE;

    /** Utilisation (or SM activity) in percent; NaN when unknown (not measured, or not in the inventory). */
    float activityPct(Holding gpu);

    /** When the GPU fell idle (the agent's own idle threshold); {@link #NOT_IDLE} when busy or unknown. */
    long idleSinceMillis(Holding gpu);

    /**
     * Since when every GPU the workload holds has been idle and below {@code belowPct}: the
     * latest of their idle-since times, which every agent and relay reading the same telemetry
     * agrees on. Empty when any GPU is busy or unknown, or when the workload holds none.
     */
    default OptionalLong heldIdleSince(Workload workload, float belowPct) {
        if (workload.getHoldingsCount() == 0) {
            return OptionalLong.empty();
        }
        long latest = Long.MIN_VALUE;
        for (Holding gpu : workload.getHoldingsList()) {
            float pct = activityPct(gpu);
            long since = idleSinceMillis(gpu);
            if (Float.isNaN(pct) || pct >= belowPct || since == NOT_IDLE) {
                return OptionalLong.empty();
            }
            latest = Math.max(latest, since);
        }
        return OptionalLong.of(latest);
    }

    /** GPU-hours spent idle by the GPUs the workload holds, up to {@code nowMillis}; NaN when any is unknown. */
    default double gpuHoursIdle(Workload workload, long nowMillis) {
        double hours = 0;
        for (Holding gpu : workload.getHoldingsList()) {
            if (Float.isNaN(activityPct(gpu))) {
                return Double.NaN;
            }
            long since = idleSinceMillis(gpu);
            if (since != NOT_IDLE) {
                hours += Math.max(0, nowMillis - since) / 3_600_000.0;
            }
        }
        return workload.getHoldingsCount() == 0 ? Double.NaN : hours;
    }
}
