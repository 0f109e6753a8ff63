package io.headroom.core.fleet;

import java.util.List;

/**
 * One MIG GPU instance on a GPU, with the compute instances it is split into. A slice is the
 * GPU instance, never one of its compute instances: the memory and the memory slices are the
 * GPU instance's and are counted once, however many compute instances share them.
 *
 * @param computeInstanceId the first compute instance's id (see {@code computeInstances}); kept
 *                          for the wire's field 3, which clients from before compute instances read
 * @param profileId         NVIDIA's GPU instance profile id (19, 20, 15, 14, 9, 5, 0)
 * @param placementStart    the memory slice where the instance starts; {@link #PLACEMENT_UNKNOWN} when the
 *                          source cannot say (dcgm-exporter names the profile, not the placement)
 * @param computeInstances  in the driver's order; empty when the source does not list them
 *                          (older agents, a cache saved before they were kept)
 */
public record MigSlice(
        String uuid,
        int gpuInstanceId,
        int computeInstanceId,
        int profileId,
        String profileName,
        int placementStart,
        int placementSize,
        long memoryTotalMib,
        List<ComputeInstance> computeInstances) {
    /** {@code placementStart} (and size) when the source cannot say; 4294967295 on the wire's uint32. */
    public static final int PLACEMENT_UNKNOWN = -1;
    /** {@code profileId} when the source names no profile Headroom knows; 4294967295 on the wire. */
    public static final int PROFILE_UNKNOWN = -1;

    public MigSlice {
        computeInstances = computeInstances == null ? List.of() : List.copyOf(computeInstances);
    }

    /** A slice whose compute instances are not listed. */
    public MigSlice(
            String uuid,
            int gpuInstanceId,
            int computeInstanceId,
            int profileId,
            String profileName,
            int placementStart,
            int placementSize,
            long memoryTotalMib) {
        this(
                uuid,
                gpuInstanceId,
                computeInstanceId,
                profileId,
                profileName,
                placementStart,
                placementSize,
                memoryTotalMib,
                List.of());
    }

    /** Whether the source said where in the GPU's memory this instance starts. */
    public boolean placementKnown() {
        return placementStart != PLACEMENT_UNKNOWN;
    }

    /** This slice with another memory total (the sources learn totals later than layouts). */
    public MigSlice withMemoryTotalMib(long mib) {
        return new MigSlice(
                uuid,
                gpuInstanceId,
                computeInstanceId,
                profileId,
                profileName,
                placementStart,
                placementSize,
                mib,
                computeInstances);
    }
}
