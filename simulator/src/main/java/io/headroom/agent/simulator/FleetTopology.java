package io.headroom.agent.simulator;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.MigProfile;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.Site;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The physical fleet, fixed for the simulator's life: sites, halls, racks, servers and their
 * GPUs, and the dense indexes the model runs on.
 *
 * <p>Slots are those of {@link #layout}: GPUs node by node, then MIG slices. What the
 * scheduler hands out is a <em>unit</em>: a whole GPU, or a slice on a GPU in MIG mode (the
 * GPU itself is then not allocatable). A node's units are contiguous slots.
 */
final class FleetTopology {

    final FleetShape shape;
    final List<Site> sites;
    final List<Hall> halls;
    final List<Rack> racks;
    final GpuModel[] rackModel;
    final int[] rackHall;
    final boolean[] rackAtRowEnd;

    final String[] hostname;
    final String[] serial;
    final int[] nodeRack;
    final int[] uPosition;
    final int[] uHeight;
    final boolean[] nodeMig;
    final List<List<Accelerator>> accelerators;
    final String[] initialPool;
    final String[] initialTenant;
    private final Map<String, Integer> nodeByHostname;

    final FleetLayout layout;
    final int[] nodeUnitStart;
    final int[] nodeUnitEnd;
    /** By slot: the GPU a unit lives on (itself for a whole GPU). */
    final int[] unitGpu;
    /** By slot: the unit's share of a GPU's compute, 1 for a whole GPU. */
    final float[] unitWeight;
    /** By GPU slot: a fixed offset of its die temperature (height in the rack, place in the chassis airflow). */
    final float[] gpuThermalBias;

    FleetTopology(
            FleetShape shape,
            List<Site> sites,
            List<Hall> halls,
            List<Rack> racks,
            GpuModel[] rackModel,
            int[] rackHall,
            boolean[] rackAtRowEnd,
            String[] hostname,
            String[] serial,
            int[] nodeRack,
            int[] uPosition,
            int[] uHeight,
            boolean[] nodeMig,
            List<List<Accelerator>> accelerators,
            String[] initialPool,
            String[] initialTenant,
            FleetLayout layout,
            long seed) {
        this.shape = shape;
        this.sites = sites;
        this.halls = halls;
        this.racks = racks;
        this.rackModel = rackModel;
        this.rackHall = rackHall;
        this.rackAtRowEnd = rackAtRowEnd;
        this.hostname = hostname;
        this.serial = serial;
        this.nodeRack = nodeRack;
        this.uPosition = uPosition;
        this.uHeight = uHeight;
        this.nodeMig = nodeMig;
        this.accelerators = accelerators;
        this.initialPool = initialPool;
        this.initialTenant = initialTenant;
        this.layout = layout;

        nodeByHostname = new HashMap<>(hostname.length * 2);
        for (int n = 0; n < hostname.length; n++) {
            nodeByHostname.put(hostname[n], n);
        }

        int nodes = hostname.length;
        nodeUnitStart = new int[nodes];
        nodeUnitEnd = new int[nodes];
        unitGpu = new int[layout.slotCount()];
        unitWeight = new float[layout.slotCount()];
        gpuThermalBias = new float[layout.gpuCount()];
        for (int n = 0; n < nodes; n++) {
            int first = layout.firstGpuSlot(n);
            int end = layout.endGpuSlot(n);
            nodeUnitStart[n] = nodeMig[n] ? layout.firstSliceSlot(first) : first;
            nodeUnitEnd[n] = nodeMig[n] ? layout.endSliceSlot(end - 1) : end;
            float height = (float) (uPosition[n] - 1) / racks.get(nodeRack[n]).heightU();
            for (int g = first; g < end; g++) {
                unitGpu[g] = g;
                unitWeight[g] = 1;
                boolean rear = g - first >= (end - first) / 2;
                float jitter = SimHash.lane(SimHash.hash(seed, 0x7468_6572L, g), 0) * 2.4f - 1.2f;
                gpuThermalBias[g] = 1.5f * height + (rear ? 1f : 0f) + jitter;
                for (int s = layout.firstSliceSlot(g); s < layout.endSliceSlot(g); s++) {
                    unitGpu[s] = g;
                    // A MIG slice's compute slices of 7; a vNPU's AI cores of its chip, as the layout shares them.
                    int profile = layout.slice(s).profileId();
                    unitWeight[s] = profile == MigSlice.PROFILE_UNKNOWN
                            ? layout.peakTflops(s) / layout.peakTflops(g)
                            : MigProfile.byId(profile).orElseThrow().computeSlices()
                                    / (float) MigProfile.COMPUTE_SLICES;
                }
            }
        }
    }

    int nodeCount() {
        return hostname.length;
    }

    int rackCount() {
        return racks.size();
    }

    /** The node's index, or -1. */
    int nodeIndex(String host) {
        Integer index = nodeByHostname.get(host);
        return index == null ? -1 : index;
    }

    int firstNodeOfRack(int rack) {
        return rack * shape.nodesPerRack();
    }

    int unitCount(int node) {
        return nodeUnitEnd[node] - nodeUnitStart[node];
    }
}
