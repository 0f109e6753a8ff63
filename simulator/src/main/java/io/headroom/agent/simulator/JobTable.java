package io.headroom.agent.simulator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Running jobs in parallel primitive arrays, ids recycled once a job holds no unit, and each
 * job's activity for the current minute.
 *
 * <p>A job that goes idle stays idle until it ends: what makes held-idle capacity is not a
 * pause but a job nobody watches (a hung collective, a replica without traffic, a notebook
 * left open).
 */
final class JobTable {

    static final byte TRAINING = 1;
    static final byte SERVING = 2;
    static final byte NOTEBOOK = 3;

    /** Utilization of a job that holds its GPUs but does nothing. */
    static final float IDLE_UTILIZATION = 0.4f;

    private static final int NEVER = Integer.MAX_VALUE;
    private static final int NOTEBOOK_WINDOW_MINUTES = 15;
    private static final double NOTEBOOK_BURST_CHANCE = 0.3;
    private static final int CHECKPOINT_MINUTES = 2;
    /** The first job number the simulated scheduler hands out, as a cluster that has run a while would. */
    static final int FIRST_NUMBER = 4000;

    private byte[] behaviour;
    private int[] endMinute;
    private int[] idleFrom;
    private int[] units;
    private float[] level;
    private float[] smRatio;
    private float[] memoryShare;
    private float[] intensity;
    private int[] checkpointPeriod;
    private int[] checkpointPhase;
    private long[] seed;
    private float[] utilization;
    // Who the job is, for its workload: drawn from no random stream, so adding them changed no sample.
    private int[] number;
    private int[] startMinute;
    private int[] timeLimitMinutes;
    private int[] pool;
    private JobRequest.Shape[] shape;
    private int nextNumber = FIRST_NUMBER;
    private long changes;
    private int[] freeIds;
    private int freeCount;
    private int high;

    JobTable(int initialCapacity) {
        resize(Math.max(16, initialCapacity));
    }

    /** A new job holding no unit yet. */
    int create(byte kind, int startMinute, int durationMinutes, double idleChance, SplittableRandom random) {
        int id = freeCount > 0 ? freeIds[--freeCount] : nextId();
        behaviour[id] = kind;
        endMinute[id] = startMinute + durationMinutes;
        idleFrom[id] = NEVER;
        if (random.nextDouble() < idleChance) {
            // A third stall from the start (waiting for data, no traffic), the rest part-way.
            boolean fromStart = kind == SERVING || random.nextDouble() < 0.33;
            idleFrom[id] = startMinute + (fromStart ? 0 : (int) (durationMinutes * 0.7 * random.nextDouble()));
        }
        units[id] = 0;
        number[id] = nextNumber++;
        this.startMinute[id] = startMinute;
        // People ask for whole hours and some spare: the limit, not when it will end.
        timeLimitMinutes[id] = (durationMinutes / 60 + 2) * 60;
        pool[id] = -1;
        changes++;
        checkpointPeriod[id] = 30 + random.nextInt(61);
        checkpointPhase[id] = random.nextInt(checkpointPeriod[id]);
        seed[id] = random.nextLong();
        switch (kind) {
            case TRAINING -> set(id, random, 86, 99, 0.72, 0.90, 0.78, 0.97, 0.88, 1.00);
            case SERVING -> set(id, random, 30, 85, 0.35, 0.70, 0.40, 0.92, 0.60, 0.85);
            default -> set(id, random, 25, 90, 0.40, 0.80, 0.05, 0.60, 0.50, 0.90);
        }
        utilization[id] = IDLE_UTILIZATION;
        return id;
    }

    private void set(
            int id,
            SplittableRandom random,
            double levelLow,
            double levelHigh,
            double smLow,
            double smHigh,
            double memoryLow,
            double memoryHigh,
            double intensityLow,
            double intensityHigh) {
        level[id] = (float) random.nextDouble(levelLow, levelHigh);
        smRatio[id] = (float) random.nextDouble(smLow, smHigh);
        memoryShare[id] = (float) random.nextDouble(memoryLow, memoryHigh);
        intensity[id] = (float) random.nextDouble(intensityLow, intensityHigh);
    }

    /** Where the job was placed and in what shape, once it is. */
    void placed(int job, int poolIndex, JobRequest.Shape jobShape) {
        pool[job] = poolIndex;
        shape[job] = jobShape;
    }

    void addUnit(int job) {
        units[job]++;
        changes++;
    }

    void releaseUnit(int job) {
        changes++;
        if (--units[job] == 0) {
            freeIds[freeCount++] = job;
        }
    }

    /** Counts every start, end and change of what a job holds: equal counts, same jobs. */
    long changes() {
        return changes;
    }

    /** Ids of the jobs holding something now, up to this bound. */
    int idBound() {
        return high;
    }

    int units(int job) {
        return units[job];
    }

    byte behaviour(int job) {
        return behaviour[job];
    }

    /** The job's number at the scheduler: 4000 and up, never reused. */
    int number(int job) {
        return number[job];
    }

    int startMinute(int job) {
        return startMinute[job];
    }

    /** The time limit its owner asked for. */
    int timeLimitMinutes(int job) {
        return timeLimitMinutes[job];
    }

