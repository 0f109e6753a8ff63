package io.headroom.core.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fleets for tests: an inventory of halls, rows, racks and 8-GPU H100 nodes, and one-line
 * ways to make a node busy, held idle, free, drained, faulted or stale as of a given instant.
 */
public final class TestFleet {

    public static final String MODEL = "NVIDIA H100 80GB HBM3";
    public static final int INTERVAL_MS = 1000;

    public final Inventory inventory;
    public final FleetState state;
    private final SampleBuffer sample = new SampleBuffer();

    private TestFleet(Inventory inventory) {
        this.inventory = inventory;
        this.state = new FleetState(IdleThresholds.DEFAULTS);
        state.install(inventory);
    }

    /**
     * Builds a regular test fleet.
     *
     * @param migNodeEvery every n-th node has MIG on, seven 1g.10gb slices per GPU; 0 for none
     */
    public static TestFleet of(
            int halls, int rowsPerHall, int racksPerRow, int nodesPerRack, int gpusPerNode, int migNodeEvery) {
        List<Hall> hallList = new ArrayList<>();
        List<Rack> racks = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        int nodeNumber = 0;
        for (int h = 1; h <= halls; h++) {
            hallList.add(new Hall("h" + h, "sh1", "Hall " + h));
            for (int row = 0; row < rowsPerHall; row++) {
                // A to Z, then AA, AB, ... as a large hall labels its rows.
                String rowLabel = row < 26
                        ? String.valueOf((char) ('A' + row))
                        : String.valueOf((char) ('A' + row / 26 - 1)) + (char) ('A' + row % 26);
                for (int position = 1; position <= racksPerRow; position++) {
                    String rackId = "h%d-%s%02d".formatted(h, rowLabel.toLowerCase(Locale.ROOT), position);
                    racks.add(new Rack(rackId, "h" + h, rowLabel, position, 48, 44.0));
                    for (int n = 1; n <= nodesPerRack; n++, nodeNumber++) {
                        String host = "gpu-%s-n%d".formatted(rackId, n);
                        boolean mig = migNodeEvery > 0 && nodeNumber % migNodeEvery == migNodeEvery - 1;
                        nodes.add(new Node(
                                host,
                                "SN" + (100000 + nodeNumber),
                                rackId,
                                2 + (n - 1) * 10,
                                8,
                                "training",
                                "tenant-" + (nodeNumber % 5),
                                SchedulerState.ALLOCATED,
                                1,
                                INTERVAL_MS,
                                gpus(host, gpusPerNode, mig)));
                    }
                }
            }
        }
        return new TestFleet(new Inventory("test", 1, List.of(new Site("sh1", "Shanghai")), hallList, racks, nodes));
    }

    private static List<Accelerator> gpus(String host, int count, boolean mig) {
        List<Accelerator> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String uuid = "GPU-" + host + "-" + i;
            List<MigSlice> slices = new ArrayList<>();
            for (int s = 0; mig && s < 7; s++) {
                slices.add(new MigSlice("MIG-" + uuid + "-" + s, 7 + s, 0, 19, "1g.10gb", s, 1, 9_856));
            }
            gpus.add(new Accelerator(uuid, Vendor.NVIDIA, MODEL, 81_559, i, mig, slices));
        }
        return gpus;
    }

    public FleetTelemetry telemetry() {
        return state.current();
    }

    /** Every GPU (and slice) of the node working hard, sampled at {@code now}. */
    public void busy(int node, long now) {
        write(node, now, SchedulerState.ALLOCATED, true, 88, 640, 71, 0);
    }

    /** Allocated but near 0 % since {@code now - 20 min}: held idle. */
    public void heldIdle(int node, long now) {
        heldIdleSince(node, now - 20 * 60_000, now);
    }

    /** Allocated but near 0 % from {@code since} to {@code now}: held idle once that is 10 minutes or more. */
    public void heldIdleSince(int node, long since, long now) {
        write(node, since, SchedulerState.ALLOCATED, true, 1, 85, 36, 0);
        write(node, now, SchedulerState.ALLOCATED, true, 1, 85, 36, 0);
    }

    public void freeIdle(int node, long now) {
        write(node, now, SchedulerState.IDLE, false, 0, 70, 33, 0);
    }

    public void drained(int node, long now) {
        write(node, now, SchedulerState.DRAINED, false, 0, 65, 31, 0);
    }

    /** Every GPU of the node working hard at 89 C, past an H100's slowdown point: throttling. */
    public void hot(int node, long now) {
        write(node, now, SchedulerState.ALLOCATED, true, 88, 700, 89, 0);
    }

    /** Busy, except that one GPU reported XID 79 (fallen off the bus). */
    public void faultedGpu(int node, int gpuIndex, long now) {
        busy(node, now);
        SampleBuffer s = fill(now, true, 0, 0, 40, 79);
        telemetry().writeAccelerator(telemetry().layout().firstGpuSlot(node) + gpuIndex, s);
        telemetry().publish(1);
    }

    /** Last heard from five minutes before {@code now}: stale. */
    public void stale(int node, long now) {
        busy(node, now - 5 * 60_000);
    }

    private void write(
            int node,
            long time,
            SchedulerState scheduler,
            boolean allocated,
            float util,
            float watts,
            float temp,
            int xid) {
        FleetTelemetry table = telemetry();
        var layout = table.layout();
        table.writeNode(node, time, scheduler, 1);
        int samples = 0;
        for (int gpu = layout.firstGpuSlot(node); gpu < layout.endGpuSlot(node); gpu++) {
            boolean mig = layout.firstSliceSlot(gpu) < layout.endSliceSlot(gpu);
            // Under MIG the driver reports no GPU utilization; activity comes from the slices.
            SampleBuffer s = fill(time, allocated, mig ? Float.NaN : util, watts, temp, xid);
            table.writeAccelerator(gpu, s);
            samples++;
            for (int slice = layout.firstSliceSlot(gpu); slice < layout.endSliceSlot(gpu); slice++) {
                SampleBuffer sliceSample = fill(time, allocated && slice % 3 != 0, Float.NaN, Float.NaN, Float.NaN, 0);
                sliceSample.smActivePct = util;
                table.writeAccelerator(slice, sliceSample);
                samples++;
            }
        }
        table.publish(samples);
    }

    private SampleBuffer fill(long time, boolean allocated, float util, float watts, float temp, int xid) {
        sample.clear().unmeasured = 0; // an NVIDIA source: every integer reading measured
        sample.timeMillis = time;
        sample.utilizationPct = util;
        sample.powerW = watts;
        sample.powerLimitW = 700;
        sample.gpuTempC = temp;
        sample.memoryUsedMib = allocated ? 61_000 : 0;
        sample.allocated = allocated;
        sample.lastXid = xid;
        return sample;
    }
}
