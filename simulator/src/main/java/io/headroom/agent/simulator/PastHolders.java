package io.headroom.agent.simulator;

/**
 * Which workload held a GPU in an hour of the simulated past, from the seed and the hour alone,
 * following what the live scheduler runs in each pool ({@link PoolWorkload#draw}): training
 * pools run Slurm jobs on a rack's servers for half a day at a time, inference pools a service's
 * pod per GPU for a day, development pools mostly notebooks for a few hours (a quarter of the
 * stretches a Slurm job on the whole server). The notebook tenant runs only notebooks.
 *
 * <p>A holder's time on a GPU is cut into tenures of a fixed length whose phase is hashed per
 * rack, server or GPU, so holders do not all change on the same hour; each tenure is one job
 * whose number is a hash below the live scheduler's first ({@link JobTable#FIRST_NUMBER}): in a
 * month of hours some numbers come back, as a wrapped job counter's do.
 */
final class PastHolders {

    private static final long TENURE = 0x7465_6E75L;
    private static final long PAST_JOB = 0x7061_7374L;
    private static final long WHOLE_SERVER = 0x7768_6F6CL;
    private static final int TRAINING_HOURS = 12;
    private static final int SERVICE_HOURS = 24;
    private static final int NOTEBOOK_HOURS = 6;
    /** As in {@link PoolWorkload#draw}: a quarter of a development pool's jobs are training on whole servers. */
    private static final double DEV_TRAINING_SHARE = 0.25;

    private static final int RACK_LANE = 1;
    private static final int SERVICE_LANE = 2;
    private static final int SERVER_LANE = 3;
    private static final int NOTEBOOK_LANE = 4;

    private final long seed;
    private final String cluster;
    // Where each rack's, server's and GPU's tenures start, hashed once: answers ask for millions of GPU-hours.
    private final byte[] rackPhase;
    private final byte[] serverPhase;
    private final byte[] servicePhase;
    private final byte[] notebookPhase;

    /** @param cluster the Slurm cluster name in job ids, as the live simulator's */
    PastHolders(long seed, String cluster, int racks, int servers, int gpus) {
        this.seed = seed;
        this.cluster = cluster;
        rackPhase = phases(RACK_LANE, racks, TRAINING_HOURS);
        serverPhase = phases(SERVER_LANE, servers, NOTEBOOK_HOURS);
        servicePhase = phases(SERVICE_LANE, gpus, SERVICE_HOURS);
        notebookPhase = phases(NOTEBOOK_LANE, gpus, NOTEBOOK_HOURS);
    }

    private byte[] phases(int lane, int keys, int hours) {
        byte[] phase = new byte[keys];
        for (int key = 0; key < keys; key++) {
            phase[key] = (byte) SimHash.below(SimHash.hash(seed, TENURE + lane, key), hours);
        }
        return phase;
    }

    /**
     * The workload on {@code gpu} (of {@code node}, in {@code rack}) during hour number {@code hour}
     * since the epoch; {@code previous} itself when it is that workload (a GPU keeps its holder
     * for hours, and naming one costs more than finding it).
     */
    PastHolder holder(
            PoolWorkload workload,
            boolean notebookTenant,
            int rack,
            int node,
            int gpu,
            String tenant,
            long hour,
            PastHolder previous) {
        return switch (workload) {
            case TRAIN ->
                job(
                        PastHolder.Kind.SLURM_JOB,
                        RACK_LANE,
                        rack,
                        tenure(rackPhase[rack], hour, TRAINING_HOURS),
                        tenant,
                        previous);
            case INFER ->
                job(
                        PastHolder.Kind.SERVICE_POD,
                        SERVICE_LANE,
                        gpu,
                        tenure(servicePhase[gpu], hour, SERVICE_HOURS),
                        tenant,
                        previous);
            case DEV, OTHER -> {
                long stretch = tenure(serverPhase[node], hour, NOTEBOOK_HOURS);
                if (!notebookTenant
                        && SimHash.unit(SimHash.hash(seed, WHOLE_SERVER, node, stretch)) < DEV_TRAINING_SHARE) {
                    yield job(PastHolder.Kind.SLURM_JOB, SERVER_LANE, node, stretch, tenant, previous);
                }
                yield job(
                        PastHolder.Kind.NOTEBOOK,
                        NOTEBOOK_LANE,
                        gpu,
                        tenure(notebookPhase[gpu], hour, NOTEBOOK_HOURS),
                        tenant,
                        previous);
            }
        };
    }

    private static long tenure(int phase, long hour, int hours) {
        return Math.floorDiv(hour + phase, hours);
    }

    private PastHolder job(PastHolder.Kind kind, int lane, int key, long tenure, String tenant, PastHolder previous) {
        int number = 1 + SimHash.below(SimHash.hash(seed, PAST_JOB + lane, key, tenure), JobTable.FIRST_NUMBER - 1);
        if (previous != null && previous.is(kind, number, tenant)) {
            return previous;
        }
        return new PastHolder(kind, number, tenant, seed, cluster);
    }
}
