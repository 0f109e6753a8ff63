package io.headroom.core.workload;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ranks the workloads that hold held-idle capacity by GPU-hours wasted: for each, the sum over
 * its held-idle GPUs of the time since each went idle. Keeps, per fleet layout and workload
 * table version, which workload holds each slot; a refresh then walks the slots once and
 * measures only the workloads found holding idle ones (at 100,000 GPUs and 10,000 jobs, about a
 * tenth of them). Not thread-safe: one ranking per reader (the page's model, on the FX thread).
 */
// Workloads are keyed by identity: the table hands out one object per workload, and equal
// copies from two table versions must not merge their slots.
@SuppressWarnings("IdentityHashMapUsage")
public final class IdleHolders {

    private static final double MILLIS_PER_HOUR = 3_600_000d;
    private static final Comparator<IdleHolder> MOST_WASTED_FIRST =
            Comparator.comparingDouble(IdleHolder::gpuHoursWasted).reversed().thenComparing(IdleHolder::id);

    private final IdleClassifier classifier;
    /** Which workload holds each slot of {@link #indexedLayout}, as of {@link #indexedVersion}. */
    private Workload[] holderBySlot = new Workload[0];
    /** Each indexed workload's slots in {@link #indexedLayout}: a workload object seen before is not looked up again. */
    private Map<Workload, int[]> slotsOf = new IdentityHashMap<>();

    private FleetLayout indexedLayout;
    private FleetWorkloads indexedTable;
    private long indexedVersion = -1;

    public IdleHolders(IdleClassifier classifier) {
        this.classifier = classifier;
    }

    /** The holders of held-idle capacity, most GPU-hours wasted first. */
    // workloads are compared as the very objects the index holds
    @SuppressWarnings("ReferenceEquality")
    public List<IdleHolder> rank(FleetWorkloads workloads, FleetTelemetry telemetry, long nowMillis) {
        Workload[] bySlot = holdersBySlot(workloads, telemetry.layout());
        Set<Workload> idleHolders = Collections.newSetFromMap(new IdentityHashMap<>());
        // A workload's slots mostly lie together (a node's GPUs): the set is asked once per run of them.
        Workload last = null;
        boolean lastFound = false;
        for (int slot = 0; slot < bySlot.length; slot++) {
            Workload holder = bySlot[slot];
            if (holder == null) {
                continue;
            }
            if (holder != last) {
                last = holder;
                lastFound = idleHolders.contains(holder);
            }
            if (!lastFound && classifier.classify(telemetry, slot, nowMillis) == IdleState.HELD_IDLE) {
                idleHolders.add(holder);
                lastFound = true;
            }
        }
        List<IdleHolder> ranked = new ArrayList<>(idleHolders.size());
        for (Workload workload : idleHolders) {
            IdleHolder holder = measure(workload, slotsOf.get(workload), telemetry, nowMillis);
            if (holder.gpusIdle() > 0) {
                ranked.add(holder);
            }
        }
        ranked.sort(MOST_WASTED_FIRST);
        return ranked;
    }

    /** The holder of every slot, rebuilt only when the layout or the workload table moved. */
    // identity is the point: a new layout object is a new inventory
    @SuppressWarnings("ReferenceEquality")
    private Workload[] holdersBySlot(FleetWorkloads workloads, FleetLayout layout) {
        long version = workloads.version();
        if (layout == indexedLayout && workloads == indexedTable && version == indexedVersion) {
            return holderBySlot;
        }
        Workload[] bySlot = new Workload[layout.slotCount()];
        boolean sameLayout = layout == indexedLayout;
        List<Workload> all = workloads.all();
        Map<Workload, int[]> slots = new IdentityHashMap<>(all.size() * 2);
        for (Workload workload : all) {
            int[] held = sameLayout ? slotsOf.get(workload) : null;
            if (held == null) {
                held = slotsOf(workload, layout);
            }
            slots.put(workload, held);
            for (int slot : held) {
                bySlot[slot] = workload;
            }
        }
        holderBySlot = bySlot;
        slotsOf = slots;
        indexedLayout = layout;
        indexedTable = workloads;
        indexedVersion = version;
        return bySlot;
    }

    /** The slots of a workload's holdings in {@code layout}; holdings on nodes the console does not know yet left out. */
    private static int[] slotsOf(Workload workload, FleetLayout layout) {
        int[] slots = new int[workload.holdings().size()];
        int held = 0;
        for (Holding holding : workload.holdings()) {
            int slot = slotOf(layout, holding);
            if (slot != FleetLayout.NONE) {
                slots[held++] = slot;
            }
        }
        return held == slots.length ? slots : Arrays.copyOf(slots, held);
    }

    /** What one workload holds and wastes now, from its slots in the indexed layout. */
    private IdleHolder measure(Workload workload, int[] slots, FleetTelemetry telemetry, long nowMillis) {
        int held = slots.length;
        int idle = 0;
        long wastedMillis = 0;
        long earliestIdle = Long.MAX_VALUE;
        var nodes = new TreeSet<String>();
        for (Holding holding : workload.holdings()) {
            nodes.add(holding.hostname());
        }
        for (int slot : slots) {
            long since = telemetry.idleSinceMillis(slot);
            if (classifier.classify(telemetry, slot, nowMillis) == IdleState.HELD_IDLE
                    && since != FleetTelemetry.NOT_IDLE) {
                idle++;
                wastedMillis += Math.max(0, nowMillis - since);
                earliestIdle = Math.min(earliestIdle, since);
            }
        }
        Optional<Duration> runtime =
                workload.startedAt().map(start -> Duration.ofMillis(Math.max(0, nowMillis - start.toEpochMilli())));
        return new IdleHolder(
                workload,
                held,
                idle,
                wastedMillis / MILLIS_PER_HOUR,
                idle == 0 ? null : Instant.ofEpochMilli(earliestIdle),
                runtime,
                List.copyOf(nodes),
                slots.clone());
    }

    /** The console's slot for a holding, or {@link FleetLayout#NONE} when its node or GPU is unknown. */
    public static int slotOf(FleetLayout layout, Holding holding) {
        int node = layout.nodeIndex(holding.hostname());
        if (node == FleetLayout.NONE) {
            return FleetLayout.NONE;
        }
        int gpu = layout.gpuSlot(node, holding.gpuIndex());
        if (gpu == FleetLayout.NONE || !holding.isSlice()) {
            return gpu;
        }
        return layout.sliceSlot(gpu, holding.gpuInstanceId());
    }
}
