package io.headroom.core.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Slurm job, Kubernetes pod or plain process and the accelerators it holds. A job that spans
 * nodes reported by two agents is one workload: {@link #mergedWith} joins the two halves.
 * Text the scheduler does not give is empty; a start or limit it does not give is absent, never 0.
 *
 * @param id          unique across the fleet: "slurm:cluster:4242", "k8s:ns/pod", "process:host:pid"
 * @param schedulerId as the scheduler writes it: "4242", "4242_7", the pod name, the pid
 * @param user        the Unix user, or the pod's owner label
 * @param account     Slurm account; empty on Kubernetes
 * @param pool        Slurm partition or Kubernetes node pool
 * @param tenant      the tenant the agent maps the namespace or account to
 * @param ownerKind   Kubernetes owner ("Job", "Deployment", "Notebook"); empty when none
 */
public record Workload(
        String id,
        WorkloadKind kind,
        String schedulerId,
        String name,
        String user,
        String account,
        String pool,
        String qos,
        String namespace,
        String tenant,
        Optional<Instant> startedAt,
        Optional<Duration> timeLimit,
        boolean requeueable,
        String ownerKind,
        String ownerName,
        Map<String, String> labels,
        List<Holding> holdings,
        List<ComputeProcess> processes) {

    public Workload {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a workload must have an id");
        }
        labels = Map.copyOf(labels);
        holdings = List.copyOf(holdings);
        processes = List.copyOf(processes);
    }

    /** The Slurm account, else the Kubernetes namespace: where the operator sends the bill. */
    public String accountOrNamespace() {
        return account.isEmpty() ? namespace : account;
    }

    /**
     * This workload joined with the same workload as another agent reports it: holdings and
     * processes of both, each once; every other field from this one unless it left it empty.
     */
    public Workload mergedWith(Workload other) {
        if (!id.equals(other.id)) {
            throw new IllegalArgumentException("cannot merge workload " + other.id + " into " + id);
        }
        var joinedHoldings = new LinkedHashSet<>(holdings);
        joinedHoldings.addAll(other.holdings);
        var joinedProcesses = new LinkedHashSet<>(processes);
        joinedProcesses.addAll(other.processes);
        return new Workload(
                id,
                kind,
                or(schedulerId, other.schedulerId),
                or(name, other.name),
                or(user, other.user),
                or(account, other.account),
                or(pool, other.pool),
                or(qos, other.qos),
                or(namespace, other.namespace),
                or(tenant, other.tenant),
                startedAt.isPresent() ? startedAt : other.startedAt,
                timeLimit.isPresent() ? timeLimit : other.timeLimit,
                requeueable || other.requeueable,
                or(ownerKind, other.ownerKind),
                or(ownerName, other.ownerName),
                labels.isEmpty() ? other.labels : labels,
                new ArrayList<>(joinedHoldings),
                new ArrayList<>(joinedProcesses));
    }

    private static String or(String mine, String theirs) {
        return mine.isEmpty() ? theirs : mine;
    }
}
