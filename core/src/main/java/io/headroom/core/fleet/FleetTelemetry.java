package io.headroom.core.fleet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The latest value of every metric of every slot (GPU or MIG slice), node and rack of one
 * {@link FleetLayout}, in flat primitive arrays.
 *
 * <p>Threading: many writers (one per agent stream; each node is written by one stream at a
 * time), any number of readers, no locks. A writer fills a node's slots and then calls
 * {@link #publish(int)}, whose atomic increment orders those writes before any reader that
 * observes the new {@link #version()}. A reader may see one slot's fields from two
 * neighbouring samples; for latest-value telemetry that is acceptable, and it never sees
 * a value from another slot.
 */
public final class FleetTelemetry {

    /** {@link #idleSinceMillis} when the slot is not idle. */
    public static final long NOT_IDLE = Long.MIN_VALUE;

    private static final byte ALLOCATED = 1;
    private static final byte MISSING = 2;

    private final FleetLayout layout;
    private final float idleBelowPct;
    private final AtomicLong version;
    private final LongAdder samplesWritten = new LongAdder();

    // Per slot.
    private final long[] sampleTime;
    private final long[] idleSince;
    private final float[] utilization;
    private final float[] smActive;
    private final float[] memoryUsed;
    private final float[] power;
    private final float[] powerLimit;
    private final float[] gpuTemp;
    private final float[] memoryTemp;
    private final float[] smClock;
    private final long[] throttleReasons;
    private final int[] lastXid;
    private final int[] eccUncorrectable;
    private final int[] remappedRows;
    private final byte[] unmeasured; // IntegerReading bits
    private final byte[] flags;
    private final byte[] health; // DeviceHealth ordinals

    // Per node.
    private final long[] nodeSampleTime;
    private final byte[] schedulerState;
    private final long[] generation;

    // Per rack.
    private final long[] rackSampleTime;
    private final float[] rackInlet;
    private final float[] rackOutlet;
    private final float[] rackPowerKw;
    private final int[] rackFans;
    private final int[] rackFansFailed;

    // scheduler state kept as a byte per node in a flat array written on the ingest path; an enum array costs a
    // reference per node
    @SuppressWarnings("EnumOrdinal")
    FleetTelemetry(FleetLayout layout, float idleBelowPct, AtomicLong version) {
        this.layout = layout;
        this.idleBelowPct = idleBelowPct;
        this.version = version;
        int slots = layout.slotCount();
        sampleTime = new long[slots];
        idleSince = new long[slots];
        Arrays.fill(idleSince, NOT_IDLE);
        utilization = nanArray(slots);
        smActive = nanArray(slots);
        memoryUsed = nanArray(slots);
        power = nanArray(slots);
        powerLimit = nanArray(slots);
        gpuTemp = nanArray(slots);
        memoryTemp = nanArray(slots);
        smClock = nanArray(slots);
        throttleReasons = new long[slots];
        lastXid = new int[slots];
        eccUncorrectable = new int[slots];
        remappedRows = new int[slots];
        unmeasured = new byte[slots];
        Arrays.fill(unmeasured, (byte) IntegerReading.ALL); // nothing sampled: nothing measured
        flags = new byte[slots];
        health = new byte[slots];

        int nodes = layout.nodeCount();
        nodeSampleTime = new long[nodes];
        schedulerState = new byte[nodes];
        generation = new long[nodes];
        for (int n = 0; n < nodes; n++) {
            Node node = layout.node(n);
            schedulerState[n] = (byte) node.schedulerState().ordinal();
            generation[n] = node.generation();
        }

        int racks = layout.rackCount();
        rackSampleTime = new long[racks];
        rackInlet = nanArray(racks);
        rackOutlet = nanArray(racks);
        rackPowerKw = nanArray(racks);
        rackFans = new int[racks];
        rackFansFailed = new int[racks];
    }

    private static float[] nanArray(int length) {
        float[] array = new float[length];
        Arrays.fill(array, Float.NaN);
        return array;
    }

    public FleetLayout layout() {
        return layout;
    }

    // ------------------------------------------------------------------ writing

    // scheduler state kept as a byte per node in a flat array written on the ingest path; an enum array costs a
    // reference per node
    @SuppressWarnings("EnumOrdinal")
    public void writeNode(int node, long timeMillis, SchedulerState state, long nodeGeneration) {
        nodeSampleTime[node] = timeMillis;
        schedulerState[node] = (byte) state.ordinal();
        generation[node] = nodeGeneration;
    }

    // health kept as a byte per slot in a flat array written on the ingest path, like the scheduler state
    @SuppressWarnings("EnumOrdinal")
    public void writeAccelerator(int slot, SampleBuffer sample) {
        float activity = sample.activityPct();
        if (Float.isNaN(activity) || activity >= idleBelowPct) {
            idleSince[slot] = NOT_IDLE;
        } else {
            long since = idleSince[slot] == NOT_IDLE ? sample.timeMillis : idleSince[slot];
            // The source's own record reaches further back than ours when we just connected.
            if (sample.idleSinceMillis > 0 && sample.idleSinceMillis < since) {
                since = sample.idleSinceMillis;
            }
            idleSince[slot] = since;
        }
        utilization[slot] = sample.utilizationPct;
        smActive[slot] = sample.smActivePct;
        memoryUsed[slot] = sample.memoryUsedMib;
        power[slot] = sample.powerW;
        powerLimit[slot] = sample.powerLimitW;
        gpuTemp[slot] = sample.gpuTempC;
        memoryTemp[slot] = sample.memoryTempC;
        smClock[slot] = sample.smClockMhz;
        throttleReasons[slot] = sample.throttleReasons;
        lastXid[slot] = sample.lastXid;
        eccUncorrectable[slot] = sample.eccUncorrectable;
        remappedRows[slot] = sample.remappedRowFailures;
        unmeasured[slot] = (byte) sample.unmeasured;
        health[slot] = (byte) sample.health.ordinal();
        flags[slot] = (byte) ((sample.allocated ? ALLOCATED : 0) | (sample.missing ? MISSING : 0));
        sampleTime[slot] = sample.timeMillis;
    }

    public void writeRack(int rack, long timeMillis, float inletC, float outletC, float powerKw) {
        rackInlet[rack] = inletC;
        rackOutlet[rack] = outletC;
        rackPowerKw[rack] = powerKw;
        rackSampleTime[rack] = timeMillis;
    }

    /**
     * The fans the rack's BMCs report and how many of them are faulted; 0 fans means nobody
     * reads them. Written with (just after) {@link #writeRack}, by the same writer.
     */
    public void writeRackFans(int rack, int fans, int fansFailed) {
        rackFans[rack] = fans;
        rackFansFailed[rack] = fansFailed;
    }

    /** Makes the writes so far visible to readers as one new version; call once per batch. */
    public void publish(int samples) {
        samplesWritten.add(samples);
        version.incrementAndGet();
    }

    // ------------------------------------------------------------------ reading

    /** Changes whenever any writer publishes; readers repaint when it moved. */
    public long version() {
        return version.get();
    }

    public long samplesWritten() {
        return samplesWritten.sum();
    }

    /** When the slot was last sampled (epoch ms), 0 if never. */
    public long sampleTime(int slot) {
        return sampleTime[slot];
    }
    /** When the slot's activity fell below the idle threshold, or {@link #NOT_IDLE}. */
    public long idleSinceMillis(int slot) {
        return idleSince[slot];
    }

    public float utilizationPct(int slot) {
        return utilization[slot];
    }

    public float smActivePct(int slot) {
        return smActive[slot];
    }

    public float activityPct(int slot) {
        float u = utilization[slot];
        return Float.isNaN(u) ? smActive[slot] : u;
    }

    public float memoryUsedMib(int slot) {
        return memoryUsed[slot];
    }

    public float powerW(int slot) {
        return power[slot];
    }

    public float powerLimitW(int slot) {
        return powerLimit[slot];
    }

    public float gpuTempC(int slot) {
        return gpuTemp[slot];
    }

    public float memoryTempC(int slot) {
        return memoryTemp[slot];
    }

    public float smClockMhz(int slot) {
        return smClock[slot];
    }

    public long throttleReasons(int slot) {
        return throttleReasons[slot];
    }

    public int lastXid(int slot) {
        return lastXid[slot];
    }

    public int eccUncorrectable(int slot) {
        return eccUncorrectable[slot];
    }

    public int remappedRowFailures(int slot) {
        return remappedRows[slot];
    }
    /** False when the slot's source could not measure the reading: its value above is 0 and means nothing. */
    public boolean measured(int slot, IntegerReading reading) {
        return (unmeasured[slot] & reading.bit()) == 0;
    }
    /** The {@link IntegerReading} bits of the readings the slot's source could not measure. */
    public int unmeasured(int slot) {
        return unmeasured[slot];
    }

    /** The device's own health verdict, {@link DeviceHealth#UNKNOWN} where its source gives none. */
    public DeviceHealth health(int slot) {
        return DeviceHealth.ofOrdinal(health[slot]);
    }

    public boolean allocated(int slot) {
        return (flags[slot] & ALLOCATED) != 0;
    }

    public boolean missing(int slot) {
        return (flags[slot] & MISSING) != 0;
    }

    public long nodeSampleTime(int node) {
        return nodeSampleTime[node];
    }

    public SchedulerState schedulerState(int node) {
        return SchedulerState.ofOrdinal(schedulerState[node]);
    }

    public long generation(int node) {
        return generation[node];
    }

    public long rackSampleTime(int rack) {
        return rackSampleTime[rack];
    }

    public float rackInletC(int rack) {
        return rackInlet[rack];
    }

    public float rackOutletC(int rack) {
        return rackOutlet[rack];
    }

    public float rackPowerKw(int rack) {
        return rackPowerKw[rack];
    }

    public int rackFans(int rack) {
        return rackFans[rack];
    }

    public int rackFansFailed(int rack) {
        return rackFansFailed[rack];
    }

    // ------------------------------------------------------------------ layout change

    /** Carries every value this table holds over to a table for a newer layout, matched by UUID and hostname. */
    void copyInto(FleetTelemetry target) {
        FleetLayout to = target.layout;
        // A new inventory version mostly renames a pool or drains a node: its slots are the old ones in the
        // same places. Those are matched in place; only the rest goes through a map of every UUID (at a
        // million GPUs building that map took two seconds per inventory change).
        Map<String, Integer> slotByUuid = null;
        for (int slot = 0; slot < to.slotCount(); slot++) {
            String uuid = uuidOf(to, slot);
            if (slot < layout.slotCount() && uuid.equals(uuidOf(layout, slot))) {
                copySlot(slot, target, slot);
                continue;
            }
            if (slotByUuid == null) {
                slotByUuid = new HashMap<>(layout.slotCount() * 2);
                for (int old = 0; old < layout.slotCount(); old++) {
                    slotByUuid.put(uuidOf(layout, old), old);
                }
            }
            Integer from = slotByUuid.get(uuid);
            if (from != null) {
                copySlot(from, target, slot);
            }
        }
        for (int n = 0; n < to.nodeCount(); n++) {
            int from = layout.nodeIndex(to.node(n).hostname());
            if (from != FleetLayout.NONE && nodeSampleTime[from] > 0) {
                target.nodeSampleTime[n] = nodeSampleTime[from];
                // The new inventory's state and generation are newer than what we saw streamed.
            }
        }
        for (int r = 0; r < to.rackCount(); r++) {
            int from = layout.rackIndex(to.rack(r).id());
            if (from != FleetLayout.NONE) {
                target.writeRack(r, rackSampleTime[from], rackInlet[from], rackOutlet[from], rackPowerKw[from]);
                target.writeRackFans(r, rackFans[from], rackFansFailed[from]);
            }
        }
    }

    private static String uuidOf(FleetLayout layout, int slot) {
        MigSlice slice = layout.slice(slot);
        return slice == null ? layout.accelerator(slot).uuid() : slice.uuid();
    }

    private void copySlot(int from, FleetTelemetry target, int to) {
        target.sampleTime[to] = sampleTime[from];
        target.idleSince[to] = idleSince[from];
        target.utilization[to] = utilization[from];
        target.smActive[to] = smActive[from];
        target.memoryUsed[to] = memoryUsed[from];
        target.power[to] = power[from];
        target.powerLimit[to] = powerLimit[from];
        target.gpuTemp[to] = gpuTemp[from];
        target.memoryTemp[to] = memoryTemp[from];
        target.smClock[to] = smClock[from];
        target.throttleReasons[to] = throttleReasons[from];
        target.lastXid[to] = lastXid[from];
        target.eccUncorrectable[to] = eccUncorrectable[from];
        target.remappedRows[to] = remappedRows[from];
        target.unmeasured[to] = unmeasured[from];
        target.flags[to] = flags[from];
    }
}
