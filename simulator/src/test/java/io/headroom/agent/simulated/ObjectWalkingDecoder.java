package io.headroom.agent.simulated;

import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.ImplausibleValues;
import io.headroom.core.fleet.ImplausibleValues.Kind;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.RackSample;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.InventoryCodec;

/**
 * The decoder of telemetry messages that {@code TelemetryDecoder} (which reads the bytes) replaced,
 * kept only as the reference its equivalence test compares with. Writes one telemetry batch into
 * the fleet's arrays. One decoder per stream (it owns a
 * reused {@link SampleBuffer}); called on the stream's gRPC thread.
 *
 * <p>Samples for nodes, GPUs or slices the current layout does not know are counted and
 * skipped, not fatal: the inventory that names them is usually one call away. Values no real
 * device reports become "unavailable" through {@link ImplausibleValues}, counted per kind.
 */
final class ObjectWalkingDecoder {

    private final SampleBuffer buffer = new SampleBuffer();
    private final ImplausibleValues implausible;
    private long unknownSamples;

    ObjectWalkingDecoder() {
        this("an agent");
    }

    /** @param source the sender, for the one log line per kind of implausible value: "agent 10.0.0.7:50051" */
    ObjectWalkingDecoder(String source) {
        this.implausible = new ImplausibleValues(source);
    }

    /**
     * Writes a batch's samples into the telemetry.
     *
     * @return the number of accelerator samples written
     */
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
            target.writeRack(
                    index,
                    rack.getTimeMs(),
                    implausible.check(Kind.RACK_TEMPERATURE, rack.getInletTempC()),
                    implausible.check(Kind.RACK_TEMPERATURE, rack.getOutletTempC()),
                    implausible.check(Kind.RACK_POWER, rack.getPowerKw()));
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
        target.writeNode(
                nodeIndex,
                node.getTimeMs(),
                InventoryCodec.schedulerState(node.getSchedulerState()),
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
            target.writeAccelerator(slot, implausible.check(buffer));
            written++;
        }
        return written;
    }

    private void fill(SampleBuffer b, AcceleratorSample s, long timeMillis) {
        b.timeMillis = timeMillis;
        b.utilizationPct = s.getUtilizationPct();
        b.smActivePct = s.getSmActivePct();
        b.memoryUsedMib = s.getMemoryUsedMib();
        b.powerW = s.getPowerW();
        b.powerLimitW = s.getPowerLimitW();
        b.gpuTempC = s.getGpuTempC();
        b.memoryTempC = s.getMemoryTempC();
        b.smClockMhz = s.getSmClockMhz();
        b.throttleReasons = s.getThrottleReasons();
        b.lastXid = s.getLastXid();
        b.eccUncorrectable = s.getEccUncorrectable();
        b.remappedRowFailures = s.getRemappedRowFailures();
        // Bits a newer sender may define are not ours to keep; a sender older than the field sends 0: all measured.
        b.unmeasured = s.getUnmeasured() & IntegerReading.ALL;
        b.allocated = s.getAllocated();
        b.missing = s.getMissing();
        // The wire's numbers are DeviceHealth's ordinals; a value from a newer sender reads as unknown.
        b.health = DeviceHealth.ofOrdinal(s.getHealthValue());
        b.idleSinceMillis = s.getIdleSinceMs() > 0 && s.getIdleSinceMs() <= timeMillis ? s.getIdleSinceMs() : 0;
    }

    /** Samples that named a node, GPU, slice or rack the layout did not know. */
    public long unknownSamples() {
        return unknownSamples;
    }

    /** Values outside what any sensor reports, replaced by "unavailable". */
    public long implausibleValues() {
        return implausible.total();
    }

    /** The same, per kind. */
    public ImplausibleValues implausible() {
        return implausible;
    }
}
