package io.headroom.agent.simulator;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Hardware faults of GPUs: XID 79 (fallen off the bus) and uncorrectable ECC errors (XID 48,
 * 94, 95), struck at random minutes and repaired hours later; plus application XIDs (13, 31,
 * 43) that mark a crashed job but leave the GPU healthy.
 *
 * <p>The rate is far above the one-fault-per-25-minutes of a real 100,000-GPU cluster so that
 * a 10,000-GPU demo always has some: about 0.25 % of GPUs are faulted at any moment.
 *
 * <p>Each vendor's tool shows these its own way ({@link TelemetryWriter}): XIDs and ECC counts on
 * NVIDIA, an ECC count on Cambricon, the chip's Health (Alarm; Warning from {@link #warning}) on
 * Ascend.
 */
final class GpuFaults {

    static final int FALLEN_OFF_THE_BUS = 79;

    private record Kind(int xid, double share, int minMinutes, int maxMinutes, int minEcc, int maxEcc) {
        double meanMinutes() {
            return (minMinutes + maxMinutes) / 2.0;
        }
    }

    // A GPU off the bus waits for a technician (a day or two) unless someone drains and resumes its node first;
    // ECC errors clear with the GPU reset the node's health check runs.
    private static final Kind[] KINDS = {
        new Kind(FALLEN_OFF_THE_BUS, 0.25, 720, 2880, 0, 0),
        new Kind(48, 0.20, 60, 240, 1, 2),
        new Kind(94, 0.35, 60, 240, 1, 3),
        new Kind(95, 0.20, 120, 480, 1, 5),
    };
    private static final int[] APPLICATION_XIDS = {13, 31, 43};
    private static final double CRITICAL_PER_GPU_MINUTE = 4.0e-6;
    private static final double APPLICATION_PER_GPU_MINUTE = 3.0e-6;
    private static final int WARNING_EPOCH_MINUTES = 120;
    private static final double WARNING_SHARE = 0.003;

    private final long seed;
    private final int gpus;
    private final int[] xid;
    private final int[] until;
    private final int[] ecc;
    private final int[] applicationXid;
    private final int[] applicationUntil;
    private int minute;

    GpuFaults(long seed, int gpus) {
        this.seed = seed;
        this.gpus = gpus;
        xid = new int[gpus];
        until = new int[gpus];
        ecc = new int[gpus];
        applicationXid = new int[gpus];
        applicationUntil = new int[gpus];
    }

    boolean healthy(int gpu) {
        return xid[gpu] == 0;
    }

    boolean fallenOffTheBus(int gpu) {
        return xid[gpu] == FALLEN_OFF_THE_BUS;
    }

    /** The XID the driver logged last, critical or not, 0 when none is current. */
    int lastXid(int gpu) {
        return xid[gpu] != 0 ? xid[gpu] : applicationXid[gpu];
    }

    int eccUncorrectable(int gpu) {
        return ecc[gpu];
    }

    /**
     * Whether a chip's own health check says Warning this minute (npu-smi on Ascend: a minor
     * fault, the chip still works): a pure function of the GPU and the two-hour epoch, about
     * 0.3 % of chips at any moment.
     */
    boolean warning(int gpu) {
        int epoch = Math.floorDiv(minute, WARNING_EPOCH_MINUTES);
        return SimHash.unit(SimHash.hash(seed, 0x7761_726EL, gpu, epoch)) < WARNING_SHARE;
    }

    /** Repairs what is due, then strikes this minute's new faults; {@code onFault} hears of each faulted GPU. */
    void step(int minute, IntConsumer onFault) {
        this.minute = minute;
        for (int g = 0; g < gpus; g++) {
            if (xid[g] != 0 && until[g] <= minute) {
                repair(g);
            }
            if (applicationXid[g] != 0 && applicationUntil[g] <= minute) {
                applicationXid[g] = 0;
            }
        }
        var random = new SplittableRandom(SimHash.hash(seed, 0x6661_756CL, minute));
        for (int i = poisson(random, CRITICAL_PER_GPU_MINUTE * gpus); i > 0; i--) {
            int g = random.nextInt(gpus);
            if (xid[g] == 0) {
                Kind kind = pickKind(random.nextDouble());
                strike(g, kind, minute + random.nextInt(kind.minMinutes, kind.maxMinutes + 1), random);
                onFault.accept(g);
            }
        }
        for (int i = poisson(random, APPLICATION_PER_GPU_MINUTE * gpus); i > 0; i--) {
            int g = random.nextInt(gpus);
            applicationXid[g] = APPLICATION_XIDS[random.nextInt(APPLICATION_XIDS.length)];
            applicationUntil[g] = minute + random.nextInt(30, 121);
        }
    }

    /** The faults a fleet would already have when the simulation starts: each kind at its steady-state count. */
    void warmStart(int minute, IntConsumer onFault) {
        this.minute = minute;
        var random = new SplittableRandom(SimHash.hash(seed, 0x7761_726DL, minute));
        for (Kind kind : KINDS) {
            double expected = CRITICAL_PER_GPU_MINUTE * kind.share * kind.meanMinutes() * gpus;
            for (int i = poisson(random, expected); i > 0; i--) {
                int g = random.nextInt(gpus);
                if (xid[g] == 0) {
                    int left = (int) (random.nextInt(kind.minMinutes, kind.maxMinutes + 1) * random.nextDouble());
                    strike(g, kind, minute + 1 + left, random);
                    onFault.accept(g);
                }
            }
        }
    }

    /** A technician has been at the node: its GPUs come back clean. */
    void repairAll(int firstGpu, int endGpu) {
        for (int g = firstGpu; g < endGpu; g++) {
            repair(g);
            applicationXid[g] = 0;
        }
    }

    private void strike(int gpu, Kind kind, int repairMinute, SplittableRandom random) {
        xid[gpu] = kind.xid;
        until[gpu] = repairMinute;
        ecc[gpu] = kind.maxEcc == 0 ? 0 : random.nextInt(kind.minEcc, kind.maxEcc + 1);
    }

    private void repair(int gpu) {
        xid[gpu] = 0;
        ecc[gpu] = 0;
    }

    private static Kind pickKind(double uniform) {
        double cumulative = 0;
        for (Kind kind : KINDS) {
            cumulative += kind.share;
            if (uniform < cumulative) {
                return kind;
            }
        }
        return KINDS[KINDS.length - 1];
    }

    private static int poisson(SplittableRandom random, double mean) {
        if (mean > 200) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
