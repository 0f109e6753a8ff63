package io.headroom.agent.operations.kubernetes.podresources;

/**
 * A GPU, or one MIG GPU instance of it, that a pod holds.
 *
 * @param gpuIndex      the GPU's index on the node, as the agent's inventory has it
 * @param gpuInstanceId the MIG GPU instance, or {@link #WHOLE} for the whole GPU
 */
public record HeldGpu(int gpuIndex, int gpuInstanceId) {

    public static final int WHOLE = -1;

    public boolean whole() {
        return gpuInstanceId == WHOLE;
    }

    @Override
    public String toString() {
        return whole() ? "GPU " + gpuIndex : "GPU " + gpuIndex + " MIG instance " + gpuInstanceId;
    }
}
