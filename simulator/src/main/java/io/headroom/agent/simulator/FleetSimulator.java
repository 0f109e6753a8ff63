package io.headroom.agent.simulator;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.protocol.v1.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated GPU fleet: its inventory, a scheduler filling it with training, inference and
 * notebook jobs along a day/night curve, faults and incidents, and the telemetry all of that
 * produces. Deterministic for (shape, seed, startMillis, intervalMs): the model advances in
 * whole simulated minutes from {@code startMillis}, and per-sample noise is a hash of the
 * tick, so the same arguments give the same samples at the same tick times however the
 * ticks arrive. Operations change what follows them.
 *
 * <p>Thread-safe: the ticker and gRPC threads share one lock. A tick of 100,000 GPUs holds it
 * for tens of milliseconds.
 */
public final class FleetSimulator {

    private static final long MINUTE_MILLIS = 60_000L;
    // Catching up after a long pause replays at most a day: enough to reach a state that day would have left.
    private static final int MAX_CATCH_UP_MINUTES = 24 * 60;

    private final FleetShape shape;
    private final long startMillis;
    private final int intervalMs;
    private final FleetTopology topology;
    private final NodeAdmin admin;
    private final JobScheduler scheduler;
    private final Incidents incidents;
    private final TelemetryWriter writer;
    private final GpuFaults faults;
    private final boolean[] nodeSilent;
    private final float[] rackHeatC;
    private final String serverId;
    private final JobWorkloads describer;
    private final Map<String, Integer> jobOfWorkload = new HashMap<>();
    private List<Workload> workloads = List.of();
    private long describedAt = -1;
    private int minute;
    private long inventoryVersion = 1;
    private Inventory inventory;

    /**
     * @param hostPrefix prepended to hostnames, and to site, hall and rack ids, so that several
     *                   simulators in one console stay apart; may be ""
     */
    public FleetSimulator(FleetShape shape, long seed, long startMillis, int intervalMs, String hostPrefix) {
        this(shape, seed, startMillis, intervalMs, hostPrefix, SiteMix.NVIDIA);
    }

