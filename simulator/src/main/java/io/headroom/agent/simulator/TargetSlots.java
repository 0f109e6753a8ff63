package io.headroom.agent.simulator;

import io.headroom.core.fleet.FleetLayout;

/**
 * Where the simulator's own slots, nodes and racks sit in a telemetry table's layout, which
 * may be of an older inventory version: matched by hostname, device index and GPU instance
 * id, {@link FleetLayout#NONE} where the table does not know them. Rebuilt only when the
 * table's layout changes.
 */
final class TargetSlots {

    private final FleetTopology topology;
    private final int[] slot;
    private final int[] node;
    private final int[] rack;
    private FleetLayout mapped;

    TargetSlots(FleetTopology topology) {
        this.topology = topology;
        slot = new int[topology.layout.slotCount()];
        node = new int[topology.nodeCount()];
        rack = new int[topology.rackCount()];
    }

    void use(FleetLayout layout) {
        if (layout == mapped) {
            return;
        }
        FleetLayout own = topology.layout;
        for (int n = 0; n < topology.nodeCount(); n++) {
            int target = layout.nodeIndex(topology.hostname[n]);
            node[n] = target;
            for (int g = own.firstGpuSlot(n); g < own.endGpuSlot(n); g++) {
                int gpu = target == FleetLayout.NONE
                        ? FleetLayout.NONE
                        : layout.gpuSlot(target, own.accelerator(g).index());
                slot[g] = gpu;
                for (int s = own.firstSliceSlot(g); s < own.endSliceSlot(g); s++) {
                    slot[s] = gpu == FleetLayout.NONE
                            ? FleetLayout.NONE
                            : layout.sliceSlot(gpu, own.slice(s).gpuInstanceId());
                }
            }
        }
        for (int r = 0; r < rack.length; r++) {
            rack[r] = layout.rackIndex(topology.racks.get(r).id());
        }
        mapped = layout;
    }

    int slot(int own) {
        return slot[own];
    }

    int node(int own) {
        return node[own];
    }

    int rack(int own) {
        return rack[own];
    }
}
