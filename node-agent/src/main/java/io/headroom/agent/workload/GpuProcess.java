package io.headroom.agent.workload;

/**
 * One compute process on one accelerator, as a device tool lists it, before its owner is known.
 *
 * @param gpuInstanceId the MIG GPU instance, -1 for the whole GPU
 * @param memoryUsedMib NaN when the tool does not say
 */
record GpuProcess(int gpuIndex, int gpuInstanceId, int pid, String name, float memoryUsedMib) {}
