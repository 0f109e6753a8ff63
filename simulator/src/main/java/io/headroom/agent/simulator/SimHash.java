package io.headroom.agent.simulator;

/**
 * Stateless 64-bit mixing (SplitMix64's finalizer). Every random choice of the simulator is a
 * pure function of the seed and of what, where and when it decides, so the same arguments
 * give the same fleet whatever the wall clock or the threads do.
 */
final class SimHash {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long SECOND = 0xC2B2AE3D27D4EB4FL;
    private static final float LANE_SCALE = 1f / 65536f;

    private SimHash() {}

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long a, long b) {
        return mix(mix(a) + b * GOLDEN + SECOND);
    }

    /** One mix only, for the hot path: {@code base} must already be a hash. */
    static long at(long base, int index) {
        return mix(base + index * GOLDEN);
    }

    static long hash(long a, long b, long c) {
        return hash(hash(a, b), c);
    }

    static long hash(long a, long b, long c, long d) {
        return hash(hash(hash(a, b), c), d);
    }

    /** Uniform in [0, 1) from the top 53 bits. */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** One of four independent uniforms in [0, 1) packed in a hash, lane 0..3. */
    static float lane(long h, int lane) {
        return ((h >>> (lane << 4)) & 0xFFFF) * LANE_SCALE;
    }

    /** Uniform integer in [0, bound). */
    static int below(long h, int bound) {
        return (int) Math.floorMod(h >>> 1, (long) bound);
    }
}
