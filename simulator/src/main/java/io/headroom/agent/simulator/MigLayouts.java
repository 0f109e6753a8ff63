package io.headroom.agent.simulator;

import io.headroom.core.fleet.MigProfile;
import io.headroom.core.fleet.MigSlice;
import java.util.ArrayList;
import java.util.List;

/**
 * The MIG layouts operators actually run on inference GPUs, each valid under
 * {@link MigProfile}'s table: within each profile's maximum count and start positions, and
 * fitting 7 compute and 8 memory slices without overlap.
 */
final class MigLayouts {

    // Pairs of (profile id, placement start).
    private static final int[][] LAYOUTS = {
        {19, 0, 19, 1, 19, 2, 19, 3, 19, 4, 19, 5, 19, 6}, // 7x 1g: many small models
        {14, 0, 14, 2, 9, 4}, // 2x 2g + 3g
        {14, 0, 19, 2, 19, 3, 9, 4}, // 2g + 2x 1g + 3g
        {9, 0, 9, 4}, // 2x 3g
        {5, 0, 9, 4}, // 4g + 3g
        {14, 0, 14, 2, 14, 4, 19, 6}, // 3x 2g + 1g
        {15, 0, 15, 2, 15, 4, 15, 6}, // 4x 1g with double memory
    };
    private static final double[] WEIGHTS = {0.30, 0.15, 0.15, 0.15, 0.10, 0.10, 0.05};

    private MigLayouts() {}

    /** A layout index, drawn by how common each layout is. */
    static int pick(double uniform) {
        double cumulative = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            cumulative += WEIGHTS[i];
            if (uniform < cumulative) {
                return i;
            }
        }
        return WEIGHTS.length - 1;
    }

    /** The slices of a layout on one GPU, ordered by placement. */
    static List<MigSlice> slices(int layout, GpuModel model, long identitySeed, int gpu) {
        int[] pairs = LAYOUTS[layout];
        List<MigSlice> slices = new ArrayList<>(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            MigProfile profile = MigProfile.byId(pairs[i]).orElseThrow();
            int start = pairs[i + 1];
            int gpuInstanceId = gpuInstanceId(profile, start);
            slices.add(new MigSlice(
                    Identifiers.migUuid(identitySeed, gpu, gpuInstanceId),
                    gpuInstanceId,
                    0,
                    profile.id(),
                    profile.nameFor(model.memoryMib),
                    start,
                    profile.memorySlices(),
                    profile.memoryMibFor(model.memoryMib)));
        }
        slices.sort((a, b) -> Integer.compare(a.placementStart(), b.placementStart()));
        return List.copyOf(slices);
    }

    /**
     * The driver numbers GPU instances by placement: 3g at 0 and 4 are 1 and 2, 2g at 0, 2, 4
     * are 3, 4, 5, 1g at 0..6 are 7..13. The full-GPU 7g instance would be 0, which proto3
     * cannot tell from "unset", so the simulator never creates one.
     */
    private static int gpuInstanceId(MigProfile profile, int start) {
        return switch (profile) {
            case P5 -> 1;
            case P9 -> 1 + start / 4;
            case P14, P15 -> 3 + start / 2;
            case P19, P20 -> 7 + start;
            case P0 -> throw new IllegalArgumentException("the simulator does not create 7g instances");
        };
    }
}
