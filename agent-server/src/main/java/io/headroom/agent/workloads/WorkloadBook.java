package io.headroom.agent.workloads;

import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadChanges;
import io.headroom.protocol.v1.WorkloadTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The workloads this server knows, merged over the scopes that report them, with a version and
 * changes. Thread-safe.
 *
 * <p>A scope is whoever reports a full set at once: a hostname (a node agent's readers), "simulator",
 * or an upstream agent behind a relay. A workload reported by several scopes (a job that spans
 * nodes) is one workload whose holdings and processes are the union, in scope order.
 *
 * <p>The version goes up by one with every {@link #replace} that changes the merged table. Changes
 * are queued per workload id (the latest state, or "ended"), not as a log, so what is queued is
 * bounded by the ids touched, and applying them to any table between the two versions gives the
 * same result. Should no one take them for long enough to queue more than {@link #MAX_QUEUED} ids,
 * the queue is dropped and the next batch carries a version its clients cannot reach: they ask
 * for the whole table, as a new client does.
 */
public final class WorkloadBook {

    /** Workload ids queued between two batches before the queue gives up and clients refetch. */
    static final int MAX_QUEUED = 50_000;

    // id -> (scope -> what that scope reports); TreeMap keeps the merge order the same on every server.
    private final Map<String, TreeMap<String, Workload>> reports = new HashMap<>();
    private final Map<String, Map<String, Workload>> byScope = new HashMap<>();
    private final Map<String, Workload> merged = new HashMap<>();
    // id -> latest merged state, or null when it ended
    private final Map<String, Workload> queued = new LinkedHashMap<>();
    private long version;
    private long taken;
    private boolean overflowed;

    public WorkloadBook() {}

    /**
     * The full current set {@code scope} (a hostname, "simulator", an upstream agent) reports;
     * computes what started, changed and ended for that scope, bumps the version when anything did,
     * and queues the changes. An empty set means the scope holds nothing any more.
     */
    public void replace(String scope, Collection<Workload> current) {
        Map<String, Workload> now = new HashMap<>(Math.max(4, current.size() * 2));
        for (Workload workload : current) {
            if (workload.getId().isEmpty()) {
                throw new IllegalArgumentException("a workload from " + scope + " has no id: " + workload.getName());
            }
            now.put(workload.getId(), workload);
        }
        synchronized (this) {
            Map<String, Workload> before = byScope.getOrDefault(scope, Map.of());
            boolean changed = false;
            for (Workload workload : now.values()) {
                Workload was = before.get(workload.getId());
                if (!workload.equals(was)) {
                    reports.computeIfAbsent(workload.getId(), id -> new TreeMap<>())
                            .put(scope, workload);
                    changed |= remerge(workload.getId());
                }
            }
            for (String id : before.keySet()) {
                if (!now.containsKey(id)) {
                    TreeMap<String, Workload> scopes = reports.get(id);
                    scopes.remove(scope);
                    if (scopes.isEmpty()) {
                        reports.remove(id);
                    }
                    changed |= remerge(id);
                }
            }
            if (now.isEmpty()) {
                byScope.remove(scope);
            } else {
                byScope.put(scope, now);
            }
            if (changed) {
                version++;
            }
        }
    }

    /** Recomputes one merged workload and queues it when it differs; true when it did. */
    private boolean remerge(String id) {
        TreeMap<String, Workload> scopes = reports.get(id);
        Workload next = scopes == null ? null : merge(scopes.values());
        Workload was = next == null ? merged.remove(id) : merged.put(id, next);
        if (next == null ? was == null : next.equals(was)) {
            return false;
        }
        if (!overflowed) {
            queued.put(id, next);
            if (queued.size() > MAX_QUEUED) {
                queued.clear();
                overflowed = true;
            }
        }
        return true;
    }

    private static Workload merge(Collection<Workload> reported) {
        if (reported.size() == 1) {
            return reported.iterator().next();
        }
        Workload.Builder union = null;
        for (Workload part : reported) {
            if (union == null) {
                union = part.toBuilder();
            } else {
                union.addAllHoldings(part.getHoldingsList()).addAllProcesses(part.getProcessesList());
            }
        }
        return union.build();
    }

    public synchronized long version() {
        return version;
    }

    /**
     * The merged table: a workload reported by several scopes (a multi-node job) is one workload
     * whose holdings and processes are the union.
     */
    public WorkloadTable table(String serverId) {
        long at;
        List<Workload> workloads;
        synchronized (this) {
            at = version;
            workloads = new ArrayList<>(merged.values());
        }
        workloads.sort(Comparator.comparing(Workload::getId));
        return WorkloadTable.newBuilder()
                .setServerId(serverId)
                .setWorkloadVersion(at)
                .addAllWorkloads(workloads)
                .build();
    }

    public synchronized Optional<Workload> find(String workloadId) {
        return Optional.ofNullable(merged.get(workloadId));
    }

    /** How many workloads the merged table holds. */
    public synchronized int size() {
        return merged.size();
    }

    /**
     * Changes queued since the last call, with from_version = the version the previous call left;
     * empty when none. Called by the telemetry publisher when it cuts a batch (one consumer), which
     * then stamps {@link #versionTaken()} on the batch.
     */
    public synchronized Optional<WorkloadChanges> takeChanges() {
        long from = taken;
        taken = version;
        if (overflowed) {
            // Clients holding `from` cannot reach `taken` without changes: they ask for the table.
            overflowed = false;
            return Optional.empty();
        }
        if (queued.isEmpty()) {
            return Optional.empty();
        }
        var changes = WorkloadChanges.newBuilder().setFromVersion(from);
        queued.forEach((id, workload) -> {
            if (workload == null) {
                changes.addEnded(id);
            } else {
                changes.addUpserted(workload);
            }
        });
        queued.clear();
        return Optional.of(changes.build());
    }

    /**
     * The version the last {@link #takeChanges} left: what a batch cut with those changes (or
     * without any) carries as its workload_version. Only the one consumer of changes calls it.
     */
    public synchronized long versionTaken() {
        return taken;
    }
}
