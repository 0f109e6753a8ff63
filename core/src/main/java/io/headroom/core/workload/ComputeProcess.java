package io.headroom.core.workload;

/**
 * A compute process on an accelerator, as nvidia-smi or rocm-smi lists it.
 *
 * @param gpuInstanceId   the MIG GPU instance, or {@link Holding#WHOLE_GPU}
 * @param memoryUsedMib   NaN when the tool does not say (under MIG, or without permission)
 * @param user            the process's Unix user; empty when it could not be read
 */
public record ComputeProcess(
        String hostname,
        int gpuIndex,
        int gpuInstanceId,
        long pid,
        String processName,
        float memoryUsedMib,
        String user) {}
