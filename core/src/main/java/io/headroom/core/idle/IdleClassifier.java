package io.headroom.core.idle;

import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SchedulerState;

/**
 * Puts every GPU and MIG slice in exactly one {@link IdleState}. Precedence: stale, then
 * faulted, then drained, then busy / held-idle / free-idle from activity and allocation.
 * A GPU in MIG mode is as busy as its busiest slice.
 */
public final class IdleClassifier {

    private final IdleThresholds thresholds;
    private final long idleWindowMillis;

    public IdleClassifier(IdleThresholds thresholds) {
        this.thresholds = thresholds;
        this.idleWindowMillis = thresholds.idleWindow().toMillis();
    }

    public IdleThresholds thresholds() {
        return thresholds;
    }

    public IdleState classify(FleetTelemetry telemetry, int slot, long nowMillis) {
        FleetLayout layout = telemetry.layout();
        int node = layout.nodeOfSlot(slot);
        if (isStale(telemetry, slot, nowMillis)) {
            return IdleState.STALE;
        }
        int gpu = layout.isSlice(slot) ? layout.parentGpuSlot(slot) : slot;
        if (isFaulted(telemetry, gpu) || (gpu != slot && isFaulted(telemetry, slot))) {
            return IdleState.FAULTED;
        }
        SchedulerState scheduler = telemetry.schedulerState(node);
        if (scheduler == SchedulerState.DOWN) {
            return IdleState.FAULTED;
        }
        if (!layout.isSlice(slot) && layout.firstSliceSlot(slot) < layout.endSliceSlot(slot)) {
            return drainedOr(scheduler, slicesState(telemetry, slot, nowMillis));
        }
        if (scheduler == SchedulerState.DRAINED
                || (scheduler == SchedulerState.DRAINING && !telemetry.allocated(slot))) {
            return IdleState.DRAINED;
        }
        return byActivity(telemetry, slot, nowMillis);
    }

    /** True when the slot has never been sampled or its last sample is older than the stale window. */
    public boolean isStale(FleetTelemetry telemetry, int slot, long nowMillis) {
        long sampled = telemetry.sampleTime(slot);
        if (sampled == 0) {
            return true;
        }
        FleetLayout layout = telemetry.layout();
        int interval = layout.sampleIntervalMs(layout.nodeOfSlot(slot));
        return nowMillis - sampled > (long) thresholds.staleIntervals() * interval;
    }

    private static boolean isFaulted(FleetTelemetry telemetry, int slot) {
        return telemetry.missing(slot)
                || telemetry.eccUncorrectable(slot) > 0
                || CriticalXids.isCritical(telemetry.lastXid(slot))
                || telemetry.health(slot).compareTo(DeviceHealth.ALARM) >= 0;
    }

    private static IdleState drainedOr(SchedulerState scheduler, IdleState slices) {
        if (scheduler == SchedulerState.DRAINED
                || (scheduler == SchedulerState.DRAINING && slices == IdleState.FREE_IDLE)) {
            return IdleState.DRAINED;
        }
        return slices;
    }

    private IdleState slicesState(FleetTelemetry telemetry, int gpuSlot, long nowMillis) {
        FleetLayout layout = telemetry.layout();
        IdleState result = IdleState.FREE_IDLE;
        for (int s = layout.firstSliceSlot(gpuSlot); s < layout.endSliceSlot(gpuSlot); s++) {
            IdleState slice =
                    isStale(telemetry, s, nowMillis) ? IdleState.FREE_IDLE : byActivity(telemetry, s, nowMillis);
            if (slice == IdleState.BUSY) {
                return IdleState.BUSY;
            }
            if (slice == IdleState.HELD_IDLE) {
                result = IdleState.HELD_IDLE;
            }
        }
        return result;
    }

    private IdleState byActivity(FleetTelemetry telemetry, int slot, long nowMillis) {
        float activity = telemetry.activityPct(slot);
        boolean allocated = telemetry.allocated(slot);
        if (Float.isNaN(activity)) {
            // Nothing measures it: give an allocated one the benefit of the doubt.
            return allocated ? IdleState.BUSY : IdleState.FREE_IDLE;
        }
        if (activity >= thresholds.idleBelowPct()) {
            return IdleState.BUSY;
        }
        if (!allocated) {
            return IdleState.FREE_IDLE;
        }
        long since = telemetry.idleSinceMillis(slot);
        boolean idleLongEnough = since != FleetTelemetry.NOT_IDLE && nowMillis - since >= idleWindowMillis;
        return idleLongEnough ? IdleState.HELD_IDLE : IdleState.BUSY;
    }
}
