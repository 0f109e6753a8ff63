package io.headroom.agent.simulator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The cluster scheduler: once a simulated minute it ends jobs whose time is up (or whose GPU
 * faulted, or whose node is being drained), then starts new ones until each pool's
 * allocated share approaches what the day's demand asks of it.
 *
 * <p>Training takes whole servers, found by scanning the pool from a random point so that a
 * job lands on neighbouring racks; inference and notebooks take single GPUs or MIG slices.
 * Because training runs for hours, the night's drop in demand frees capacity only slowly,
 * as it does on a real cluster.
 */
final class JobScheduler {

    static final int FREE = -1;
    private static final long STEP = 0x7374_6570L;
    /** The drift stream of pool p is DRIFT + p; the modelled past follows the same one. */
    static final long DRIFT = 0x6472_6966L;

    private static final int FAILED_PLACEMENTS_PER_MINUTE = 3;
    private static final int FAILED_PLACEMENTS_AT_START = 50;

    private final long seed;
    private final FleetTopology topology;
    private final NodeAdmin admin;
    private final GpuFaults faults;
    private final JobTable jobs;
    private final int[] unitJob;
    private final int[] nodeAllocated;
    private final int[] nodeFreeHealthy;
    private double[] poolAllocated = new double[0];
    private double[] poolCapacity = new double[0];
    private final JobRequest request = new JobRequest();
    private final int[] picked = new int[64];
    private int placingPool;

    JobScheduler(long seed, FleetTopology topology, NodeAdmin admin, GpuFaults faults) {
        this.seed = seed;
        this.topology = topology;
        this.admin = admin;
        this.faults = faults;
        this.jobs = new JobTable(topology.layout.slotCount() / 2);
        unitJob = new int[topology.layout.slotCount()];
        Arrays.fill(unitJob, FREE);
        nodeAllocated = new int[topology.nodeCount()];
        nodeFreeHealthy = new int[topology.nodeCount()];
    }

    JobTable jobs() {
        return jobs;
    }

    /** The job on a unit, or {@link #FREE}. */
    int job(int unit) {
        return unitJob[unit];
    }

    int allocatedUnits(int node) {
        return nodeAllocated[node];
    }

    /** The fleet as it would be found at this minute: faults and jobs at their usual levels, jobs part-way through. */
    void warmStart(int minute, long timeMillis) {
        faults.warmStart(minute, gpu -> evict(gpu, minute));
        releaseAndCount(minute);
        arrivals(minute, timeMillis, new SplittableRandom(SimHash.hash(seed, STEP, minute, -1)), true);
        jobs.updateActivity(minute, traffic(timeMillis));
    }

    void step(int minute, long timeMillis) {
        faults.step(minute, gpu -> evict(gpu, minute));
        releaseAndCount(minute);
        arrivals(minute, timeMillis, new SplittableRandom(SimHash.hash(seed, STEP, minute)), false);
        jobs.updateActivity(minute, traffic(timeMillis));
    }

    /** Inference traffic relative to its peak. */
    static double traffic(long timeMillis) {
        return 0.35 + 0.65 * LoadCurve.demand(timeMillis);
    }

    /** A job whose GPU faults crashes, all of it. */
    private void evict(int gpu, int minute) {
        var layout = topology.layout;
        int first = layout.firstSliceSlot(gpu);
        int end = layout.endSliceSlot(gpu);
        if (first == end) {
            endJobOn(gpu, minute);
        }
        for (int s = first; s < end; s++) {
            endJobOn(s, minute);
        }
    }

    private void endJobOn(int unit, int minute) {
        if (unitJob[unit] != FREE) {
            jobs.endAt(unitJob[unit], minute);
        }
    }

    private void releaseAndCount(int minute) {
        int pools = admin.poolCount();
        if (poolAllocated.length != pools) {
            poolAllocated = new double[pools];
            poolCapacity = new double[pools];
        }
        Arrays.fill(poolAllocated, 0);
        Arrays.fill(poolCapacity, 0);
        for (int n = 0; n < topology.nodeCount(); n++) {
            int pool = admin.pool(n);
            boolean schedulable = !admin.drained(n);
            boolean drainDue = !schedulable && minute >= admin.drainReleaseMinute(n);
            int allocated = 0;
            int freeHealthy = 0;
            for (int u = topology.nodeUnitStart[n]; u < topology.nodeUnitEnd[n]; u++) {
                int job = unitJob[u];
                if (job != FREE && (drainDue || jobs.endMinute(job) <= minute)) {
                    unitJob[u] = FREE;
                    jobs.releaseUnit(job);
                    job = FREE;
                }
                boolean healthy = faults.healthy(topology.unitGpu[u]);
                if (job != FREE) {
                    allocated++;
                    if (schedulable) {
                        poolAllocated[pool] += topology.unitWeight[u];
                    }
                } else if (healthy) {
                    freeHealthy++;
                }
                if (schedulable && healthy) {
                    poolCapacity[pool] += topology.unitWeight[u];
                }
            }
            nodeAllocated[n] = allocated;
            nodeFreeHealthy[n] = freeHealthy;
        }
    }

