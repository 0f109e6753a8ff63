package io.headroom.core.workload;

/**
 * One GPU, or one MIG GPU instance on it, that a workload holds.
 *
 * @param gpuInstanceId the MIG GPU instance, or {@link #WHOLE_GPU} when the whole GPU is held
 */
public record Holding(String hostname, int gpuIndex, int gpuInstanceId) {

    public static final int WHOLE_GPU = -1;

    public Holding {
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("a holding must name its node");
        }
        if (gpuIndex < 0) {
            throw new IllegalArgumentException(
                    "holding on " + hostname + ": GPU index must not be negative, was " + gpuIndex);
        }
    }

    public static Holding gpu(String hostname, int gpuIndex) {
        return new Holding(hostname, gpuIndex, WHOLE_GPU);
    }

    public boolean isSlice() {
        return gpuInstanceId != WHOLE_GPU;
    }

    @Override
    public String toString() {
        return isSlice() ? hostname + " GPU " + gpuIndex + " MIG #" + gpuInstanceId : hostname + " GPU " + gpuIndex;
    }
}
