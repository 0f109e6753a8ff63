package io.headroom.store.testing;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.ComputeInstance;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Site;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.List;

/** Hand-made fleets for the store's tests. */
public final class Fleets {

    public static final String H100 = "NVIDIA H100 80GB HBM3";

    private Fleets() {}

    /**
     * {@code racks} racks "r0".. in hall "h1", {@code nodesPerRack} nodes "r{r}n{n}" each with
     * {@code gpus} H100s "GPU-r{r}n{n}-{i}". Even racks are pool "train" of tenant "acme", odd
     * racks pool "infer" of tenant "globex".
     */
    public static Inventory of(int racks, int nodesPerRack, int gpus) {
        List<Rack> rackList = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (int r = 0; r < racks; r++) {
            rackList.add(new Rack("r" + r, "h1", "A", r + 1, 42, 40));
            for (int n = 0; n < nodesPerRack; n++) {
                String host = "r" + r + "n" + n;
                List<Accelerator> accelerators = new ArrayList<>();
                for (int i = 0; i < gpus; i++) {
                    accelerators.add(
                            new Accelerator("GPU-" + host + "-" + i, Vendor.NVIDIA, H100, 81559, i, false, List.of()));
                }
                nodes.add(new Node(
                        host,
                        "SN-" + host,
                        "r" + r,
                        1 + 4 * n,
                        4,
                        r % 2 == 0 ? "train" : "infer",
                        r % 2 == 0 ? "acme" : "globex",
                        SchedulerState.IDLE,
                        1,
                        1000,
                        accelerators));
            }
        }
        return new Inventory(
                "test", 1, List.of(new Site("s1", "Site 1")), List.of(new Hall("h1", "s1", "Hall 1")), rackList, nodes);
    }

    /** {@link #of} plus one node "mig" in rack r0 whose GPU 1 runs two MIG slices. */
    public static Inventory withMig(int racks, int nodesPerRack, int gpus) {
        Inventory plain = of(racks, nodesPerRack, gpus);
        var whole = new Accelerator("GPU-mig-0", Vendor.NVIDIA, H100, 81559, 0, false, List.of());
        var sliced = new Accelerator(
                "GPU-mig-1",
                Vendor.NVIDIA,
                H100,
                81559,
                1,
                true,
                List.of(
                        new MigSlice(
                                "MIG-mig-1-a",
                                1,
                                0,
                                9,
                                "3g.40gb",
                                0,
                                4,
                                40779,
                                List.of(
                                        new ComputeInstance(0, "", 16, 1),
                                        new ComputeInstance(1, "MIG-mig-1-a-ci1", 32, 2))),
                        new MigSlice("MIG-mig-1-b", 2, 0, 5, "4g.40gb", 4, 4, 40779)));
        List<Node> nodes = new ArrayList<>(plain.nodes());
        nodes.add(new Node(
                "mig", "SN-mig", "r0", 40, 2, "infer", "acme", SchedulerState.MIXED, 3, 1000, List.of(whole, sliced)));
        return new Inventory(plain.serverId(), plain.version(), plain.sites(), plain.halls(), plain.racks(), nodes);
    }

    /** Writes one sample to every slot at {@code time}: utilization {@code pct(slot)}, allocated when busy. */
    public static void sampleAll(FleetTelemetry t, long time, SlotValue pct) {
        SampleBuffer sample = new SampleBuffer();
        for (int slot = 0; slot < t.layout().slotCount(); slot++) {
            sample.clear();
            sample.timeMillis = time;
            sample.utilizationPct = pct.of(slot);
            sample.smActivePct = pct.of(slot);
            sample.memoryUsedMib = 1000 + slot;
            sample.powerW = 100 + pct.of(slot) * 5;
            sample.powerLimitW = 700;
            sample.gpuTempC = 30 + pct.of(slot) / 2;
            sample.memoryTempC = 35;
            sample.smClockMhz = 1980;
            sample.throttleReasons = slot % 3;
            sample.lastXid = 0;
            sample.allocated = pct.of(slot) >= 5;
            t.writeAccelerator(slot, sample);
        }
        for (int n = 0; n < t.layout().nodeCount(); n++) {
            t.writeNode(n, time, t.schedulerState(n), t.generation(n));
        }
        for (int r = 0; r < t.layout().rackCount(); r++) {
            t.writeRack(r, time, 22, 35, 30);
        }
        t.publish(t.layout().slotCount());
    }

    /** A per-slot value. */
    public interface SlotValue {
        float of(int slot);
    }
}
