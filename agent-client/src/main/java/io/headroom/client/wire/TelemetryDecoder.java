package io.headroom.client.wire;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.RackSample;
import io.headroom.protocol.v1.TelemetryBatch;

/**
 * Writes one telemetry batch into the fleet's arrays. One decoder per stream (it owns a
 * reused {@link SampleBuffer}); called on the stream's gRPC thread.
 *
 * <p>Samples for nodes, GPUs or slices the current layout does not know are counted and
 * skipped, not fatal: the inventory that names them is usually one call away.
 */
public final class TelemetryDecoder {

    /** Values no real sensor reports; a sample carrying one is a broken source, not a hot GPU. */
    private static final float MAX_PLAUSIBLE_TEMP_C = 200f;
    private static final float MAX_PLAUSIBLE_POWER_W = 5_000f;

    private final SampleBuffer buffer = new SampleBuffer();
    private long unknownSamples;
    private long implausibleValues;

    /** @return the number of accelerator samples written */
    public int write(TelemetryBatch batch, FleetTelemetry target) {
        FleetLayout layout = target.layout();
        int written = 0;
        for (int i = 0, n = batch.getNodesCount(); i < n; i++) {
            written += writeNode(batch.getNodes(i), layout, target);
        }
        for (int i = 0, n = batch.getRacksCount(); i < n; i++) {
            RackSample rack = batch.getRacks(i);
            int index = layout.rackIndex(rack.getRackId());
            if (index == FleetLayout.NONE) {
                unknownSamples++;
                continue;
            }
            target.writeRack(index, rack.getTimeMs(), temperature(rack.getInletTempC()),
                    temperature(rack.getOutletTempC()), nonNegative(rack.getPowerKw()));
            // Failed fans are at most all of them: a sender that says otherwise is not believed on that point.
            target.writeRackFans(index, rack.getFans(), Math.min(rack.getFansFailed(), rack.getFans()));
        }
        target.publish(written);
        return written;
    }

    private int writeNode(NodeSample node, FleetLayout layout, FleetTelemetry target) {
        int nodeIndex = layout.nodeIndex(node.getHostname());
        if (nodeIndex == FleetLayout.NONE) {
            unknownSamples += node.getAcceleratorsCount();
            return 0;
        }
        target.writeNode(nodeIndex, node.getTimeMs(), InventoryCodec.schedulerState(node.getSchedulerState()),
                node.getGeneration());
        int written = 0;
        for (int i = 0, n = node.getAcceleratorsCount(); i < n; i++) {
            AcceleratorSample sample = node.getAccelerators(i);
            int slot = layout.gpuSlot(nodeIndex, sample.getGpuIndex());
            if (slot != FleetLayout.NONE && sample.hasGpuInstanceId()) {
                slot = layout.sliceSlot(slot, sample.getGpuInstanceId());
            }
            if (slot == FleetLayout.NONE) {
                unknownSamples++;
                continue;
            }
            fill(buffer, sample, node.getTimeMs());
            target.writeAccelerator(slot, buffer);
            written++;
        }
        return written;
    }

    private void fill(SampleBuffer b, AcceleratorSample s, long timeMillis) {
        b.timeMillis = timeMillis;
        b.utilizationPct = percent(s.getUtilizationPct());
        b.smActivePct = percent(s.getSmActivePct());
        b.memoryUsedMib = nonNegative(s.getMemoryUsedMib());
        b.powerW = bounded(s.getPowerW(), MAX_PLAUSIBLE_POWER_W);
        b.powerLimitW = bounded(s.getPowerLimitW(), MAX_PLAUSIBLE_POWER_W);
        b.gpuTempC = temperature(s.getGpuTempC());
        b.memoryTempC = temperature(s.getMemoryTempC());
        b.smClockMhz = nonNegative(s.getSmClockMhz());
        b.throttleReasons = s.getThrottleReasons();
        b.lastXid = s.getLastXid();
        b.eccUncorrectable = s.getEccUncorrectable();
        b.remappedRowFailures = s.getRemappedRowFailures();
        b.allocated = s.getAllocated();
        b.missing = s.getMissing();
        b.idleSinceMillis = s.getIdleSinceMs() > 0 && s.getIdleSinceMs() <= timeMillis ? s.getIdleSinceMs() : 0;
    }

    // Absurd values become "unavailable" rather than a lie on the wall display.
    private float percent(float value) {
        return check(value >= 0 && value <= 100.5f, value);
    }

    private float temperature(float value) {
        return check(value > -50 && value < MAX_PLAUSIBLE_TEMP_C, value);
    }

    private float nonNegative(float value) {
        return check(value >= 0 && value < Float.POSITIVE_INFINITY, value);
    }

    private float bounded(float value, float max) {
        return check(value >= 0 && value <= max, value);
    }

    private float check(boolean plausible, float value) {
        if (plausible || Float.isNaN(value)) {
            return value;
        }
        implausibleValues++;
        return Float.NaN;
    }

    /** Samples that named a node, GPU, slice or rack the layout did not know. */
    public long unknownSamples() {
        return unknownSamples;
    }

    /** Values outside what any sensor reports, replaced by "unavailable". */
    public long implausibleValues() {
        return implausibleValues;
    }
}
