package io.headroom.agent.server;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.List;

/** A source of two one-GPU nodes, "{prefix}n0" and "{prefix}n1", that both report every round. */
public class TwoNodes implements TelemetrySource {

    private final Inventory inventory;
    private final int intervalMs;

    public TwoNodes(String serverId, String prefix) {
        this(serverId, prefix, 1000);
    }

    public TwoNodes(String serverId, String prefix, int intervalMs) {
        this.intervalMs = intervalMs;
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            var gpu = new Accelerator(
                    "GPU-" + prefix + n, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 0, false, List.of());
            nodes.add(new Node(
                    prefix + "n" + n,
                    "SN-" + prefix + n,
                    prefix + "r1",
                    1 + 4 * n,
                    4,
                    "train",
                    "acme",
                    SchedulerState.ALLOCATED,
                    1,
                    1000,
                    List.of(gpu)));
        }
        inventory = new Inventory(
                serverId, 1, List.of(), List.of(), List.of(new Rack(prefix + "r1", "h1", "A", 1, 42, 40)), nodes);
    }

    @Override
    public Inventory inventory() {
        return inventory;
    }

    @Override
    public int intervalMs() {
        return intervalMs;
    }

    @Override
    public void tick(long timeMillis, FleetTelemetry target) {
        for (int n = 0; n < target.layout().nodeCount(); n++) {
            target.writeNode(n, timeMillis, SchedulerState.ALLOCATED, 1);
        }
        target.publish(0);
    }
}
