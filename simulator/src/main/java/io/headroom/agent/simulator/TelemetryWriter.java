package io.headroom.agent.simulator;

import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Vendor;
import java.util.Arrays;

/**
 * Turns the model's state into one tick of samples, the way nvidia-smi and a rack PDU would
 * report them, and writes them into a telemetry table.
 *
 * <p>Allocation-free per tick: one {@link SampleBuffer}, per-sample noise from a hash of
 * (seed, tick, slot).
 */
final class TelemetryWriter {

    private static final long NOISE = 0x6E6F_6973L;
    private static final float NODE_LOAD_KW = 0.4f;
    private static final float MIG_POWER_INTENSITY = 0.8f;

    private final long seed;
    private final FleetTopology topology;
    private final NodeAdmin admin;
    private final JobScheduler scheduler;
    private final JobTable jobs;
    private final GpuFaults faults;
    private final RackClimate climate;
    private final TargetSlots targets;
    private final SampleBuffer sample = new SampleBuffer();
    private final float[] rackKw;
    private final float[] rackBusy;
    private final float[] inletC;
    private int samples;

    TelemetryWriter(
            long seed,
            FleetTopology topology,
            NodeAdmin admin,
            JobScheduler scheduler,
            GpuFaults faults,
            RackClimate climate) {
        this.seed = seed;
        this.topology = topology;
        this.admin = admin;
        this.scheduler = scheduler;
        this.jobs = scheduler.jobs();
        this.faults = faults;
        this.climate = climate;
        this.targets = new TargetSlots(topology);
        int racks = topology.rackCount();
        rackKw = new float[racks];
        rackBusy = new float[racks];
        inletC = new float[racks];
    }

    /**
     * Writes every reporting node's samples and every rack's readings, then publishes once.
     * Silent nodes are computed all the same (their rack's PDU still sees their power) but
     * not written.
     */
    void write(long timeMillis, long tick, boolean[] nodeSilent, float[] rackHeatC, FleetTelemetry target) {
        targets.use(target.layout());
        long tickSeed = SimHash.hash(seed, NOISE, tick);
        busyShares();
        climate.inlets(timeMillis, tickSeed, rackBusy, rackHeatC, inletC);
        Arrays.fill(rackKw, 0f);
        samples = 0;
        sample.timeMillis = timeMillis;
        FleetLayout layout = topology.layout;
        for (int n = 0; n < topology.nodeCount(); n++) {
            int rack = topology.nodeRack[n];
            GpuModel model = topology.rackModel[rack];
            int targetNode = targets.node(n);
            FleetTelemetry to = nodeSilent[n] || targetNode == FleetLayout.NONE ? null : target;
            if (to != null) {
                to.writeNode(targetNode, timeMillis, admin.state(n, scheduler.allocatedUnits(n)), admin.generation(n));
            }
            float watts = 0;
            float load = 0;
            int first = layout.firstGpuSlot(n);
            int end = layout.endGpuSlot(n);
            for (int g = first; g < end; g++) {
                load += topology.nodeMig[n]
                        ? migGpu(g, model, inletC[rack], tickSeed, to)
                        : wholeGpu(g, model, inletC[rack], tickSeed, to);
                if (!Float.isNaN(sample.powerW)) {
                    watts += sample.powerW;
                }
            }
            rackKw[rack] += watts / 1000f + model.nodeOverheadKw + NODE_LOAD_KW * load / Math.max(1, end - first);
        }
        for (int r = 0; r < rackKw.length; r++) {
            if (targets.rack(r) != FleetLayout.NONE) {
                float noise = SimHash.lane(SimHash.at(tickSeed, -1 - r), 0) * 0.4f - 0.2f;
                float outlet = inletC[r] + RackClimate.OUTLET_RISE_PER_KW * rackKw[r] + noise;
                target.writeRack(
                        targets.rack(r),
                        timeMillis,
                        inletC[r],
                        RackClimate.roundTenth(outlet),
                        Math.round(rackKw[r] * 100f) / 100f);
            }
        }
        target.publish(samples);
    }

    /** Fills and writes a GPU outside MIG; returns its load in [0, 1]. */
    private float wholeGpu(int g, GpuModel model, float inlet, long tickSeed, FleetTelemetry target) {
        if (faults.fallenOffTheBus(g)) {
            fallenOff(g, model, target);
            return 0;
        }
        long h = SimHash.at(tickSeed, g);
        int job = scheduler.job(g);
        boolean allocated = job != JobScheduler.FREE;
        float utilization = allocated ? noisy(jobs.utilization(job), SimHash.lane(h, 0)) : 0;
        float intensity = allocated ? jobs.intensity(job) : 0;
        GpuPhysics.fill(sample, model, inlet, topology.gpuThermalBias[g], utilization / 100f, allocated, intensity, h);
        sample.utilizationPct = utilization;
        sample.smActivePct =
                allocated ? roundTenth(utilization * jobs.smRatio(job) * (0.95f + 0.1f * SimHash.lane(h, 1))) : 0;
        sample.memoryUsedMib = allocated ? Math.round(jobs.memoryShare(job) * model.memoryMib) : 0;
        sample.allocated = allocated;
        faultCounters(g, model);
        put(g, target);
        return utilization / 100f;
    }

