package io.headroom.store.bench;

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

/**
 * A fleet shaped like a large site's: 8 GPUs a node, 8 nodes a rack, 4 halls, 12 pools,
 * 60 tenants; every 16th node runs MIG (two slices per GPU).
 */
final class BenchFleet {

    private BenchFleet() {}

    static Inventory of(int gpus) {
        int nodes = gpus / 8;
        int racks = (nodes + 7) / 8;
        List<Hall> halls = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            halls.add(new Hall("hall-" + (h + 1), "site-1", "Hall " + (h + 1)));
        }
        List<Rack> rackList = new ArrayList<>();
        for (int r = 0; r < racks; r++) {
            rackList.add(new Rack(
                    String.format("h%d-r%04d", r % 4 + 1, r),
                    "hall-" + (r % 4 + 1),
                    String.valueOf((char) ('A' + r / 4 % 26)),
                    r / 104 + 1,
                    42,
                    60));
        }
        List<Node> nodeList = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            String host = String.format("gpu-%05d", n);
            boolean mig = n % 16 == 0;
            List<Accelerator> accelerators = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String uuid = "GPU-" + host + "-" + i;
                List<MigSlice> slices = mig
                        ? List.of(
                                new MigSlice("MIG-" + host + "-" + i + "-a", 1, 0, 9, "3g.40gb", 0, 4, 40192),
                                new MigSlice("MIG-" + host + "-" + i + "-b", 2, 0, 5, "4g.40gb", 4, 4, 40192))
                        : List.of();
                accelerators.add(new Accelerator(uuid, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, i, mig, slices));
            }
            int rack = n / 8;
            nodeList.add(new Node(
                    host,
                    "SN" + (100000 + n),
                    rackList.get(rack).id(),
                    1 + 5 * (n % 8),
                    5,
                    "pool-" + (rack % 12),
                    "tenant-" + (n * 7 % 60),
                    SchedulerState.ALLOCATED,
                    1,
                    1000,
                    accelerators));
        }
        return new Inventory("bench", 1, List.of(new Site("site-1", "Site 1")), halls, rackList, nodeList);
    }
}
