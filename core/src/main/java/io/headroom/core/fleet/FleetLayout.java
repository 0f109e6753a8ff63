package io.headroom.core.fleet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense integer indexes over an {@link Inventory}, so that telemetry lives in flat arrays
 * instead of maps of boxed objects.
 *
 * <p>Every whole GPU and every MIG slice gets a slot. GPU slots come first, in inventory
 * order (node by node, by device index), so slot {@code i < gpuCount()} is the i-th GPU of
 * the fleet; slice slots follow. Immutable; built once per inventory version.
 */
public final class FleetLayout {

    public static final int NONE = -1;

    private final Inventory inventory;
    private final Map<String, Integer> nodeByHostname;
    private final Map<String, Integer> rackByIdentifier;
    private final int[] nodeRack;
    private final int[] nodeFirstGpuSlot;
    private final int gpuCount;
    private final int slotCount;
    private final int[] slotNode;
    private final int[] slotAccelerator; // index into the node's accelerator list
    private final int[] slotSlice; // index into the accelerator's slice list, NONE for a GPU
    private final int[] slotParentGpu; // a slice's GPU slot, NONE for a GPU
    private final int[] gpuFirstSliceSlot; // by GPU slot; slices of one GPU are contiguous
    private final float[] slotPeakTflops; // the slot's share of its GPU's peak dense BF16 rate
    private final float[] slotMemoryTotalMib;
    private final Vendor[] gpuVendor; // by GPU slot; a slice's is its GPU's
    private final java.util.Set<Vendor> vendors; // of the GPUs, in Vendor order
    private final int[] nodeSampleIntervalMs; // read per slot by the staleness test: no Node record per slot
    private final Map<String, Integer> unknownModelGpus; // models the peak table does not know, with their GPU count

    public FleetLayout(Inventory inventory) {
        this.inventory = inventory;
        List<Node> nodes = inventory.nodes();
        List<Rack> racks = inventory.racks();

        rackByIdentifier = new HashMap<>(racks.size() * 2);
        for (int r = 0; r < racks.size(); r++) {
            rackByIdentifier.put(racks.get(r).id(), r);
        }
        nodeByHostname = new HashMap<>(nodes.size() * 2);
        nodeRack = new int[nodes.size()];
        nodeSampleIntervalMs = new int[nodes.size()];
        nodeFirstGpuSlot = new int[nodes.size() + 1];
        int gpus = 0;
        int slices = 0;
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            if (nodeByHostname.put(node.hostname(), n) != null) {
                throw new IllegalArgumentException("inventory names node " + node.hostname() + " twice");
            }
            nodeRack[n] = rackByIdentifier.getOrDefault(node.rackId(), NONE);
            nodeSampleIntervalMs[n] = node.sampleIntervalMs();
            nodeFirstGpuSlot[n] = gpus;
            gpus += node.accelerators().size();
            for (Accelerator a : node.accelerators()) {
                slices += a.slices().size();
            }
        }
        nodeFirstGpuSlot[nodes.size()] = gpus;
        gpuCount = gpus;
        slotCount = gpus + slices;

        slotNode = new int[slotCount];
        slotAccelerator = new int[slotCount];
        slotSlice = new int[slotCount];
        slotParentGpu = new int[slotCount];
        gpuFirstSliceSlot = new int[gpus + 1];
        slotPeakTflops = new float[slotCount];
        slotMemoryTotalMib = new float[slotCount];
        gpuVendor = new Vendor[gpus];
        Map<String, Integer> unknown = new java.util.TreeMap<>();
        java.util.Set<Vendor> present = java.util.EnumSet.noneOf(Vendor.class);
        Map<String, java.util.Optional<AcceleratorModels.PeakFigure>> figureByModel = new HashMap<>();

