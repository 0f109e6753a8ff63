package io.headroom.wire;

import com.google.protobuf.CodedInputStream;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.ImplausibleValues;
import io.headroom.core.fleet.ImplausibleValues.Kind;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.protocol.v1.SchedulerState;
import java.io.IOException;

/**
 * Writes one serialized telemetry batch into the fleet's arrays, reading its bytes with
 * {@link CodedInputStream}: no message objects, no String per node (see {@link NodeOrdinals}),
 * one reused {@link SampleBuffer}. One decoder per stream; called on the stream's gRPC thread.
 *
 * <p>Samples for nodes, GPUs or slices the current layout does not know are counted and
 * skipped, not fatal: the inventory that names them is usually one call away. Values no real
 * device reports become "unavailable" through {@link ImplausibleValues}, counted per kind.
 * Bytes that are not a batch throw {@link MalformedTelemetryException}; the samples read before
 * the break are kept (each of them was whole).
 */
public final class TelemetryDecoder {

    private final SampleBuffer buffer = new SampleBuffer();
    private final NodeOrdinals nodes = new NodeOrdinals();
    private final ImplausibleValues implausible;
    private long unknownSamples;

    public TelemetryDecoder() {
        this("an agent");
    }

    /** @param source the sender, for the one log line per kind of implausible value: "agent 10.0.0.7:50051" */
    public TelemetryDecoder(String source) {
        this.implausible = new ImplausibleValues(source);
    }

