package io.headroom.agent.simulator;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
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
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Lays out the fleet: racks "H1-A03" (hall 1, row A, position 3), servers stacked from U1,
 * hostnames "gpu-h1-a03-n5", GPU models by rack, pools and tenants, MIG on part of the
 * inference pool.
 *
 * <p>Two seeds: what the fleet is made of follows {@code seed}; names that must differ
 * between simulators sharing one console (UUIDs, serials) also follow the host prefix.
 */
final class TopologyBuilder {

    static final String TRAIN = "train";
    static final String INFER = "infer";
    static final String DEV = "dev";

    private static final int RACK_HEIGHT_U = 42;
    // U41-U42 hold the top-of-rack switches.
    private static final int USABLE_U = 40;
    private static final double MIG_NODE_SHARE = 0.10;
    private static final double VNPU_NODE_SHARE = 0.50;
    private static final List<String> TRAIN_TENANTS =
            List.of("aurora-lab", "nimbus-ai", "kestrel-robotics", "orbit-research");
    private static final List<String> INFER_TENANTS = List.of("platform-serving", "nimbus-ai", "lumen-search");
    private static final List<String> DEV_TENANTS = List.of("internal-dev", "university-pilot");

    private TopologyBuilder() {}

    static FleetTopology build(FleetShape shape, long seed, String hostPrefix, int intervalMs) {
        return build(shape, seed, hostPrefix, intervalMs, SiteMix.NVIDIA);
    }