    /**
     * Writes a MIG GPU's slices, then the GPU. Under MIG nvidia-smi cannot measure
     * utilization, so slices carry only SM activity; the GPU carries power, temperatures and
     * clock, with its activity the slices' compute-weighted sum.
     */
    private float migGpu(int g, GpuModel model, float inlet, long tickSeed, FleetTelemetry target) {
        FleetLayout layout = topology.layout;
        boolean offTheBus = faults.fallenOffTheBus(g);
        float activity = 0;
        float memory = 0;
        boolean allocated = false;
        for (int s = layout.firstSliceSlot(g); s < layout.endSliceSlot(g); s++) {
            unavailable();
            if (offTheBus) {
                sample.missing = true;
                put(s, target);
                continue;
            }
            int job = scheduler.job(s);
            if (job != JobScheduler.FREE) {
                sample.smActivePct = noisy(jobs.utilization(job), SimHash.lane(SimHash.at(tickSeed, s), 0));
                sample.memoryUsedMib = Math.round(jobs.memoryShare(job) * layout.memoryTotalMib(s));
                sample.allocated = true;
                allocated = true;
            } else {
                sample.smActivePct = 0;
                sample.memoryUsedMib = 0;
            }
            put(s, target);
            activity += sample.smActivePct * topology.unitWeight[s];
            memory += sample.memoryUsedMib;
        }
        if (offTheBus) {
            fallenOff(g, model, target);
            return 0;
        }
        GpuPhysics.fill(
                sample,
                model,
                inlet,
                topology.gpuThermalBias[g],
                activity / 100f,
                allocated,
                MIG_POWER_INTENSITY,
                SimHash.at(tickSeed, g));
        sample.utilizationPct = Float.NaN;
        sample.smActivePct = roundTenth(activity);
        sample.memoryUsedMib = memory;
        sample.allocated = allocated;
        faultCounters(g, model);
        put(g, target);
        return activity / 100f;
    }

    /** The driver no longer sees the GPU: nothing to read, only (on NVIDIA) the XID in the kernel log. */
    private void fallenOff(int g, GpuModel model, FleetTelemetry target) {
        unavailable();
        sample.missing = true;
        if (model.vendor == Vendor.NVIDIA) {
            sample.measured(IntegerReading.LAST_XID, GpuFaults.FALLEN_OFF_THE_BUS);
        }
        put(g, target);
    }

    /** The faults as each vendor's tool reports them; what a tool does not measure stays unmeasured. */
    private void faultCounters(int g, GpuModel model) {
        sample.missing = false;
        sample.health = DeviceHealth.UNKNOWN;
        if (model.vendor != Vendor.NVIDIA) {
            // Throttle reasons are NVML's bitmask: the other vendors' tools have none.
            sample.throttleReasons = 0;
            sample.unmeasured = IntegerReading.ALL;
        }
        switch (model.vendor) {
            case NVIDIA -> {
                // The simulated NVIDIA GPUs are H100-class: ECC and row remapping on, MIG or not.
                sample.measured(IntegerReading.LAST_XID, faults.lastXid(g));
                sample.measured(IntegerReading.ECC_UNCORRECTABLE, faults.eccUncorrectable(g));
                sample.measured(IntegerReading.REMAPPED_ROW_FAILURES, 0);
            }
            // cnmon's Ecc-Error column; Cambricon has no XIDs.
            case CAMBRICON -> sample.measured(IntegerReading.ECC_UNCORRECTABLE, faults.eccUncorrectable(g));
            // npu-smi's Health column: a hardware fault is an Alarm, a minor one a Warning.
            case HUAWEI -> {
                if (!faults.healthy(g)) {
                    sample.health = DeviceHealth.ALARM;
                } else {
                    sample.health = faults.warning(g) ? DeviceHealth.WARNING : DeviceHealth.OK;
                }
            }
            // hy-smi and xpu_smi print no fault counters.
            default -> {}
        }
    }

    /** Everything unmeasured, keeping the sample time. */
    private void unavailable() {
        long time = sample.timeMillis;
        sample.clear();
        sample.timeMillis = time;
    }

    private void put(int slot, FleetTelemetry target) {
        int targetSlot = targets.slot(slot);
        if (target != null && targetSlot != FleetLayout.NONE) {
            target.writeAccelerator(targetSlot, sample);
            samples++;
        }
    }

    /** Utilization as nvidia-smi prints it, a whole percent; an idle job stays under 3 %. */
    private static float noisy(float level, float uniform) {
        float value = level < 5f ? level + 2f * uniform : level + 8f * (uniform - 0.5f);
        return Math.round(Math.clamp(value, 0f, 100f));
    }

    private static float roundTenth(float value) {
        return Math.round(value * 10f) / 10f;
    }

    private void busyShares() {
        Arrays.fill(rackBusy, 0f);
        int nodesPerRack = topology.shape.nodesPerRack();
        for (int n = 0; n < topology.nodeCount(); n++) {
            rackBusy[topology.nodeRack[n]] +=
                    scheduler.allocatedUnits(n) / (float) (topology.unitCount(n) * nodesPerRack);
        }
    }
}
