package io.headroom.core.workload;

import io.headroom.core.fleet.FleetLayout;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every workload the console knows, merged over all agents: a job spanning nodes of two agents
 * is one workload. Each agent (a source) sends its whole table or changes to it; readers look
 * up a workload by id or the holder of a GPU in O(1).
 *
 * <p>Threading: writers (agent connections, off the FX thread) take this object's lock; readers
 * (the views, once per pulse) take none and may see one write half done, as with telemetry;
 * {@link #version()} moves after every write.
 *
 * <p>Memory: one map entry per workload and one per GPU held (a few tens of bytes each), so
 * 100,000 held GPUs cost a few MiB.
 */
public final class FleetWorkloads {

    private final Map<String, Map<String, Workload>> bySource = new HashMap<>();
    private final Map<String, Set<String>> sourcesOfId = new HashMap<>();
    private final Set<String> reporting = ConcurrentHashMap.newKeySet();
    private final Map<String, Workload> merged = new ConcurrentHashMap<>();
    private final Map<Holding, Workload> holderOf = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** Replaces everything one source said before with its whole table; the source now reports workloads. */
    public synchronized void replace(String source, Collection<Workload> table) {
        Map<String, Workload> old = bySource.getOrDefault(source, Map.of());
        Map<String, Workload> next = new HashMap<>();
        for (Workload workload : table) {
            next.put(workload.id(), workload);
        }
        bySource.put(source, next);
        reporting.add(source);
        Set<String> touched = new HashSet<>(old.keySet());
        touched.addAll(next.keySet());
        for (String id : touched) {
            track(source, id, next.containsKey(id));
            remerge(id);
        }
        version.incrementAndGet();
    }

    /** Applies one source's changes: workloads started or changed (whole), and ids that ended. */
    public synchronized void apply(String source, Collection<Workload> upserted, Collection<String> ended) {
        Map<String, Workload> table = bySource.computeIfAbsent(source, s -> new HashMap<>());
        reporting.add(source);
        for (String id : ended) {
            table.remove(id);
            track(source, id, false);
            remerge(id);
        }
        for (Workload workload : upserted) {
            table.put(workload.id(), workload);
            track(source, workload.id(), true);
            remerge(workload.id());
        }
        version.incrementAndGet();
    }

    /** Forgets a source, for an agent that answers it knows no workloads (an older agent). */
    public synchronized void forget(String source) {
        Map<String, Workload> old = bySource.remove(source);
        reporting.remove(source);
        if (old != null) {
            for (String id : old.keySet()) {
                track(source, id, false);
                remerge(id);
            }
        }
        version.incrementAndGet();
    }

    private void track(String source, String id, boolean present) {
        if (present) {
            sourcesOfId.computeIfAbsent(id, i -> new LinkedHashSet<>(2)).add(source);
        } else {
            Set<String> sources = sourcesOfId.get(id);
            if (sources != null && sources.remove(source) && sources.isEmpty()) {
                sourcesOfId.remove(id);
            }
        }
    }

    private void remerge(String id) {
        Workload before = merged.get(id);
        Workload after = null;
        for (String source : sourcesOfId.getOrDefault(id, Set.of())) {
            Workload part = bySource.get(source).get(id);
            after = after == null ? part : after.mergedWith(part);
        }
        if (before != null) {
            for (Holding holding : before.holdings()) {
                holderOf.remove(holding, before);
            }
        }
        if (after == null) {
            merged.remove(id);
            return;
        }
        merged.put(id, after);
        for (Holding holding : after.holdings()) {
            holderOf.put(holding, after);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Moves after every change; a reader compares it to skip work when nothing changed. */
    public long version() {
        return version.get();
    }

    /**
     * True when at least one agent reports who holds its GPUs. False when none does (agents
     * older than workloads): then "nobody holds idle capacity" is unknown, not true.
     */
    public boolean reported() {
        return !reporting.isEmpty();
    }

    public Optional<Workload> workload(String id) {
        return Optional.ofNullable(merged.get(id));
    }

    /** The workload that holds this GPU or slice; for a slice, the holder of its whole GPU when none holds the slice. */
    public Optional<Workload> holderOf(String hostname, int gpuIndex, int gpuInstanceId) {
        Workload holder = holderOf.get(new Holding(hostname, gpuIndex, gpuInstanceId));
        if (holder == null && gpuInstanceId != Holding.WHOLE_GPU) {
            holder = holderOf.get(Holding.gpu(hostname, gpuIndex));
        }
        return Optional.ofNullable(holder);
    }

    /**
     * The workload holding the GPU or slice in {@code slot} of {@code layout}: a slice's own holder,
     * else its GPU's; for a whole GPU in MIG mode, its holder, else its first held slice's.
     */
    public Optional<Workload> holderOf(FleetLayout layout, int slot) {
        String host = layout.node(layout.nodeOfSlot(slot)).hostname();
        int index = layout.accelerator(slot).index();
        if (layout.isSlice(slot)) {
            return holderOf(host, index, layout.slice(slot).gpuInstanceId());
        }
        Optional<Workload> holder = holderOf(host, index, Holding.WHOLE_GPU);
        for (int s = layout.firstSliceSlot(slot); holder.isEmpty() && s < layout.endSliceSlot(slot); s++) {
            holder = holderOf(host, index, layout.slice(s).gpuInstanceId());
        }
        return holder;
    }

    public int size() {
        return merged.size();
    }

    /** Every workload, merged; a copy, in no particular order. */
    public List<Workload> all() {
        return List.copyOf(merged.values());
    }
}
