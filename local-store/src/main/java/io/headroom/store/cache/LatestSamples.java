package io.headroom.store.cache;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import java.nio.ByteBuffer;

/**
 * The latest sample of every accelerator, node and rack, by store number, as flat bytes:
 * what the cache writer saves and what a cold start paints. Kept in memory between saves so
 * that an accelerator missing from the current layout keeps its last value, and so that a
 * save can tell which samples are new.
 */
final class LatestSamples {

    static final int ACCELERATOR_BYTES = 69;
    static final int NODE_BYTES = 17;
    static final int RACK_BYTES = 20;
    private static final byte ALLOCATED = 1;
    private static final byte MISSING = 2;
    /** The flags byte's upper bits: the IntegerReading bits of readings the source did not measure (0 in caches from before). */
    private static final int UNMEASURED_SHIFT = 2;

    private ByteBuffer accelerators;
    private ByteBuffer nodes;
    private ByteBuffer racks;

    LatestSamples() {
        this(new byte[0], new byte[0], new byte[0]);
    }

    LatestSamples(byte[] accelerators, byte[] nodes, byte[] racks) {
        this.accelerators = ByteBuffer.wrap(accelerators);
        this.nodes = ByteBuffer.wrap(nodes);
        this.racks = ByteBuffer.wrap(racks);
    }

    byte[] acceleratorBytes() {
        return accelerators.array();
    }

    byte[] nodeBytes() {
        return nodes.array();
    }

    byte[] rackBytes() {
        return racks.array();
    }

    /** Copies every sample newer than the one held; returns how many accelerators, nodes and racks changed. */
    // scheduler state stored as one byte per node in the flat save buffer
    @SuppressWarnings("EnumOrdinal")
    int capture(FleetTelemetry t, FleetNumbers.SlotNumbers numbers) {
        t.version(); // a volatile read: what writers published before it is visible below
        int changed = 0;
        int[] accelOfSlot = numbers.accelOfSlot();
        for (int slot = 0; slot < accelOfSlot.length; slot++) {
            int at = accelOfSlot[slot] * ACCELERATOR_BYTES;
            accelerators = grown(accelerators, at + ACCELERATOR_BYTES);
            // The sample time is written last by writers and read first here: a torn read is
            // stored with the older time and replaced by the next save.
            long time = t.sampleTime(slot);
            if (time == 0 || time == accelerators.getLong(at)) {
                continue;
            }
            accelerators
                    .putLong(at, time)
                    .putLong(at + 8, t.idleSinceMillis(slot))
                    .putFloat(at + 16, t.utilizationPct(slot))
                    .putFloat(at + 20, t.smActivePct(slot))
                    .putFloat(at + 24, t.memoryUsedMib(slot))
                    .putFloat(at + 28, t.powerW(slot))
                    .putFloat(at + 32, t.powerLimitW(slot))
                    .putFloat(at + 36, t.gpuTempC(slot))
                    .putFloat(at + 40, t.memoryTempC(slot))
                    .putFloat(at + 44, t.smClockMhz(slot))
                    .putLong(at + 48, t.throttleReasons(slot))
                    .putInt(at + 56, t.lastXid(slot))
                    .putInt(at + 60, t.eccUncorrectable(slot))
                    .putInt(at + 64, t.remappedRowFailures(slot))
                    .put(at + 68, (byte) ((t.allocated(slot) ? ALLOCATED : 0)
                            | (t.missing(slot) ? MISSING : 0)
                            | t.unmeasured(slot) << UNMEASURED_SHIFT));
            changed++;
        }
        int[] nodeNo = numbers.nodeNo();
        for (int n = 0; n < nodeNo.length; n++) {
            int at = nodeNo[n] * NODE_BYTES;
            nodes = grown(nodes, at + NODE_BYTES);
            long time = t.nodeSampleTime(n);
            long generation = t.generation(n);
            byte state = (byte) t.schedulerState(n).ordinal();
            if (time != nodes.getLong(at) || state != nodes.get(at + 8) || generation != nodes.getLong(at + 9)) {
                nodes.putLong(at, time).put(at + 8, state).putLong(at + 9, generation);
                changed++;
            }
        }
        int[] rackNo = numbers.rackNo();
        for (int r = 0; r < rackNo.length; r++) {
            int at = rackNo[r] * RACK_BYTES;
            racks = grown(racks, at + RACK_BYTES);
            long time = t.rackSampleTime(r);
            if (time != 0 && time != racks.getLong(at)) {
                racks.putLong(at, time)
                        .putFloat(at + 8, t.rackInletC(r))
                        .putFloat(at + 12, t.rackOutletC(r))
                        .putFloat(at + 16, t.rackPowerKw(r));
                changed++;
            }
        }
        return changed;
    }

