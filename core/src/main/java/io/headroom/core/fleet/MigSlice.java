package io.headroom.core.fleet;

/**
 * One MIG GPU instance (with its compute instance) on a GPU.
 *
 * @param profileId      NVIDIA's GPU instance profile id (19, 20, 15, 14, 9, 5, 0)
 * @param placementStart the memory slice where the instance starts
 */
public record MigSlice(String uuid, int gpuInstanceId, int computeInstanceId, int profileId, String profileName,
                       int placementStart, int placementSize, long memoryTotalMib) {}