    /**
     * Writes a batch's samples into the telemetry.
     *
     * @param bytes one serialized {@code TelemetryBatch}
     * @return the number of accelerator samples written
     * @throws MalformedTelemetryException when the bytes are not a batch
     */
    public int write(byte[] bytes, FleetTelemetry target) {
        FleetLayout layout = target.layout();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        int written = 0;
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == BatchFields.NODES) {
                    int length = in.readRawVarint32();
                    int start = in.getTotalBytesRead();
                    int outer = in.pushLimit(length);
                    written += node(in, bytes, start, length, layout, target);
                    in.popLimit(outer);
                } else if (tag == BatchFields.RACKS) {
                    int outer = in.pushLimit(in.readRawVarint32());
                    rack(in, layout, target);
                    in.popLimit(outer);
                } else {
                    BatchFields.skip(in, tag);
                }
            }
        } catch (IOException e) {
            throw BatchFields.malformed(e, in, bytes.length);
        } finally {
            target.publish(written);
        }
        return written;
    }

    /**
     * One node sample: its own fields first (they may come after its accelerators on the wire),
     * then its accelerators in a second pass over the same bytes.
     */
    private int node(
            CodedInputStream in, byte[] bytes, int start, int length, FleetLayout layout, FleetTelemetry target)
            throws IOException {
        int hostOffset = 0;
        int hostLength = 0;
        long time = 0;
        int state = 0;
        long generation = 0;
        int accelerators = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == BatchFields.NODE_HOSTNAME) {
                hostLength = in.readRawVarint32();
                hostOffset = in.getTotalBytesRead();
                in.skipRawBytes(hostLength);
            } else if (tag == BatchFields.NODE_TIME) {
                time = in.readInt64();
            } else if (tag == BatchFields.NODE_STATE) {
                state = in.readEnum();
            } else if (tag == BatchFields.NODE_GENERATION) {
                generation = in.readUInt64();
            } else {
                if (tag == BatchFields.NODE_ACCELERATORS) {
                    accelerators++;
                }
                BatchFields.skip(in, tag);
            }
        }
        int node = nodes.resolve(layout, bytes, hostOffset, hostLength);
        if (node == FleetLayout.NONE) {
            unknownSamples += accelerators;
            return 0;
        }
        SchedulerState wireState = SchedulerState.forNumber(state);
        target.writeNode(
                node,
                time,
                InventoryCodec.schedulerState(wireState == null ? SchedulerState.UNRECOGNIZED : wireState),
                generation);
        if (accelerators == 0) {
            return 0;
        }
        // Checked whole by the first pass: nothing below can break.
        CodedInputStream again = CodedInputStream.newInstance(bytes, start, length);
        int written = 0;
        while ((tag = again.readTag()) != 0) {
            if (tag == BatchFields.NODE_ACCELERATORS) {
                int outer = again.pushLimit(again.readRawVarint32());
                written += accelerator(again, node, time, layout, target);
                again.popLimit(outer);
            } else {
                BatchFields.skip(again, tag);
            }
        }
        return written;
    }

    private int accelerator(CodedInputStream in, int node, long time, FleetLayout layout, FleetTelemetry target)
            throws IOException {
        SampleBuffer b = buffer;
        // What a sender leaves out is protobuf's default, 0, as the generated getters read it.
        b.timeMillis = time;
        b.utilizationPct = 0;
        b.smActivePct = 0;
        b.memoryUsedMib = 0;
        b.powerW = 0;
        b.powerLimitW = 0;
        b.gpuTempC = 0;
        b.memoryTempC = 0;
        b.smClockMhz = 0;
        b.throttleReasons = 0;
        b.lastXid = 0;
        b.eccUncorrectable = 0;
        b.remappedRowFailures = 0;
        b.allocated = false;
        b.missing = false;
        int gpuIndex = 0;
        int instance = 0;
        boolean hasInstance = false;
        int unmeasured = 0;
        int health = 0;
        long idleSince = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case BatchFields.GPU_INDEX -> gpuIndex = in.readUInt32();
                case BatchFields.GPU_INSTANCE -> {
                    instance = in.readUInt32();
                    hasInstance = true;
                }
                case BatchFields.UTILIZATION -> b.utilizationPct = in.readFloat();
                case BatchFields.SM_ACTIVE -> b.smActivePct = in.readFloat();
                case BatchFields.MEMORY_USED -> b.memoryUsedMib = in.readFloat();
                case BatchFields.POWER -> b.powerW = in.readFloat();
                case BatchFields.POWER_LIMIT -> b.powerLimitW = in.readFloat();
                case BatchFields.GPU_TEMP -> b.gpuTempC = in.readFloat();
                case BatchFields.MEMORY_TEMP -> b.memoryTempC = in.readFloat();
                case BatchFields.SM_CLOCK -> b.smClockMhz = in.readFloat();
                case BatchFields.THROTTLE -> b.throttleReasons = in.readUInt64();
                case BatchFields.LAST_XID -> b.lastXid = in.readUInt32();
                case BatchFields.ECC -> b.eccUncorrectable = in.readUInt32();
                case BatchFields.REMAPPED_ROWS -> b.remappedRowFailures = in.readUInt32();
                case BatchFields.ALLOCATED -> b.allocated = in.readBool();
                case BatchFields.MISSING -> b.missing = in.readBool();
                case BatchFields.IDLE_SINCE -> idleSince = in.readInt64();
                case BatchFields.UNMEASURED -> unmeasured = in.readUInt32();
                case BatchFields.HEALTH -> health = in.readEnum();
                default -> BatchFields.skip(in, tag);
            }
        }
        int slot = layout.gpuSlot(node, gpuIndex);
        if (slot != FleetLayout.NONE && hasInstance) {
            slot = layout.sliceSlot(slot, instance);
        }
        if (slot == FleetLayout.NONE) {
            unknownSamples++;
            return 0;
        }
        // Bits a newer sender may define are not ours to keep; a sender older than the field sends 0: all measured.
        b.unmeasured = unmeasured & IntegerReading.ALL;
        // The wire's numbers are DeviceHealth's ordinals; a value from a newer sender reads as unknown.
        b.health = DeviceHealth.ofOrdinal(health);
        b.idleSinceMillis = idleSince > 0 && idleSince <= time ? idleSince : 0;
        target.writeAccelerator(slot, implausible.check(b));
        return 1;
    }

    private void rack(CodedInputStream in, FleetLayout layout, FleetTelemetry target) throws IOException {
        String id = "";
        long time = 0;
        float inlet = 0;
        float outlet = 0;
        float power = 0;
        int fans = 0;
        int failed = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case BatchFields.RACK_ID -> id = in.readStringRequireUtf8();
                case BatchFields.RACK_TIME -> time = in.readInt64();
                case BatchFields.RACK_INLET -> inlet = in.readFloat();
                case BatchFields.RACK_OUTLET -> outlet = in.readFloat();
                case BatchFields.RACK_POWER -> power = in.readFloat();
                case BatchFields.RACK_FANS -> fans = in.readUInt32();
                case BatchFields.RACK_FANS_FAILED -> failed = in.readUInt32();
                default -> BatchFields.skip(in, tag);
            }
        }
        int index = layout.rackIndex(id);
        if (index == FleetLayout.NONE) {
            unknownSamples++;
            return;
        }
        target.writeRack(
                index,
                time,
                implausible.check(Kind.RACK_TEMPERATURE, inlet),
                implausible.check(Kind.RACK_TEMPERATURE, outlet),
                implausible.check(Kind.RACK_POWER, power));
        // Failed fans are at most all of them: a sender that says otherwise is not believed on that point.
        target.writeRackFans(index, fans, Math.min(failed, fans));
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

    /** Node samples found by their place in the stream rather than by a lookup of their hostname. */
    public long nodesFoundInOrder() {
        return nodes.guessed();
    }

    /** Node samples looked up by hostname (the first round, a new inventory, a change of order). */
    public long nodesLookedUp() {
        return nodes.lookedUp();
    }
}
