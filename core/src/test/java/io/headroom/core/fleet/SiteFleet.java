package io.headroom.core.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A site laid out like the simulator's: halls of rows of ten 42U racks ("H1-A03"), eight
 * 5U servers a rack ("gpu-h1-a03-n5" at U1, U6, ... U36), eight GPUs a server, racks of
 * H100, H200, A100 or L40S with their power budgets. {@link #write} fills every GPU and rack
 * for one instant, deterministically: mostly busy, some held or free idle, a few drained
 * nodes, faulted and hot GPUs, two racks with hot inlet air, two near their power budget,
 * and one rack whose agent went silent five minutes before.
 */
public final class SiteFleet {

    public static final long NOW = 1_760_000_000_000L;
    public static final int RACKS_PER_ROW = 10;
    private static final String[] MODELS = {
        "NVIDIA H100 80GB HBM3", "NVIDIA H200", "NVIDIA A100-SXM4-80GB", "NVIDIA L40S"
    };
    private static final long[] MEMORY = {81_559, 143_771, 81_920, 46_068};
    private static final float[] LIMIT = {700, 700, 400, 350};
    private static final double[] BUDGET = {57, 57, 40, 35};

    /** What a node does in the scenario; the fault roles hit GPU 3 (XID 79), GPU 5 (ECC) and GPU 2 (hot). */
    public enum Role {
        BUSY,
        HELD_IDLE,
        FREE_IDLE,
        DRAINED,
        XID_79,
        ECC,
        HOT_GPU,
        HOT_GPU_AND_ECC
    }

    public final FleetState state = new FleetState(IdleThresholds.DEFAULTS);
    private final Role[] roles;
    private final int[] rackModel;
    private final SampleBuffer sample = new SampleBuffer();
    public final int hotRack;
    public final int nearBudgetRack;
    public final int silentRack;

    private SiteFleet(Inventory inventory, Role[] roles, int[] rackModel) {
        state.install(inventory);
        this.roles = roles;
        this.rackModel = rackModel;
        int racks = rackModel.length;
        hotRack = Math.min(racks - 1, 13);
        nearBudgetRack = Math.min(racks - 1, 4);
        silentRack = Math.min(racks - 1, 26);
    }

    /**
     * Builds a synthetic site.
     *
     * @param racksPerHall racks in each hall, in rows of ten
     */
    public static SiteFleet build(int halls, int racksPerHall) {
        List<Hall> hallList = new ArrayList<>();
        List<Rack> racks = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        List<Integer> models = new ArrayList<>();
        Random random = new Random(7);
        for (int h = 1; h <= halls; h++) {
            hallList.add(new Hall("hall-" + h, "site-1", "Hall " + h));
            for (int i = 0; i < racksPerHall; i++) {
                String row = rowLabel(i / RACKS_PER_ROW);
                int position = i % RACKS_PER_ROW + 1;
                String rackId = "H%d-%s%02d".formatted(h, row, position);
                int r = racks.size();
                int model = r % 20 < 8 ? 0 : r % 20 < 12 ? 1 : r % 20 < 17 ? 2 : 3;
                models.add(model);
                racks.add(new Rack(rackId, "hall-" + h, row, position, 42, BUDGET[model]));
                boolean idleTenant = r % 17 == 6;
                for (int n = 0; n < 8; n++) {
                    String host = "gpu-" + rackId.toLowerCase(Locale.ROOT) + "-n" + (n + 1);
                    int number = nodes.size();
                    boolean mig = model < 3 && number % 23 == 11;
                    nodes.add(new Node(
                            host,
                            "SN%07d".formatted(2_400_000 + number * 7),
                            rackId,
                            1 + 5 * n,
                            5,
                            model == 3 ? "infer" : "train",
                            idleTenant ? "kestrel-robotics" : "aurora-lab",
                            SchedulerState.ALLOCATED,
                            3,
                            1000,
                            gpus(host, model, mig)));
                    double draw = random.nextDouble();
                    roles.add(
                            idleTenant && draw < 0.8
                                    ? Role.HELD_IDLE
                                    : draw < 0.02
                                            ? Role.DRAINED
                                            : draw < 0.07
                                                    ? Role.HELD_IDLE
                                                    : draw < 0.15
                                                            ? Role.FREE_IDLE
                                                            : draw < 0.16
                                                                    ? Role.XID_79
                                                                    : draw < 0.165
                                                                            ? Role.ECC
                                                                            : draw < 0.175 ? Role.HOT_GPU : Role.BUSY);
                }
            }
        }
        Inventory inventory = new Inventory("site", 1, List.of(new Site("site-1", "Site 1")), hallList, racks, nodes);
        return new SiteFleet(
                inventory,
                roles.toArray(Role[]::new),
                models.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A, B, ..., Z, AA, AB, ... as rows are lettered on the floor. */
    private static String rowLabel(int row) {
        return row < 26 ? String.valueOf((char) ('A' + row)) : rowLabel(row / 26 - 1) + (char) ('A' + row % 26);
    }

    private static List<Accelerator> gpus(String host, int model, boolean mig) {
        List<Accelerator> gpus = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String uuid = "GPU-%08x-%04x-4%03x".formatted(host.hashCode(), i * 4099 & 0xffff, i);
            List<MigSlice> slices = new ArrayList<>();
            if (mig && i >= 6) {
                slices.add(new MigSlice("MIG-" + uuid + "-1", 1, 0, 9, "3g.40gb", 0, 4, 40_192));
                slices.add(new MigSlice("MIG-" + uuid + "-5", 5, 0, 14, "2g.20gb", 4, 2, 20_096));
                slices.add(new MigSlice("MIG-" + uuid + "-13", 13, 0, 19, "1g.10gb", 6, 1, 9_856));
            }
            gpus.add(new Accelerator(uuid, Vendor.NVIDIA, MODELS[model], MEMORY[model], i, mig && i >= 6, slices));
        }
        return gpus;
    }

    /** Gives a node another part in the scenario, from the next {@link #write} on. */
    public SiteFleet role(String hostname, Role role) {
        roles[layout().nodeIndex(hostname)] = role;
        return this;
    }

    public FleetTelemetry telemetry() {
        return state.current();
    }

    public FleetLayout layout() {
        return state.layout();
    }

    /** Every node and rack as of {@code now}; values drift with time so that sparklines move. */
    public SiteFleet write(long now) {
        FleetTelemetry table = telemetry();
        FleetLayout layout = table.layout();
        double[] rackKw = new double[layout.rackCount()];
        for (int node = 0; node < layout.nodeCount(); node++) {
            int rack = layout.rackOfNode(node);
            long time = rack == silentRack ? now - 5 * 60_000 : now;
            rackKw[rack] += writeNode(table, node, time, now) / 1000 + 1.1;
        }
        for (int rack = 0; rack < layout.rackCount(); rack++) {
            long time = rack == silentRack ? now - 5 * 60_000 : now;
            float inlet = rack == hotRack || rack == hotRack + 40 ? 28.6f : 22.5f + (rack * 7 % 10) / 4f;
            double budget = layout.rack(rack).powerBudgetKw();
            double kw = rack == nearBudgetRack || rack == nearBudgetRack + 40
                    ? budget * 0.94
                    : Math.min(rackKw[rack], budget * 0.86);
            table.writeRack(rack, time, inlet, inlet + 11, (float) kw);
        }
        table.publish(layout.slotCount());
        return this;
    }

    /** @return the node's GPU power in W */
    private double writeNode(FleetTelemetry table, int node, long time, long now) {
        FleetLayout layout = table.layout();
        Role role = roles[node];
        boolean allocated = role != Role.FREE_IDLE && role != Role.DRAINED;
        table.writeNode(
                node,
                time,
                role == Role.DRAINED
                        ? SchedulerState.DRAINED
                        : allocated ? SchedulerState.ALLOCATED : SchedulerState.IDLE,
                3);
        float limit = LIMIT[rackModel[layout.rackOfNode(node)]];
        double watts = 0;
        double t = now / 1000.0;
        for (int gpu = layout.firstGpuSlot(node), i = 0; gpu < layout.endGpuSlot(node); gpu++, i++) {
            boolean busy = allocated && role != Role.HELD_IDLE;
            // A slow swell per GPU plus a little jitter, so that fifteen minutes of sparkline look lived in.
            double jitter = ((Long.hashCode(((long) t) * 31 + node * 8L + i) * 0x9E3779B9) >>> 24) / 255.0 - 0.5;
            double wave = Math.max(
                    0,
                    Math.min(
                            1,
                            0.55
                                    + 0.3 * Math.sin(t / (47 + i * 5) + node * 0.7 + i)
                                    + 0.1 * Math.sin(t / (6.1 + i) + node)
                                    + 0.12 * jitter));
            float util = busy ? (float) (62 + 34 * wave) : role == Role.HELD_IDLE ? (float) (wave * 2) : 0;
            sample.clear().unmeasured = 0; // an NVIDIA source: every integer reading measured
            sample.timeMillis = time;
            sample.utilizationPct = layout.firstSliceSlot(gpu) < layout.endSliceSlot(gpu) ? Float.NaN : util;
            sample.powerW = busy ? (float) (limit * (0.55 + 0.35 * wave)) : limit * 0.11f;
            sample.powerLimitW = limit;
            sample.gpuTempC = busy ? (float) (58 + 18 * wave) : 34;
            sample.memoryTempC = sample.gpuTempC + 6;
            sample.memoryUsedMib =
                    busy ? (float) (layout.memoryTotalMib(gpu) * (0.55 + 0.3 * wave)) : allocated ? 2_100 : 0;
            sample.smClockMhz = busy ? 1_980 : 345;
            sample.allocated = allocated;
            sample.idleSinceMillis = role == Role.HELD_IDLE ? now - 40 * 60_000 : 0;
            if (i == 3 && role == Role.XID_79) {
                sample.lastXid = 79;
                sample.missing = true;
                sample.utilizationPct = Float.NaN;
                sample.powerW = Float.NaN;
            } else if (i == 5 && (role == Role.ECC || role == Role.HOT_GPU_AND_ECC)) {
                sample.lastXid = 48;
                sample.eccUncorrectable = 2;
                sample.remappedRowFailures = 1;
            } else if (i == 2 && (role == Role.HOT_GPU || role == Role.HOT_GPU_AND_ECC)) {
                sample.gpuTempC = (float) (88 + 2 * wave);
            }
            table.writeAccelerator(gpu, sample);
            watts += Float.isNaN(sample.powerW) ? 0 : sample.powerW;
            for (int slice = layout.firstSliceSlot(gpu), s = 0; slice < layout.endSliceSlot(gpu); slice++, s++) {
                sample.clear().unmeasured = 0;
                sample.timeMillis = time;
                sample.smActivePct = s == 1 ? (float) (wave * 3) : (float) (40 + 50 * wave);
                sample.memoryUsedMib = (float) (layout.memoryTotalMib(slice) * (0.3 + 0.5 * wave));
                sample.allocated = s != 2;
                sample.idleSinceMillis = s == 1 ? now - 30 * 60_000 : 0;
                table.writeAccelerator(slice, sample);
            }
        }
        return watts;
    }
}