    /** The pool it was placed in (nodes may move later), or -1. */
    int pool(int job) {
        return pool[job];
    }

    JobRequest.Shape shape(int job) {
        return shape[job];
    }

    /** The minute it started idling for good, or {@link Integer#MAX_VALUE}. */
    int idleFrom(int job) {
        return idleFrom[job];
    }

    /**
     * How long the job has held its units doing nothing, as of this minute: since it stalled, or
     * for a notebook since its last burst of work; 0 while it works.
     */
    int idleMinutes(int job, int minute) {
        if (minute >= idleFrom[job]) {
            return minute - idleFrom[job];
        }
        if (behaviour[job] != NOTEBOOK) {
            return 0;
        }
        int window = Math.floorDiv(minute, NOTEBOOK_WINDOW_MINUTES);
        int first = Math.floorDiv(startMinute[job], NOTEBOOK_WINDOW_MINUTES);
        if (burst(job, window)) {
            return 0;
        }
        int idleSince = startMinute[job];
        for (int w = window - 1; w >= first; w--) {
            if (burst(job, w)) {
                idleSince = Math.max(startMinute[job], (w + 1) * NOTEBOOK_WINDOW_MINUTES);
                break;
            }
        }
        return minute - idleSince;
    }

    private boolean burst(int job, int window) {
        return SimHash.unit(SimHash.hash(seed[job], window)) < NOTEBOOK_BURST_CHANCE;
    }

    /** Minutes since the job last wrote a checkpoint (training); what a kill now throws away. */
    int minutesSinceCheckpoint(int job, int minute) {
        int intoPeriod = Math.floorMod(minute + checkpointPhase[job], checkpointPeriod[job]);
        return Math.max(0, Math.min(intoPeriod - CHECKPOINT_MINUTES + 1, minute - startMinute[job]));
    }

    /** Ends the job at this minute: its units are released by the scheduler's next pass. */
    void endAt(int job, int minute) {
        endMinute[job] = Math.min(endMinute[job], minute);
    }

    int endMinute(int job) {
        return endMinute[job];
    }

    /** Refreshes every running job's utilization for this minute. */
    void updateActivity(int minute, double traffic) {
        for (int id = 0; id < high; id++) {
            if (units[id] > 0) {
                utilization[id] = activity(id, minute, traffic);
            }
        }
    }

    private float activity(int id, int minute, double traffic) {
        if (minute >= idleFrom[id]) {
            return IDLE_UTILIZATION;
        }
        return switch (behaviour[id]) {
            case TRAINING ->
                Math.floorMod(minute + checkpointPhase[id], checkpointPeriod[id]) < CHECKPOINT_MINUTES
                        // Writing a checkpoint: the GPUs mostly wait on storage.
                        ? level[id] * 0.22f
                        : level[id] - 4f * (float) SimHash.unit(SimHash.hash(seed[id], minute));
            case SERVING ->
                Math.max(7f, (float)
                        (level[id] * traffic * (0.85 + 0.3 * SimHash.unit(SimHash.hash(seed[id], minute)))));
            default -> {
                long window = SimHash.hash(seed[id], Math.floorDiv(minute, NOTEBOOK_WINDOW_MINUTES));
                yield SimHash.unit(window) < NOTEBOOK_BURST_CHANCE
                        ? level[id] * (0.7f + 0.3f * SimHash.lane(window, 1))
                        : IDLE_UTILIZATION;
            }
        };
    }

    float utilization(int job) {
        return utilization[job];
    }

    float smRatio(int job) {
        return smRatio[job];
    }

    float memoryShare(int job) {
        return memoryShare[job];
    }

    float intensity(int job) {
        return intensity[job];
    }

    private int nextId() {
        if (high == behaviour.length) {
            resize(high * 2);
        }
        return high++;
    }

    private void resize(int capacity) {
        behaviour = behaviour == null ? new byte[capacity] : Arrays.copyOf(behaviour, capacity);
        endMinute = grow(endMinute, capacity);
        idleFrom = grow(idleFrom, capacity);
        units = grow(units, capacity);
        checkpointPeriod = grow(checkpointPeriod, capacity);
        checkpointPhase = grow(checkpointPhase, capacity);
        freeIds = grow(freeIds, capacity);
        level = grow(level, capacity);
        smRatio = grow(smRatio, capacity);
        memoryShare = grow(memoryShare, capacity);
        intensity = grow(intensity, capacity);
        utilization = grow(utilization, capacity);
        seed = seed == null ? new long[capacity] : Arrays.copyOf(seed, capacity);
        number = grow(number, capacity);
        startMinute = grow(startMinute, capacity);
        timeLimitMinutes = grow(timeLimitMinutes, capacity);
        pool = grow(pool, capacity);
        shape = shape == null ? new JobRequest.Shape[capacity] : Arrays.copyOf(shape, capacity);
    }

    private static int[] grow(int[] array, int capacity) {
        return array == null ? new int[capacity] : Arrays.copyOf(array, capacity);
    }

    private static float[] grow(float[] array, int capacity) {
        return array == null ? new float[capacity] : Arrays.copyOf(array, capacity);
    }
}