    static FleetTopology build(FleetShape shape, long seed, String hostPrefix, int intervalMs, SiteMix mix) {
        long identity = SimHash.hash(seed, hostPrefix.hashCode(), hostPrefix.length());
        int rackCount = shape.racks();
        GpuModel[] rackModel = mix == SiteMix.MIXED ? mixedRackModels(shape, seed) : rackModels(rackCount, seed);

        String siteId = hostPrefix + "site-1";
        String siteName = hostPrefix.isEmpty() ? "Site 1" : "Site 1 (" + trimDash(hostPrefix) + ")";
        List<Site> sites = List.of(new Site(siteId, siteName));
        List<Hall> halls = new ArrayList<>(shape.halls());
        List<Rack> racks = new ArrayList<>(rackCount);
        int[] rackHall = new int[rackCount];
        boolean[] rackAtRowEnd = new boolean[rackCount];
        String[] rackPool = new String[rackCount];
        String[] rackTenant = new String[rackCount];
        String[] rackLabel = new String[rackCount];

        int nodesPerRack = shape.nodesPerRack();
        for (int h = 0; h < shape.halls(); h++) {
            String hallId = hostPrefix + "hall-" + (h + 1);
            halls.add(new Hall(hallId, siteId, "Hall " + (h + 1)));
            for (int i = 0; i < shape.racksPerHall(); i++) {
                int r = h * shape.racksPerHall() + i;
                String row = rowLabel(i / FleetShape.RACKS_PER_ROW);
                int position = i % FleetShape.RACKS_PER_ROW + 1;
                int rowLength = Math.min(
                        FleetShape.RACKS_PER_ROW,
                        shape.racksPerHall() - i / FleetShape.RACKS_PER_ROW * FleetShape.RACKS_PER_ROW);
                GpuModel model = rackModel[r];
                int chassis = chassisU(model, nodesPerRack);
                rackLabel[r] = "h" + (h + 1) + "-" + row.toLowerCase(Locale.ROOT) + twoDigits(position);
                racks.add(new Rack(
                        hostPrefix + "H" + (h + 1) + "-" + row + twoDigits(position),
                        hallId,
                        row,
                        position,
                        Math.max(RACK_HEIGHT_U, nodesPerRack * chassis + 2),
                        model.rackBudgetKw));
                rackHall[r] = h;
                rackAtRowEnd[r] = position == 1 || position == rowLength;
                rackPool[r] = pool(model, SimHash.unit(SimHash.hash(seed, 0x706F_6F6CL, r)));
                // Tenants lease blocks of four racks.
                rackTenant[r] = tenant(rackPool[r], SimHash.hash(seed, 0x7465_6E61L, r / 4, rackPool[r].hashCode()));
            }
        }

        int nodeCount = shape.nodes();
        String[] hostname = new String[nodeCount];
        String[] serial = new String[nodeCount];
        int[] nodeRack = new int[nodeCount];
        int[] uPosition = new int[nodeCount];
        int[] uHeight = new int[nodeCount];
        boolean[] nodeMig = new boolean[nodeCount];
        String[] pool = new String[nodeCount];
        String[] tenant = new String[nodeCount];
        List<List<Accelerator>> accelerators = new ArrayList<>(nodeCount);
        List<Node> nodes = new ArrayList<>(nodeCount);
        for (int n = 0; n < nodeCount; n++) {
            int r = n / nodesPerRack;
            int k = n % nodesPerRack;
            GpuModel model = rackModel[r];
            hostname[n] = hostPrefix + "gpu-" + rackLabel[r] + "-n" + (k + 1);
            serial[n] = Identifiers.nodeSerial(identity, n);
            nodeRack[n] = r;
            uHeight[n] = chassisU(model, nodesPerRack);
            uPosition[n] = 1 + k * uHeight[n];
            pool[n] = rackPool[r];
            tenant[n] = rackTenant[r];
            double sliceDraw = SimHash.unit(SimHash.hash(seed, 0x6D69_676EL, n));
            // Ascend inference and development nodes are often cut into vNPUs; NVIDIA inference nodes into MIG.
            nodeMig[n] = model.vendor == Vendor.HUAWEI
                    ? !TRAIN.equals(pool[n]) && sliceDraw < VNPU_NODE_SHARE
                    : model.migCapable && INFER.equals(pool[n]) && sliceDraw < MIG_NODE_SHARE;
            accelerators.add(gpus(model, n, shape.gpusPerNode(), nodeMig[n], seed, identity));
            nodes.add(new Node(
                    hostname[n],
                    serial[n],
                    racks.get(r).id(),
                    uPosition[n],
                    uHeight[n],
                    pool[n],
                    tenant[n],
                    SchedulerState.IDLE,
                    1,
                    intervalMs,
                    accelerators.get(n)));
        }
        var layout = new FleetLayout(new Inventory(hostPrefix + "simulator", 1, sites, halls, racks, nodes));
        return new FleetTopology(
                shape,
                sites,
                List.copyOf(halls),
                List.copyOf(racks),
                rackModel,
                rackHall,
                rackAtRowEnd,
                hostname,
                serial,
                nodeRack,
                uPosition,
                uHeight,
                nodeMig,
                accelerators,
                pool,
                tenant,
                layout,
                seed);
    }

    private static GpuModel[] rackModels(int racks, long seed) {
        return shuffledByShare(racks, seed, m -> m.rackShare);
    }

    /**
     * A mixed site: with two halls or more, the last hall is all Ascend 910B and the others get
     * {@link GpuModel#mixedShare}; a single hall gets a fifth of its racks Ascend among the rest.
     */
    private static GpuModel[] mixedRackModels(FleetShape shape, long seed) {
        int racks = shape.racks();
        if (shape.halls() == 1) {
            return shuffledByShare(racks, seed, m -> m == GpuModel.ASCEND_910B ? 0.20 : m.mixedShare() * 0.80);
        }
        int ascend = shape.racksPerHall();
        GpuModel[] byRack = new GpuModel[racks];
        GpuModel[] others = shuffledByShare(racks - ascend, seed, GpuModel::mixedShare);
        System.arraycopy(others, 0, byRack, 0, others.length);
        java.util.Arrays.fill(byRack, others.length, racks, GpuModel.ASCEND_910B);
        return byRack;
    }

