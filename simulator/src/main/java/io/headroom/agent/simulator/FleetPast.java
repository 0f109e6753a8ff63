package io.headroom.agent.simulator;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.AcceleratorModels;
import io.headroom.core.fleet.MigSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What the simulated fleet did before it was started: per GPU and MIG slice, for any closed
 * period, how many seconds it was busy, held idle, free idle, drained, faulted or not yet
 * covered, in closed form from the same demand the live scheduler follows ({@link LoadCurve},
 * {@link PoolWorkload#targetShare}, the pools' drift), so no second model of the day exists.
 *
 * <p>The rhythms a manager should find: racks fill in a fixed order by week, so at night, when
 * the inference and development pools want less, the same racks go idle; one training tenant
 * ({@value #WEEKEND_TENANT}) stops its block of racks over the weekend; the
 * {@value #NOTEBOOK_TENANT} tenant's notebooks hold most of what they take without using it.
 * Who held each GPU for its busy and held-idle seconds is {@link #holder} ({@link PastHolders}).
 * Before {@code coveredFromMs} nothing was kept: that time is uncovered, never idle.
 *
 * <p>Deterministic for (shape, seed, host prefix, covered-from): every figure is a hash of the
 * seed and of which accelerator and which hour it is. An hour of 10,240 GPUs is a few hashes
 * per GPU, so 30 days of hours take a fraction of a second.
 */
public final class FleetPast {

    static final String WEEKEND_TENANT = "kestrel-robotics";
    static final String NOTEBOOK_TENANT = "university-pilot";

    private static final long HOUR_MS = 3_600_000L;
    private static final long FILL_ORDER = 0x6669_6C6CL;
    private static final long HELD = 0x6865_6C64L;
    private static final long FAULT = 0x6661_756CL;
    private static final long MAINTENANCE = 0x6D61_696EL;
    /** How many allocated hours of a job in a 4-hour stretch share one stall: jobs stall for hours, not minutes. */
    private static final int STALL_HOURS = 4;

    private static final double FAULTED_DAYS = 0.003;
    private static final double MAINTENANCE_WEEKS = 0.006;
    private static final double WEEKEND_SHARE = 0.04;
    // Width of the fill-order band a rack's GPUs spread over; a rack fills or empties over a few percent of demand.
    private static final double EDGE = 0.04;

    private final long seed;
    private final long coveredFromMs;
    private final int[] accelNode;
    private final int[] accelGpu;
    private final float[] accelWeight;
    private final String[] uuid;
    private final String[] parentUuid;
    private final double[] peakTflops;
    private final String[] hostname;
    private final int[] nodeRack;
    private final int[] nodePool;
    private final GpuModel[] nodeModel;
    private final boolean[] nodeWeekendBlock;
    private final boolean[] nodeNotebookTenant;
    private final PoolWorkload[] poolWorkload;
    private final String[] nodeTenant;
    private final PastHolders holders;

    private FleetPast(long seed, long coveredFromMs, FleetTopology topology, NodeAdmin admin, String cluster) {
        this.seed = seed;
        this.coveredFromMs = coveredFromMs;
        this.holders =
                new PastHolders(seed, cluster, topology.rackCount(), topology.nodeCount(), topology.layout.gpuCount());
        int nodes = topology.nodeCount();
        hostname = topology.hostname.clone();
        nodeTenant = topology.initialTenant.clone();
        nodeRack = topology.nodeRack.clone();
        nodePool = new int[nodes];
        nodeModel = new GpuModel[nodes];
        nodeWeekendBlock = new boolean[nodes];
        nodeNotebookTenant = new boolean[nodes];
        poolWorkload = new PoolWorkload[admin.poolCount()];
        for (int p = 0; p < poolWorkload.length; p++) {
            poolWorkload[p] = admin.poolWorkload(p);
        }
        record Unit(String uuid, String parent, int node, int gpu, float weight, double peak) {}
        List<Unit> units = new ArrayList<>();
        int gpu = 0;
        for (int n = 0; n < nodes; n++) {
            nodePool[n] = admin.pool(n);
            nodeModel[n] = topology.rackModel[topology.nodeRack[n]];
            String tenant = topology.initialTenant[n];
            nodeWeekendBlock[n] = poolWorkload[nodePool[n]] == PoolWorkload.TRAIN && WEEKEND_TENANT.equals(tenant);
            nodeNotebookTenant[n] = NOTEBOOK_TENANT.equals(tenant);
            for (Accelerator a : topology.accelerators.get(n)) {
                double peak = AcceleratorModels.peakDenseTflops(a.model());
                units.add(new Unit(a.uuid(), "", n, gpu, 1f, peak));
                int computeSlices = 0;
                for (MigSlice s : a.slices()) {
                    computeSlices += Math.max(1, s.placementSize());
                }
                for (MigSlice s : a.slices()) {
                    float w = computeSlices == 0 ? 0 : Math.max(1, s.placementSize()) / (float) computeSlices;
                    units.add(new Unit(s.uuid(), a.uuid(), n, gpu, w, peak * w));
                }
                gpu++;
            }
        }
        // Rows of a period go out in key order.
        units.sort(Comparator.comparing(Unit::uuid));
        int count = units.size();
        accelNode = new int[count];
        accelGpu = new int[count];
        accelWeight = new float[count];
        uuid = new String[count];
        parentUuid = new String[count];
        peakTflops = new double[count];
        for (int i = 0; i < count; i++) {
            Unit u = units.get(i);
            accelNode[i] = u.node();
            accelGpu[i] = u.gpu();
            accelWeight[i] = u.weight();
            uuid[i] = u.uuid();
            parentUuid[i] = u.parent();
            peakTflops[i] = u.peak();
        }
    }

    /**
     * The past of the fleet the live simulator with these arguments serves (same UUIDs, pools,
     * tenants), kept from {@code coveredFromMs} on.
     */
    public static FleetPast of(FleetShape shape, long seed, String hostPrefix, long coveredFromMs) {
        FleetTopology topology = TopologyBuilder.build(shape, seed, hostPrefix, 1000);
        // The cluster name the live simulator's Slurm job ids carry (FleetSimulator).
        return new FleetPast(seed, coveredFromMs, topology, new NodeAdmin(seed, topology), hostPrefix + "sim");
    }

    /** When the fleet's kept past begins: before it, time is uncovered. */
    public long coveredFromMs() {
        return coveredFromMs;
    }

    /** GPUs and MIG slices, in key (UUID) order. */
    public int accelerators() {
        return uuid.length;
    }

    public String uuid(int accel) {
        return uuid[accel];
    }

    /** The slice's GPU, or "" for a whole GPU. */
    public String parentUuid(int accel) {
        return parentUuid[accel];
    }

    public String hostname(int accel) {
        return hostname[accelNode[accel]];
    }

    /** Whether the accelerator is in the training block that stops at the weekend. */
    boolean inWeekendBlock(int accel) {
        return nodeWeekendBlock[accelNode[accel]];
    }

    /** Whether the accelerator is leased to the tenant whose notebooks hold GPUs idle. */
    boolean withNotebookTenant(int accel) {
        return nodeNotebookTenant[accelNode[accel]];
    }

    /**
     * The workload that held accelerator {@code accel} in the hour around {@code timeMs}, for the
     * part of it {@link #step} counts busy or held idle; the rest of the hour nobody held it. A MIG
     * slice answers its GPU's holder.
     */
    public PastHolder holder(int accel, long timeMs) {
        return holder(accel, timeMs, null);
    }

    /** As {@link #holder(int, long)}, answering {@code previous} itself when it is that workload. */
    public PastHolder holder(int accel, long timeMs, PastHolder previous) {
        int node = accelNode[accel];
        return holders.holder(
                poolWorkload[nodePool[node]],
                nodeNotebookTenant[node],
                nodeRack[node],
                node,
                accelGpu[accel],
                nodeTenant[node],
                Math.floorDiv(timeMs, HOUR_MS),
                previous);
    }

    public double peakTflops(int accel) {
        return peakTflops[accel];
    }

    /** The pools' wanted allocated share at {@code timeMs}, once per step for every accelerator. */
    public double[] poolSharesAt(long timeMs) {
        double demand = LoadCurve.demand(timeMs);
        int minute = (int) Math.floorDiv(timeMs, 60_000L);
        double[] shares = new double[poolWorkload.length];
        for (int p = 0; p < shares.length; p++) {
            shares[p] = poolWorkload[p].targetShare(demand, LoadCurve.drift(seed, JobScheduler.DRIFT + p, minute));
        }
        return shares;
    }

    /**
     * Adds accelerator {@code accel}'s figures for [startMs, startMs + lengthMs) to {@code into}.
     * Periods of an hour or less are one step; a day is its 24 hours.
     */
    public void period(int accel, long startMs, long lengthMs, PeriodFigures into) {
        if (lengthMs <= HOUR_MS) {
            step(accel, startMs, lengthMs, poolSharesAt(startMs + lengthMs / 2), into);
            return;
        }
        for (long t = startMs; t < startMs + lengthMs; t += HOUR_MS) {
            long length = Math.min(HOUR_MS, startMs + lengthMs - t);
            step(accel, t, length, poolSharesAt(t + length / 2), into);
        }
    }

    /** One step of at most an hour, with the pools' shares at its middle. */
    public void step(int accel, long startMs, long lengthMs, double[] shares, PeriodFigures into) {
        long seconds = lengthMs / 1000;
        long end = startMs + lengthMs;
        if (end <= coveredFromMs) {
            into.add(0, 0, 0, 0, 0, seconds, Double.NaN, Double.NaN, Double.NaN);
            return;
        }
        long uncovered = startMs >= coveredFromMs ? 0 : (coveredFromMs - startMs) / 1000;
        long covered = seconds - uncovered;
        int node = accelNode[accel];
        int gpu = accelGpu[accel];
        GpuModel model = nodeModel[node];
        float weight = accelWeight[accel];
        long mid = startMs + lengthMs / 2;
        long hour = Math.floorDiv(mid, HOUR_MS);
        double idleW = model.idleW * weight;
        double busyW = model.powerLimitW * weight;
        if (SimHash.unit(SimHash.hash(seed, FAULT, gpu, hour / 24)) < FAULTED_DAYS) {
            into.add(0, 0, 0, 0, covered, uncovered, 0, idleW, 30);
            return;
        }
        if (SimHash.unit(SimHash.hash(seed, MAINTENANCE, node, hour / (24 * 7))) < MAINTENANCE_WEEKS) {
            into.add(0, 0, 0, covered, 0, uncovered, 0, idleW, 30);
            return;
        }
        int pool = nodePool[node];
        PoolWorkload workload = poolWorkload[pool];
        double share = nodeWeekendBlock[node] && LoadCurve.isWeekend(mid) ? WEEKEND_SHARE : shares[pool];
        // Whole racks fill first (a job lands on neighbouring racks); the order changes weekly.
        long week = Math.floorDiv(mid, HOUR_MS * 24 * 7);
        double order = 0.85 * SimHash.unit(SimHash.hash(seed, FILL_ORDER, nodeRack[node], week))
                + 0.15 * SimHash.unit(SimHash.hash(seed, FILL_ORDER + 1, gpu, week));
        double allocated = Math.clamp((share - order) / EDGE + 0.5, 0.0, 1.0);
        double traffic = JobScheduler.traffic(mid);
        double stallChance = nodeNotebookTenant[node]
                ? 0.80
                : switch (workload) {
                    case TRAIN -> 0.07;
                    case INFER -> 0.08 + 0.20 * (1 - traffic);
                    case DEV -> 0.40;
                    case OTHER -> 0.50;
                };
        boolean stalled = SimHash.unit(SimHash.hash(seed, HELD, accel, hour / STALL_HOURS)) < stallChance;
        long allocatedS = Math.round(covered * allocated);
        long held = stalled ? allocatedS : 0;
        long busy = allocatedS - held;
        long free = covered - allocatedS;
        double busyUtil = switch (workload) {
            case TRAIN -> 92;
            case INFER -> 20 + 60 * traffic;
            default -> 55;
        };
        double util =
                covered == 0 ? Double.NaN : (busy * busyUtil + held * JobTable.IDLE_UTILIZATION) / (double) covered;
        double power = covered == 0 ? Double.NaN : idleW + (busyW - idleW) * util / 100;
        double temp = covered == 0 ? Double.NaN : 24 + model.riseAtLimitC * util / 100;
        into.add(busy, held, free, 0, 0, uncovered, util, power, temp);
    }

    /** Seconds in each state and the measured means of one accelerator over one period, summed step by step. */
    public static final class PeriodFigures {
        public long busy;
        public long heldIdle;
        public long freeIdle;
        public long drained;
        public long faulted;
        public long uncovered;
        private double utilSeconds;
        private double powerSeconds;
        private long measuredSeconds;
        public double maxTempC = Double.NaN;

        public void clear() {
            busy = heldIdle = freeIdle = drained = faulted = uncovered = measuredSeconds = 0;
            utilSeconds = powerSeconds = 0;
            maxTempC = Double.NaN;
        }

        void add(
                long busyS,
                long heldS,
                long freeS,
                long drainedS,
                long faultedS,
                long uncoveredS,
                double util,
                double powerW,
                double tempC) {
            busy += busyS;
            heldIdle += heldS;
            freeIdle += freeS;
            drained += drainedS;
            faulted += faultedS;
            uncovered += uncoveredS;
            long measured = busyS + heldS + freeS + drainedS + faultedS;
            if (measured > 0 && !Double.isNaN(util)) {
                utilSeconds += util * measured;
                powerSeconds += powerW * measured;
                measuredSeconds += measured;
            }
            if (!Double.isNaN(tempC) && (Double.isNaN(maxTempC) || tempC > maxTempC)) {
                maxTempC = tempC;
            }
        }

        public boolean measured() {
            return measuredSeconds > 0;
        }

        public double meanUtilizationPct() {
            return measuredSeconds == 0 ? Double.NaN : utilSeconds / measuredSeconds;
        }

        public double meanPowerW() {
            return measuredSeconds == 0 ? Double.NaN : powerSeconds / measuredSeconds;
        }

        public double energyWh() {
            return powerSeconds / 3600;
        }
    }

    @Override
    public String toString() {
        return "FleetPast[" + uuid.length + " accelerators from " + coveredFromMs + ", " + Arrays.toString(poolWorkload)
                + "]";
    }
}