        int gpuSlot = 0;
        int sliceSlot = gpus;
        for (int n = 0; n < nodes.size(); n++) {
            List<Accelerator> accelerators = nodes.get(n).accelerators();
            for (int a = 0; a < accelerators.size(); a++, gpuSlot++) {
                Accelerator accelerator = accelerators.get(a);
                // A fleet has a handful of models: each is looked up in the peak table once, not once per GPU
                // (the table match upper-cases and scans; at a million GPUs it took a third of a second).
                var figure = figureByModel.computeIfAbsent(accelerator.model(), AcceleratorModels::figure);
                float peak = figure.map(row -> (float) row.tflops()).orElse(0f);
                if (figure.isEmpty()) {
                    unknown.merge(accelerator.model(), 1, Integer::sum);
                }
                gpuVendor[gpuSlot] = accelerator.vendor();
                present.add(accelerator.vendor());
                slotNode[gpuSlot] = n;
                slotAccelerator[gpuSlot] = a;
                slotSlice[gpuSlot] = NONE;
                slotParentGpu[gpuSlot] = NONE;
                slotPeakTflops[gpuSlot] = peak;
                slotMemoryTotalMib[gpuSlot] = accelerator.memoryTotalMib();
                gpuFirstSliceSlot[gpuSlot] = sliceSlot;
                List<MigSlice> migSlices = accelerator.slices();
                for (int s = 0; s < migSlices.size(); s++, sliceSlot++) {
                    MigSlice slice = migSlices.get(s);
                    slotNode[sliceSlot] = n;
                    slotAccelerator[sliceSlot] = a;
                    slotSlice[sliceSlot] = s;
                    slotParentGpu[sliceSlot] = gpuSlot;
                    slotPeakTflops[sliceSlot] = peak * SliceShare.of(accelerator, slice);
                    slotMemoryTotalMib[sliceSlot] = slice.memoryTotalMib();
                }
            }
        }
        gpuFirstSliceSlot[gpus] = sliceSlot;
        unknownModelGpus = java.util.Collections.unmodifiableMap(unknown);
        vendors = java.util.Collections.unmodifiableSet(present);
    }

    public Inventory inventory() {
        return inventory;
    }

    public int nodeCount() {
        return inventory.nodes().size();
    }

    public int rackCount() {
        return inventory.racks().size();
    }

    public int gpuCount() {
        return gpuCount;
    }

    public int slotCount() {
        return slotCount;
    }

    public int sliceCount() {
        return slotCount - gpuCount;
    }

    /** The node's index, or {@link #NONE} if this layout does not know the hostname. */
    public int nodeIndex(String hostname) {
        Integer index = nodeByHostname.get(hostname);
        return index == null ? NONE : index;
    }

    public int rackIndex(String rackId) {
        Integer index = rackByIdentifier.get(rackId);
        return index == null ? NONE : index;
    }

    public Node node(int nodeIndex) {
        return inventory.nodes().get(nodeIndex);
    }

    public Rack rack(int rackIndex) {
        return inventory.racks().get(rackIndex);
    }

    /** The rack index of a node, or {@link #NONE} when its rack is not in the inventory. */
    public int rackOfNode(int nodeIndex) {
        return nodeRack[nodeIndex];
    }

    public int firstGpuSlot(int nodeIndex) {
        return nodeFirstGpuSlot[nodeIndex];
    }

    /** One past the node's last GPU slot. */
    public int endGpuSlot(int nodeIndex) {
        return nodeFirstGpuSlot[nodeIndex + 1];
    }

    /** The slot of the GPU with this driver index on the node, or {@link #NONE}. */
    public int gpuSlot(int nodeIndex, int gpuIndex) {
        int first = nodeFirstGpuSlot[nodeIndex];
        int end = nodeFirstGpuSlot[nodeIndex + 1];
        List<Accelerator> accelerators = inventory.nodes().get(nodeIndex).accelerators();
        // Device indices are almost always 0..n-1 in order; try the direct position first.
        if (gpuIndex >= 0
                && gpuIndex < end - first
                && accelerators.get(gpuIndex).index() == gpuIndex) {
            return first + gpuIndex;
        }
        for (int a = 0; a < accelerators.size(); a++) {
            if (accelerators.get(a).index() == gpuIndex) {
                return first + a;
            }
        }
        return NONE;
    }

    /** The slot of the MIG slice with this GPU instance id on a GPU slot, or {@link #NONE}. */
    public int sliceSlot(int gpuSlot, int gpuInstanceId) {
        int first = gpuFirstSliceSlot[gpuSlot];
        int end = gpuFirstSliceSlot[gpuSlot + 1];
        List<MigSlice> slices = accelerator(gpuSlot).slices();
        for (int s = 0; s < end - first; s++) {
            if (slices.get(s).gpuInstanceId() == gpuInstanceId) {
                return first + s;
            }
        }
        return NONE;
    }

    public int firstSliceSlot(int gpuSlot) {
        return gpuFirstSliceSlot[gpuSlot];
    }

    public int endSliceSlot(int gpuSlot) {
        return gpuFirstSliceSlot[gpuSlot + 1];
    }

    public boolean isSlice(int slot) {
        return slot >= gpuCount;
    }

    public int nodeOfSlot(int slot) {
        return slotNode[slot];
    }

    /** For a slice, its GPU's slot; for a GPU, {@link #NONE}. */
    public int parentGpuSlot(int slot) {
        return slotParentGpu[slot];
    }

    public Accelerator accelerator(int slot) {
        return inventory.nodes().get(slotNode[slot]).accelerators().get(slotAccelerator[slot]);
    }

    /** The MIG slice in a slice slot, or null for a GPU slot. */
    public MigSlice slice(int slot) {
        int s = slotSlice[slot];
        return s == NONE ? null : accelerator(slot).slices().get(s);
    }

    public float peakTflops(int slot) {
        return slotPeakTflops[slot];
    }

    /** Who made the GPU in this slot (a slice: its GPU). */
    public Vendor vendor(int slot) {
        return gpuVendor[slot < gpuCount ? slot : slotParentGpu[slot]];
    }

    /** The vendors of the fleet's GPUs, in {@link Vendor} order; empty for an empty fleet. */
    public java.util.Set<Vendor> vendors() {
        return vendors;
    }

    /** How often the node's agent samples it, in milliseconds (the staleness window counts in these). */
    public int sampleIntervalMs(int nodeIndex) {
        return nodeSampleIntervalMs[nodeIndex];
    }

    /**
     * The models {@link AcceleratorModels} has no figure for, with how many GPUs of each: they
     * count 0 TFLOPS, and the console names them rather than let them pass as worthless.
     */
    public Map<String, Integer> unknownModelGpus() {
        return unknownModelGpus;
    }

    public float memoryTotalMib(int slot) {
        return slotMemoryTotalMib[slot];
    }

    /** A short human name: "gpu-h1-r03-n5 GPU 3" or "... GPU 3 MIG 2g.20gb #5". */
    public String describe(int slot) {
        Node node = inventory.nodes().get(slotNode[slot]);
        Accelerator accelerator = accelerator(slot);
        MigSlice slice = slice(slot);
        String gpu = node.hostname() + " GPU " + accelerator.index();
        return slice == null ? gpu : gpu + " MIG " + slice.profileName() + " #" + slice.gpuInstanceId();
    }

    @Override
    public String toString() {
        return "FleetLayout[" + nodeCount() + " nodes, " + gpuCount + " GPUs, " + sliceCount() + " MIG slices]";
    }

    int[] nodeFirstGpuSlotsForTest() {
        return Arrays.copyOf(nodeFirstGpuSlot, nodeFirstGpuSlot.length);
    }
}
