package io.headroom.agent.simulator;

import java.util.SplittableRandom;

/**
 * What runs in a pool and how much of it people want: a share of the pool's capacity to
 * keep allocated, rising with the day's demand, and the jobs that fill it.
 */
enum PoolWorkload {
    TRAIN(0.74, 0.16, 0.10),
    INFER(0.35, 0.52, 0.25),
    DEV(0.20, 0.55, 0.15),
    /** A pool the simulator has no users for: something an operator made up. */
    OTHER(0.05, 0.20, 0.10);

    private static final int[] TRAINING_NODES = {1, 2, 4, 8, 16, 32, 64};
    private static final double[] TRAINING_NODE_WEIGHTS = {0.22, 0.18, 0.20, 0.18, 0.11, 0.07, 0.04};
    private static final double DRIFT = 0.04;
    private static final double STALL_CHANCE = 0.12;
    private static final double COLD_REPLICA_CHANCE = 0.12;

    private final double baseShare;
    private final double swing;
    private final double fillPerMinute;

    /**
     * The demand one constant describes.
     *
     * @param baseShare    allocated share wanted at the quietest hour
     * @param swing        extra share at the busiest hour
     * @param fillPerMinute share of the shortfall that new jobs cover each minute; slow pools lag
     */
    PoolWorkload(double baseShare, double swing, double fillPerMinute) {
        this.baseShare = baseShare;
        this.swing = swing;
        this.fillPerMinute = fillPerMinute;
    }

    static PoolWorkload forPool(String pool) {
        return switch (pool) {
            case TopologyBuilder.TRAIN -> TRAIN;
            case TopologyBuilder.INFER -> INFER;
            case TopologyBuilder.DEV -> DEV;
            default -> OTHER;
        };
    }

    /** @param drift smooth noise in [-1, 1] */
    double targetShare(double demand, double drift) {
        return Math.clamp(baseShare + swing * demand + DRIFT * drift, 0.0, 0.95);
    }

    double fillPerMinute() {
        return fillPerMinute;
    }

    void draw(SplittableRandom random, JobRequest request, int poolNodes, boolean poolHasMig) {
        double kind = random.nextDouble();
        switch (this) {
            case TRAIN -> {
                if (kind < 0.10) {
                    request.set(
                            JobRequest.Shape.GPUS,
                            random.nextBoolean() ? 4 : 2,
                            JobTable.TRAINING,
                            minutes(random, 120, 0.7, 30, 720),
                            STALL_CHANCE);
                } else {
                    int nodes = Math.min(trainingNodes(random.nextDouble()), Math.max(1, poolNodes / 4));
                    request.set(
                            JobRequest.Shape.WHOLE_NODES,
                            nodes,
                            JobTable.TRAINING,
                            minutes(random, 360, 0.8, 60, 2880),
                            STALL_CHANCE);
                }
            }
            case INFER -> {
                int duration = minutes(random, 120, 0.7, 20, 720);
                if (kind < 0.20) {
                    request.set(JobRequest.Shape.GPUS, 8, JobTable.SERVING, duration, COLD_REPLICA_CHANCE);
                } else if (kind < 0.30) {
                    request.set(JobRequest.Shape.GPUS, 4, JobTable.SERVING, duration, COLD_REPLICA_CHANCE);
                } else if (kind < 0.45) {
                    request.set(JobRequest.Shape.GPUS, 2, JobTable.SERVING, duration, COLD_REPLICA_CHANCE);
                } else {
                    oneUnit(random, request, poolHasMig, JobTable.SERVING, duration, COLD_REPLICA_CHANCE);
                }
            }
            case DEV, OTHER -> {
                if (kind < 0.25) {
                    request.set(
                            JobRequest.Shape.WHOLE_NODES,
                            random.nextInt(2) + 1,
                            JobTable.TRAINING,
                            minutes(random, 90, 0.7, 20, 480),
                            STALL_CHANCE);
                } else {
                    int duration = minutes(random, 180, 0.6, 30, 720);
                    double size = random.nextDouble();
                    if (size < 0.6) {
                        oneUnit(random, request, poolHasMig, JobTable.NOTEBOOK, duration, 0);
                    } else {
                        request.set(JobRequest.Shape.GPUS, size < 0.85 ? 2 : 4, JobTable.NOTEBOOK, duration, 0);
                    }
                }
            }
        }
    }

    private static void oneUnit(
            SplittableRandom random,
            JobRequest request,
            boolean poolHasMig,
            byte behaviour,
            int duration,
            double idleChance) {
        boolean slice = poolHasMig && random.nextBoolean();
        request.set(slice ? JobRequest.Shape.SLICE : JobRequest.Shape.GPUS, 1, behaviour, duration, idleChance);
    }

    private static int trainingNodes(double uniform) {
        double cumulative = 0;
        for (int i = 0; i < TRAINING_NODES.length; i++) {
            cumulative += TRAINING_NODE_WEIGHTS[i];
            if (uniform < cumulative) {
                return TRAINING_NODES[i];
            }
        }
        return TRAINING_NODES[TRAINING_NODES.length - 1];
    }

    /** Log-normal job lengths: most are short, a few run for days. */
    private static int minutes(SplittableRandom random, double median, double sigma, int min, int max) {
        double minutes = median * Math.exp(sigma * random.nextGaussian());
        return Math.clamp(Math.round(minutes), min, max);
    }
}
