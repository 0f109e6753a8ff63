package io.headroom.core.workload;

/** What holds accelerators: a scheduler's job or pod, or a process no scheduler accounts for. */
public enum WorkloadKind {
    SLURM_JOB,
    KUBERNETES_POD,
    PROCESS
}
