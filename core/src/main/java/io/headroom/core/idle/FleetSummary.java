package io.headroom.core.idle;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Vendor;

/**
 * The fleet's headline figures at one instant, plus the state of every GPU for the heatmap.
 * One pass over the arrays; allocation-free when given the previous summary's arrays.
 *
 * @param gpuStates         by GPU slot, the {@link IdleState} ordinal
 * @param gpusByState       GPU count per {@link IdleState} ordinal
 * @param slicesByState     MIG slice count per {@link IdleState} ordinal
 * @param utilizationPct    mean activity of live GPUs (a MIG GPU counts its slices by compute share)
 * @param gpuPowerKw        power drawn by live GPUs
 * @param idlePflops        peak dense rate of idle GPUs and slices
 * @param staleNodes        nodes with no live sample
 * @param idleTflopsByVendor peak dense rate of idle GPUs and slices by {@link Vendor} ordinal, TFLOPS
 */
// deliberately flat arrays (one byte per GPU, one count per state) built every tick; callers must not mutate them
@SuppressWarnings("ArrayRecordComponent")
public record FleetSummary(
        long atMillis,
        byte[] gpuStates,
        int[] gpusByState,
        int[] slicesByState,
        double utilizationPct,
        double gpuPowerKw,
        double idlePflops,
        int staleNodes,
        long newestSampleMillis,
        double[] idleTflopsByVendor) {

    /** Peak dense rate of the vendor's idle GPUs and slices, PFLOPS (models without a figure count 0). */
    // a flat array by Vendor ordinal, rebuilt every tick
    @SuppressWarnings("EnumOrdinal")
    public double idlePflops(Vendor vendor) {
        return idleTflopsByVendor[vendor.ordinal()] / 1000;
    }

    // per-state counts and per-GPU states are flat arrays indexed by IdleState ordinal, rebuilt every tick; EnumMap
    // boxes
    @SuppressWarnings("EnumOrdinal")
    public int gpus(IdleState state) {
        return gpusByState[state.ordinal()];
    }

    // per-state counts and per-GPU states are flat arrays indexed by IdleState ordinal, rebuilt every tick; EnumMap
    // boxes
    @SuppressWarnings("EnumOrdinal")
    public int slices(IdleState state) {
        return slicesByState[state.ordinal()];
    }

    public int gpuCount() {
        return gpuStates.length;
    }

    public int idleGpus() {
        return gpus(IdleState.FREE_IDLE) + gpus(IdleState.HELD_IDLE);
    }

    public static FleetSummary of(FleetTelemetry telemetry, IdleClassifier classifier, long nowMillis) {
        return of(telemetry, classifier, nowMillis, null);
    }

    /**
     * Summarises the fleet at {@code nowMillis}.
     *
     * @param reuse the previous summary, whose state array is overwritten if it still fits
     */
    // per-state counts and per-GPU states are flat arrays indexed by IdleState ordinal, rebuilt every tick; EnumMap
    // boxes
    @SuppressWarnings("EnumOrdinal")
    public static FleetSummary of(
            FleetTelemetry telemetry, IdleClassifier classifier, long nowMillis, FleetSummary reuse) {
        FleetLayout layout = telemetry.layout();
        int gpuCount = layout.gpuCount();
        byte[] states = reuse != null && reuse.gpuStates.length == gpuCount ? reuse.gpuStates : new byte[gpuCount];
        int[] gpusByState = new int[IdleState.values().length];
        int[] slicesByState = new int[IdleState.values().length];
        double activitySum = 0;
        int liveGpus = 0;
        double powerW = 0;
        double idleTflops = 0;
        double[] idleByVendor = new double[Vendor.values().length];
        long newest = 0;

        for (int slot = 0; slot < gpuCount; slot++) {
            IdleState state = classifier.classify(telemetry, slot, nowMillis);
            states[slot] = (byte) state.ordinal();
            gpusByState[state.ordinal()]++;
            newest = Math.max(newest, telemetry.sampleTime(slot));
            if (state == IdleState.STALE) {
                continue;
            }
            float watts = telemetry.powerW(slot);
            if (!Float.isNaN(watts)) {
                powerW += watts;
            }
            int firstSlice = layout.firstSliceSlot(slot);
            int endSlice = layout.endSliceSlot(slot);
            if (firstSlice == endSlice) {
                float activity = telemetry.activityPct(slot);
                if (!Float.isNaN(activity)) {
                    activitySum += activity;
                    liveGpus++;
                }
                if (state.isIdle()) {
                    idleTflops += layout.peakTflops(slot);
                    idleByVendor[layout.vendor(slot).ordinal()] += layout.peakTflops(slot);
                }
                continue;
            }
            double weighted = 0;
            boolean measured = false;
            for (int s = firstSlice; s < endSlice; s++) {
                IdleState sliceState = classifier.classify(telemetry, s, nowMillis);
                slicesByState[sliceState.ordinal()]++;
                float activity = telemetry.activityPct(s);
                if (sliceState != IdleState.STALE && !Float.isNaN(activity)) {
                    weighted += activity * layout.peakTflops(s) / Math.max(layout.peakTflops(slot), 1e-9f);
                    measured = true;
                }
                if (sliceState.isIdle()) {
                    idleTflops += layout.peakTflops(s);
                    idleByVendor[layout.vendor(slot).ordinal()] += layout.peakTflops(s);
                }
            }
            if (measured) {
                activitySum += weighted;
                liveGpus++;
            }
        }

        int staleNodes = 0;
        for (int node = 0; node < layout.nodeCount(); node++) {
            int first = layout.firstGpuSlot(node);
            int end = layout.endGpuSlot(node);
            boolean stale = first < end;
            for (int slot = first; slot < end && stale; slot++) {
                stale = states[slot] == IdleState.STALE.ordinal();
            }
            if (stale) {
                staleNodes++;
            }
        }
        double utilization = liveGpus == 0 ? Double.NaN : activitySum / liveGpus;
        return new FleetSummary(
                nowMillis,
                states,
                gpusByState,
                slicesByState,
                utilization,
                powerW / 1000,
                idleTflops / 1000,
                staleNodes,
                newest,
                idleByVendor);
    }
}