    /** Exact shares by largest remainder, then shuffled, so even a small fleet gets the mix. */
    private static GpuModel[] shuffledByShare(
            int racks, long seed, java.util.function.ToDoubleFunction<GpuModel> share) {
        GpuModel[] models = GpuModel.values();
        int[] counts = new int[models.length];
        double[] remainders = new double[models.length];
        int assigned = 0;
        for (int m = 0; m < models.length; m++) {
            double exact = share.applyAsDouble(models[m]) * racks;
            counts[m] = (int) exact;
            remainders[m] = exact - counts[m];
            assigned += counts[m];
        }
        while (assigned < racks) {
            int best = 0;
            for (int m = 1; m < models.length; m++) {
                if (remainders[m] > remainders[best]) {
                    best = m;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        GpuModel[] byRack = new GpuModel[racks];
        int r = 0;
        for (int m = 0; m < models.length; m++) {
            for (int c = 0; c < counts[m]; c++) {
                byRack[r++] = models[m];
            }
        }
        var random = new SplittableRandom(SimHash.hash(seed, 0x6D6F_6465L));
        for (int i = racks - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            GpuModel swap = byRack[i];
            byRack[i] = byRack[j];
            byRack[j] = swap;
        }
        return byRack;
    }

    /** L40S, MLU370 and R300 racks serve inference (no NVLink-class links); SXM, 910B and K100 racks mostly train. */
    private static String pool(GpuModel model, double uniform) {
        if (!model.trainingPart) {
            return INFER;
        }
        if (uniform < 0.70) {
            return TRAIN;
        }
        return uniform < 0.90 ? INFER : DEV;
    }

    private static String tenant(String pool, long hash) {
        List<String> tenants = switch (pool) {
            case TRAIN -> TRAIN_TENANTS;
            case INFER -> INFER_TENANTS;
            default -> DEV_TENANTS;
        };
        return tenants.get(SimHash.below(hash, tenants.size()));
    }

    private static List<Accelerator> gpus(GpuModel model, int node, int count, boolean mig, long seed, long identity) {
        List<Accelerator> gpus = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int gpu = node * count + i;
            double layoutDraw = SimHash.unit(SimHash.hash(seed, 0x6C61_796FL, gpu));
            List<MigSlice> slices;
            if (!mig) {
                slices = List.of();
            } else if (model.vendor == Vendor.HUAWEI) {
                slices = VnpuLayouts.slices(layoutDraw, i, identity, gpu);
            } else {
                slices = MigLayouts.slices(MigLayouts.pick(layoutDraw), model, identity, gpu);
            }
            gpus.add(new Accelerator(
                    deviceUuid(model.vendor, identity, gpu),
                    model.vendor,
                    model.modelName,
                    model.memoryMib,
                    i,
                    // Only MIG is a mode of the GPU; vNPUs are cut on a card in its normal mode.
                    mig && model.vendor == Vendor.NVIDIA,
                    slices));
        }
        return List.copyOf(gpus);
    }

    private static String deviceUuid(Vendor vendor, long identity, int gpu) {
        return switch (vendor) {
            case HUAWEI -> Identifiers.deviceUuid("NPU-", identity, gpu);
            case HYGON -> Identifiers.deviceUuid("DCU-", identity, gpu);
            case CAMBRICON -> Identifiers.deviceUuid("MLU-", identity, gpu);
            case KUNLUNXIN -> Identifiers.deviceUuid("XPU-", identity, gpu);
            default -> Identifiers.gpuUuid(identity, gpu);
        };
    }

    private static int chassisU(GpuModel model, int nodesPerRack) {
        return Math.max(1, Math.min(model.chassisU, USABLE_U / nodesPerRack));
    }

    /** A, B, ..., Z, AA, AB, ... */
    private static String rowLabel(int row) {
        String label = "";
        int value = row;
        do {
            label = (char) ('A' + value % 26) + label;
            value = value / 26 - 1;
        } while (value >= 0);
        return label;
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private static String trimDash(String prefix) {
        return prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