    /** As above, with a site made of {@code mix}: NVIDIA only, or a heterogeneous centre. */
    public FleetSimulator(
            FleetShape shape, long seed, long startMillis, int intervalMs, String hostPrefix, SiteMix mix) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(mix, "mix");
        Objects.requireNonNull(hostPrefix, "hostPrefix");
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("sample interval must be positive, was " + intervalMs);
        }
        this.shape = shape;
        this.startMillis = startMillis;
        this.intervalMs = intervalMs;
        this.serverId = hostPrefix + "simulator";
        topology = TopologyBuilder.build(shape, seed, hostPrefix, intervalMs, mix);
        faults = new GpuFaults(seed, topology.layout.gpuCount());
        admin = new NodeAdmin(seed, topology);
        scheduler = new JobScheduler(seed, topology, admin, faults);
        incidents = new Incidents(seed, topology);
        describer = new JobWorkloads(seed, hostPrefix + "sim", startMillis, topology, admin);
        writer = new TelemetryWriter(seed, topology, admin, scheduler, faults, new RackClimate(seed, topology));
        nodeSilent = new boolean[topology.nodeCount()];
        rackHeatC = new float[topology.rackCount()];
        scheduler.warmStart(0, startMillis);
        incidents.apply(0, nodeSilent, rackHeatC);
    }

    public FleetShape shape() {
        return shape;
    }

    public int intervalMs() {
        return intervalMs;
    }

    /**
     * The current inventory. Its version bumps whenever an operation changes a node (pool,
     * tenant, drain, generation). Scheduler states in it are as of that version; the live
     * ones come with every sample.
     */
    public synchronized Inventory inventory() {
        if (inventory == null) {
            List<Node> nodes = new ArrayList<>(topology.nodeCount());
            for (int n = 0; n < topology.nodeCount(); n++) {
                nodes.add(new Node(
                        topology.hostname[n],
                        topology.serial[n],
                        topology.racks.get(topology.nodeRack[n]).id(),
                        topology.uPosition[n],
                        topology.uHeight[n],
                        admin.poolName(admin.pool(n)),
                        admin.tenant(n),
                        state(n),
                        admin.generation(n),
                        intervalMs,
                        topology.accelerators.get(n)));
            }
            inventory =
                    new Inventory(serverId, inventoryVersion, topology.sites, topology.halls, topology.racks, nodes);
        }
        return inventory;
    }

    /**
     * Advances the model to {@code timeMillis} and writes one sample for every node that
     * reports this tick, every GPU and MIG slice of it, and every rack, then publishes once.
     * Slots are found through {@code target.layout()}, which may be of an older inventory;
     * what it does not know is skipped.
     */
    public synchronized void tick(long timeMillis, FleetTelemetry target) {
        advanceTo(Math.clamp(Math.floorDiv(timeMillis - startMillis, MINUTE_MILLIS), 0, Integer.MAX_VALUE));
        writer.write(timeMillis, Math.floorDiv(timeMillis - startMillis, intervalMs), nodeSilent, rackHeatC, target);
    }

    /**
     * Runs {@code read} while no tick writes, so that it sees every node as of one tick. Ticks
     * (and operations) wait meanwhile: keep it short.
     */
    public synchronized void betweenTicks(Runnable read) {
        read.run();
    }

    private void advanceTo(int target) {
        if (target <= minute) {
            return;
        }
        int from = Math.max(minute + 1, target - MAX_CATCH_UP_MINUTES + 1);
        for (int m = from; m <= target; m++) {
            scheduler.step(m, startMillis + m * MINUTE_MILLIS);
        }
        incidents.apply(target, nodeSilent, rackHeatC);
        minute = target;
    }

    /**
     * Counts every start and end of a job and every change of what one holds: while it stays the
     * same, so do {@link #workloads()}.
     */
    public synchronized long jobChanges() {
        return scheduler.jobs().changes();
    }

    /**
     * Every running job as its scheduler would report it (Slurm job, Kubernetes pod, notebook),
     * with the GPUs and MIG slices it holds: every allocated unit has exactly one holder.
     */
    public synchronized List<Workload> workloads() {
        describe();
        return workloads;
    }

    private void describe() {
        long changes = scheduler.jobs().changes();
        if (changes != describedAt) {
            workloads = List.copyOf(describer.describe(scheduler, jobOfWorkload));
            describedAt = changes;
        }
    }

    /** The running job with this workload id, with what ending it now would cost its owner. */
    public synchronized Optional<RunningJob> runningJob(String workloadId) {
        describe();
        Integer job = jobOfWorkload.get(workloadId);
        if (job == null) {
            return Optional.empty();
        }
        JobTable jobs = scheduler.jobs();
        Workload workload = workloads.stream()
                .filter(w -> w.getId().equals(workloadId))
                .findFirst()
                .orElseThrow();
        return Optional.of(new RunningJob(
                workload,
                minute - jobs.startMinute(job),
                jobs.behaviour(job) == JobTable.TRAINING ? jobs.minutesSinceCheckpoint(job, minute) : -1,
                jobs.idleMinutes(job, minute)));
    }

    /**
     * Ends the job now, as its scheduler would on a cancel, requeue or eviction: its GPUs are
     * free at once and it leaves {@link #workloads()}.
     *
     * @return false when no running job has this workload id
     */
    public synchronized boolean endJob(String workloadId) {
        describe();
        Integer job = jobOfWorkload.get(workloadId);
        if (job == null) {
            return false;
        }
        scheduler.endNow(job, minute);
        describe();
        return true;
    }

    /** Current generation of the node, or -1 if unknown hostname. */
    public synchronized long generation(String hostname) {
        int n = topology.nodeIndex(hostname);
        return n < 0 ? -1 : admin.generation(n);
    }

    /** What the node's scheduler says of it now. */
    public synchronized SchedulerState schedulerState(String hostname) {
        return state(node(hostname));
    }

    /**
     * Drain: DRAINING while jobs still run on the node, DRAINED once none is left; its jobs
     * move off within a few simulated minutes. A no-op on a node already drained or draining.
     *
     * @return the node's generation, bumped unless it was a no-op
     */
    public synchronized long drain(String hostname, String reason) {
        int n = node(hostname);
        if (admin.drain(n, reason, minute)) {
            changed();
        }
        return admin.generation(n);
    }

    /**
     * Resume: back to IDLE, ALLOCATED or MIXED as allocation says, open to new jobs, and its
     * faulted GPUs repaired (whoever drained it had a technician look). A no-op on a node
     * that is not drained.
     */
    public synchronized long resume(String hostname) {
        int n = node(hostname);
        if (admin.resume(n)) {
            faults.repairAll(topology.layout.firstGpuSlot(n), topology.layout.endGpuSlot(n));
            changed();
        }
        return admin.generation(n);
    }

    /**
     * Moves the node to another pool and tenant, either null for unchanged. Its running jobs
     * finish where they are; new ones come from the new pool.
     */
    public synchronized long reassign(String hostname, String pool, String tenant) {
        int n = node(hostname);
        if (admin.reassign(n, pool, tenant)) {
            changed();
        }
        return admin.generation(n);
    }

    /** Why the node is drained, or "". */
    public synchronized String drainReason(String hostname) {
        return admin.drainReason(node(hostname));
    }

    private SchedulerState state(int node) {
        return admin.state(node, scheduler.allocatedUnits(node));
    }

    private void changed() {
        inventoryVersion++;
        inventory = null;
    }

    private int node(String hostname) {
        int n = topology.nodeIndex(hostname);
        if (n < 0) {
            throw new IllegalArgumentException("unknown node " + hostname);
        }
        return n;
    }
}
