package io.headroom.wire;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.MigSlice;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.RackSample;

/**
 * The other direction: a node's latest values from the fleet's arrays as wire messages.
 * Used by every server shape (agent, simulator, relay), which all keep their fleet in a
 * {@link FleetTelemetry}.
 */
public final class TelemetryEncoder {
    private TelemetryEncoder() {}

    public static NodeSample node(FleetTelemetry telemetry, int node) {
        FleetLayout layout = telemetry.layout();
        var builder = NodeSample.newBuilder()
                .setHostname(layout.node(node).hostname())
                .setTimeMs(telemetry.nodeSampleTime(node))
                .setSchedulerState(InventoryCodec.toProto(telemetry.schedulerState(node)))
                .setGeneration(telemetry.generation(node));
        var sample = AcceleratorSample.newBuilder();
        for (int slot = layout.firstGpuSlot(node); slot < layout.endGpuSlot(node); slot++) {
            int gpuIndex = layout.accelerator(slot).index();
            builder.addAccelerators(fill(sample.clear(), telemetry, slot).setGpuIndex(gpuIndex));
            for (int s = layout.firstSliceSlot(slot); s < layout.endSliceSlot(slot); s++) {
                MigSlice slice = layout.slice(s);
                builder.addAccelerators(fill(sample.clear(), telemetry, s)
                        .setGpuIndex(gpuIndex)
                        .setGpuInstanceId(slice.gpuInstanceId()));
            }
        }
        return builder.build();
    }

    public static RackSample rack(FleetTelemetry telemetry, int rack) {
        return RackSample.newBuilder()
                .setRackId(telemetry.layout().rack(rack).id())
                .setTimeMs(telemetry.rackSampleTime(rack))
                .setInletTempC(telemetry.rackInletC(rack))
                .setOutletTempC(telemetry.rackOutletC(rack))
                .setPowerKw(telemetry.rackPowerKw(rack))
                .setFans(telemetry.rackFans(rack))
                .setFansFailed(telemetry.rackFansFailed(rack))
                .build();
    }

    private static AcceleratorSample.Builder fill(AcceleratorSample.Builder b, FleetTelemetry t, int slot) {
        long idleSince = t.idleSinceMillis(slot);
        return b.setIdleSinceMs(idleSince == FleetTelemetry.NOT_IDLE ? 0 : idleSince)
                .setUtilizationPct(t.utilizationPct(slot))
                .setSmActivePct(t.smActivePct(slot))
                .setMemoryUsedMib(t.memoryUsedMib(slot))
                .setPowerW(t.powerW(slot))
                .setPowerLimitW(t.powerLimitW(slot))
                .setGpuTempC(t.gpuTempC(slot))
                .setMemoryTempC(t.memoryTempC(slot))
                .setSmClockMhz(t.smClockMhz(slot))
                .setThrottleReasons(t.throttleReasons(slot))
                .setLastXid(t.lastXid(slot))
                .setEccUncorrectable(t.eccUncorrectable(slot))
                .setRemappedRowFailures(t.remappedRowFailures(slot))
                .setUnmeasured(t.unmeasured(slot))
                .setVendorHealth(t.vendorHealth(slot))
                .setAllocated(t.allocated(slot))
                .setMissing(t.missing(slot));
    }
}