    /** Writes the held samples into {@code t}, with their original times; returns how many slots got one. */
    int restoreInto(FleetTelemetry t, FleetNumbers.SlotNumbers numbers) {
        SampleBuffer sample = new SampleBuffer();
        int restored = 0;
        int[] accelOfSlot = numbers.accelOfSlot();
        for (int slot = 0; slot < accelOfSlot.length; slot++) {
            int at = accelOfSlot[slot] * ACCELERATOR_BYTES;
            if (at + ACCELERATOR_BYTES > accelerators.capacity() || accelerators.getLong(at) == 0) {
                continue;
            }
            sample.clear();
            sample.timeMillis = accelerators.getLong(at);
            long idleSince = accelerators.getLong(at + 8);
            sample.idleSinceMillis = idleSince == FleetTelemetry.NOT_IDLE ? 0 : idleSince;
            sample.utilizationPct = accelerators.getFloat(at + 16);
            sample.smActivePct = accelerators.getFloat(at + 20);
            sample.memoryUsedMib = accelerators.getFloat(at + 24);
            sample.powerW = accelerators.getFloat(at + 28);
            sample.powerLimitW = accelerators.getFloat(at + 32);
            sample.gpuTempC = accelerators.getFloat(at + 36);
            sample.memoryTempC = accelerators.getFloat(at + 40);
            sample.smClockMhz = accelerators.getFloat(at + 44);
            sample.throttleReasons = accelerators.getLong(at + 48);
            sample.lastXid = accelerators.getInt(at + 56);
            sample.eccUncorrectable = accelerators.getInt(at + 60);
            sample.remappedRowFailures = accelerators.getInt(at + 64);
            byte flags = accelerators.get(at + 68);
            sample.allocated = (flags & ALLOCATED) != 0;
            sample.missing = (flags & MISSING) != 0;
            sample.unmeasured = (flags >> UNMEASURED_SHIFT) & IntegerReading.ALL;
            t.writeAccelerator(slot, sample);
            restored++;
        }
        int[] nodeNo = numbers.nodeNo();
        for (int n = 0; n < nodeNo.length; n++) {
            int at = nodeNo[n] * NODE_BYTES;
            if (at + NODE_BYTES <= nodes.capacity() && nodes.getLong(at) != 0) {
                t.writeNode(n, nodes.getLong(at), SchedulerState.ofOrdinal(nodes.get(at + 8)), nodes.getLong(at + 9));
            }
        }
        int[] rackNo = numbers.rackNo();
        for (int r = 0; r < rackNo.length; r++) {
            int at = rackNo[r] * RACK_BYTES;
            if (at + RACK_BYTES <= racks.capacity() && racks.getLong(at) != 0) {
                t.writeRack(
                        r, racks.getLong(at), racks.getFloat(at + 8), racks.getFloat(at + 12), racks.getFloat(at + 16));
            }
        }
        t.publish(restored);
        return restored;
    }

    private static ByteBuffer grown(ByteBuffer buffer, int needed) {
        if (needed <= buffer.capacity()) {
            return buffer;
        }
        // Copy through the buffer API rather than array(), which would ignore an array offset or a direct buffer.
        ByteBuffer grown = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 3 / 2));
        grown.put(buffer.duplicate().clear());
        return grown.clear();
    }
}
