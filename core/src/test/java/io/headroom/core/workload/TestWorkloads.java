package io.headroom.core.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workloads for tests, in one line each. */
public final class TestWorkloads {

    private TestWorkloads() {}

    /** A Slurm job holding these GPUs ("host:index" or "host:index:gpuInstanceId"). */
    public static Workload slurmJob(
            String jobId, String user, String account, String partition, Instant started, String... gpus) {
        return new Workload(
                "slurm:test:" + jobId,
                WorkloadKind.SLURM_JOB,
                jobId,
                "train-" + jobId,
                user,
                account,
                partition,
                "normal",
                "",
                account,
                Optional.ofNullable(started),
                Optional.of(Duration.ofHours(24)),
                true,
                "",
                "",
                Map.of(),
                holdings(gpus),
                List.of());
    }

    /** A Kubernetes pod holding these GPUs. */
    public static Workload pod(String namespace, String pod, String user, Instant started, String... gpus) {
        return new Workload(
                "k8s:" + namespace + "/" + pod,
                WorkloadKind.KUBERNETES_POD,
                pod,
                pod,
                user,
                "",
                "inference",
                "",
                namespace,
                namespace,
                Optional.ofNullable(started),
                Optional.empty(),
                false,
                "Notebook",
                pod,
                Map.of("team", namespace),
                holdings(gpus),
                List.of());
    }

    /** The same workload holding other GPUs: what a second agent reports of a multi-node job. */
    public static Workload holding(Workload workload, String... gpus) {
        return new Workload(
                workload.id(),
                workload.kind(),
                workload.schedulerId(),
                workload.name(),
                workload.user(),
                workload.account(),
                workload.pool(),
                workload.qos(),
                workload.namespace(),
                workload.tenant(),
                workload.startedAt(),
                workload.timeLimit(),
                workload.requeueable(),
                workload.ownerKind(),
                workload.ownerName(),
                workload.labels(),
                holdings(gpus),
                workload.processes());
    }

    public static List<Holding> holdings(String... gpus) {
        List<Holding> holdings = new ArrayList<>();
        for (String gpu : gpus) {
            String[] parts = gpu.split(":", -1);
            holdings.add(new Holding(
                    parts[0],
                    Integer.parseInt(parts[1]),
                    parts.length > 2 ? Integer.parseInt(parts[2]) : Holding.WHOLE_GPU));
        }
        return holdings;
    }
}