    private void arrivals(int minute, long timeMillis, SplittableRandom random, boolean warm) {
        double demand = LoadCurve.demand(timeMillis);
        int gpusPerNode = topology.shape.gpusPerNode();
        for (int p = 0; p < admin.poolCount(); p++) {
            int[] members = admin.poolNodes(p);
            if (members.length == 0 || poolCapacity[p] <= 0) {
                continue;
            }
            PoolWorkload workload = admin.poolWorkload(p);
            double target = workload.targetShare(demand, LoadCurve.drift(seed, DRIFT + p, minute)) * poolCapacity[p];
            double budget = (target - poolAllocated[p]) * (warm ? 1 : workload.fillPerMinute());
            int failures = 0;
            int maxFailures = warm ? FAILED_PLACEMENTS_AT_START : FAILED_PLACEMENTS_PER_MINUTE;
            while (budget > 0 && failures < maxFailures) {
                workload.draw(random, request, members.length, admin.poolHasMig(p));
                double weight = request.weight(gpusPerNode);
                if (weight > budget && warm) {
                    // At start-up, fill up with what fits.
                    failures++;
                    continue;
                }
                // Jobs bigger than this minute's shortfall start as often as it would admit them on average.
                if (weight > budget && random.nextDouble() * weight >= budget) {
                    break;
                }
                placingPool = p;
                double placed = place(members, minute, random, warm);
                if (placed > 0) {
                    budget -= placed;
                    poolAllocated[p] += placed;
                } else {
                    failures++;
                }
            }
        }
    }

    /** Places {@link #request} in the pool; returns the capacity it took, 0 when it did not fit. */
    private double place(int[] members, int minute, SplittableRandom random, boolean warm) {
        int start = random.nextInt(members.length);
        return switch (request.shape) {
            case WHOLE_NODES -> {
                int found = 0;
                for (int i = 0; i < members.length && found < request.count; i++) {
                    int n = members[(start + i) % members.length];
                    if (!topology.nodeMig[n] && !admin.drained(n) && nodeFreeHealthy[n] == topology.unitCount(n)) {
                        picked[found++] = n;
                    }
                }
                if (found < request.count) {
                    yield 0;
                }
                int job = newJob(minute, random, warm);
                double weight = 0;
                for (int i = 0; i < found; i++) {
                    weight += assign(picked[i], job, topology.unitCount(picked[i]), random);
                }
                yield weight;
            }
            case GPUS, SLICE -> {
                boolean slice = request.shape == JobRequest.Shape.SLICE;
                for (int i = 0; i < members.length; i++) {
                    int n = members[(start + i) % members.length];
                    if (topology.nodeMig[n] == slice && !admin.drained(n) && nodeFreeHealthy[n] >= request.count) {
                        yield assign(n, newJob(minute, random, warm), request.count, random);
                    }
                }
                yield 0;
            }
        };
    }

    private int newJob(int minute, SplittableRandom random, boolean warm) {
        int duration = request.durationMinutes;
        // At start-up jobs are found part-way through their run, not all starting together.
        int elapsed = warm ? (int) (duration * random.nextDouble()) : 0;
        int job = jobs.create(request.behaviour, minute - elapsed, duration, request.idleChance, random);
        jobs.placed(job, placingPool, request.shape);
        return job;
    }

    /**
     * Ends the job now, as a scheduler that cancels, requeues or evicts it does: its units are
     * free at once, not at the next pass.
     */
    void endNow(int job, int minute) {
        jobs.endAt(job, minute);
        for (int n = 0; n < topology.nodeCount(); n++) {
            for (int u = topology.nodeUnitStart[n]; u < topology.nodeUnitEnd[n]; u++) {
                if (unitJob[u] == job) {
                    unitJob[u] = FREE;
                    jobs.releaseUnit(job);
                    nodeAllocated[n]--;
                    if (faults.healthy(topology.unitGpu[u])) {
                        nodeFreeHealthy[n]++;
                    }
                }
            }
        }
    }

    /** Gives {@code count} free healthy units of the node to the job, from a random one on. */
    private double assign(int node, int job, int count, SplittableRandom random) {
        int first = topology.nodeUnitStart[node];
        int units = topology.unitCount(node);
        int offset = random.nextInt(units);
        double weight = 0;
        int assigned = 0;
        for (int i = 0; i < units && assigned < count; i++) {
            int u = first + (offset + i) % units;
            if (unitJob[u] == FREE && faults.healthy(topology.unitGpu[u])) {
                unitJob[u] = job;
                jobs.addUnit(job);
                weight += topology.unitWeight[u];
                assigned++;
            }
        }
        nodeAllocated[node] += assigned;
        nodeFreeHealthy[node] -= assigned;
        return weight;
    }
}
