package io.headroom.agent.reclaim;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.protocol.v1.Holding;
import java.util.function.Supplier;

/** {@link GpuStates} read from the fleet table the agent serves ({@code ServedFleet::latest}). */
public final class FleetGpuStates implements GpuStates {

    private final Supplier<FleetTelemetry> latest;

    public FleetGpuStates(Supplier<FleetTelemetry> latest) {
        this.latest = latest;
    }

    @Override
    public float activityPct(Holding gpu) {
        FleetTelemetry fleet = latest.get();
        int slot = slot(fleet, gpu);
        return slot == FleetLayout.NONE ? Float.NaN : fleet.activityPct(slot);
    }

    @Override
    public long idleSinceMillis(Holding gpu) {
        FleetTelemetry fleet = latest.get();
        int slot = slot(fleet, gpu);
        if (slot == FleetLayout.NONE) {
            return NOT_IDLE;
        }
        long since = fleet.idleSinceMillis(slot);
        return since == FleetTelemetry.NOT_IDLE ? NOT_IDLE : since;
    }

    private static int slot(FleetTelemetry fleet, Holding gpu) {
        FleetLayout layout = fleet.layout();
        int node = layout.nodeIndex(gpu.getHostname());
        if (node == FleetLayout.NONE) {
            return FleetLayout.NONE;
        }
        int slot = layout.gpuSlot(node, gpu.getGpuIndex());
        if (slot == FleetLayout.NONE || !gpu.hasGpuInstanceId()) {
            return slot;
        }
        return layout.sliceSlot(slot, gpu.getGpuInstanceId());
    }
}
