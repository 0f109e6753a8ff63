package io.headroom.core;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Site;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made fleets for tests. */
public final class TestFleets {
    private TestFleets() {}

    public static final String H100 = "NVIDIA H100 80GB HBM3";

    /** {@code nodes} nodes of {@code gpus} H100s each in one rack; node n is "n{n}", GPU uuids "GPU-n{n}-{i}". */
    public static Inventory plain(int nodes, int gpus) {
        List<Node> list = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            List<Accelerator> accelerators = new ArrayList<>();
            for (int i = 0; i < gpus; i++) {
                accelerators.add(
                        new Accelerator("GPU-n" + n + "-" + i, Vendor.NVIDIA, H100, 81559, i, false, List.of()));
            }
            list.add(new Node(
                    "n" + n,
                    "SN" + n,
                    "r1",
                    1 + 4 * n,
                    4,
                    "train",
                    "acme",
                    SchedulerState.IDLE,
                    1,
                    1000,
                    accelerators));
        }
        return new Inventory(
                "test",
                1,
                List.of(new Site("s", "Site")),
                List.of(new Hall("h1", "s", "Hall 1")),
                List.of(new Rack("r1", "h1", "A", 1, 42, 40)),
                list);
    }

    /** One node "mig" whose GPU 0 is whole and GPU 1 runs 3g.40gb (gi 1) + 4g.40gb (gi 2). */
    public static Inventory withMig() {
        var whole = new Accelerator("GPU-w", Vendor.NVIDIA, H100, 81559, 0, false, List.of());
        var sliced = new Accelerator(
                "GPU-m",
                Vendor.NVIDIA,
                H100,
                81559,
                1,
                true,
                List.of(
                        new MigSlice("MIG-1", 1, 0, 9, "3g.40gb", 0, 4, 40779),
                        new MigSlice("MIG-2", 2, 0, 5, "4g.40gb", 4, 4, 40779)));
        var node = new Node(
                "mig", "SNM", "r1", 1, 4, "infer", "acme", SchedulerState.MIXED, 1, 1000, List.of(whole, sliced));
        return new Inventory(
                "test", 1, List.of(), List.of(), List.of(new Rack("r1", "h1", "A", 1, 42, 40)), List.of(node));
    }
}
