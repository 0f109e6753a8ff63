package io.headroom.agent.source.nvidia;

import io.headroom.core.fleet.MigProfile;

/**
 * Which MIG profile an instance has, told from what {@code nvidia-smi -q -x} shows of it: its
 * memory (memory slices are eighths of the GPU) and its SM count (compute slices). The XML
 * names neither the profile nor the placement, so the placement stays unknown (-1).
 */
final class MigProfiles {
    private MigProfiles() {}

    /** The profile, or null when the sizes fit none. "+me" variants cannot be told apart and read as the plain one. */
    static MigProfile infer(long gpuMemoryMib, long sliceMemoryMib, int multiprocessors, String architecture) {
        if (gpuMemoryMib <= 0) {
            return null;
        }
        int memorySlices = Math.round(sliceMemoryMib * (float) MigProfile.MEMORY_SLICES / gpuMemoryMib);
        int smPerSlice = smPerComputeSlice(architecture);
        int computeSlices = switch (memorySlices) {
            case 1 -> 1;
            case 2 -> multiprocessors >= 2 * smPerSlice ? 2 : 1;
            case 4 -> multiprocessors >= 4 * smPerSlice ? 4 : 3;
            case 8 -> 7;
            default -> -1;
        };
        for (MigProfile profile : MigProfile.values()) {
            if (profile.memorySlices() == memorySlices
                    && profile.computeSlices() == computeSlices
                    && profile.id() != 20) {
                return profile;
            }
        }
        return null;
    }

    /**
     * A compute instance's size in compute slices, from its SMs: Hopper's instances do not hold a
     * whole number of 16-SM slices (3g has 60 SMs, 7g 132), so the nearest, within its GPU instance's.
     */
    static int computeSlices(int multiprocessors, int instanceComputeSlices, String architecture) {
        if (multiprocessors <= 0 || instanceComputeSlices <= 0) {
            return 0;
        }
        int nearest = Math.round(multiprocessors / (float) smPerComputeSlice(architecture));
        return Math.clamp(nearest, 1, instanceComputeSlices);
    }

    /** SMs in one compute slice: 14 on Ampere (A100), 16 on Hopper and later (H100, H200). */
    private static int smPerComputeSlice(String architecture) {
        return architecture.equalsIgnoreCase("Ampere") ? 14 : 16;
    }
}
