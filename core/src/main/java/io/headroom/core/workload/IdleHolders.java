package io.headroom.core.workload;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Ranks the workloads that hold held-idle capacity by GPU-hours wasted: for each, the sum over
 * its held-idle GPUs of the time since each went idle. Walks the workloads' holdings, not the
 * whole fleet, so its cost follows what is held.
 */
public final class IdleHolders {

    private static final double MILLIS_PER_HOUR = 3_600_000d;
    private static final Comparator<IdleHolder> MOST_WASTED_FIRST =
            Comparator.comparingDouble(IdleHolder::gpuHoursWasted).reversed().thenComparing(IdleHolder::id);

    private final IdleClassifier classifier;

    public IdleHolders(IdleClassifier classifier) {
        this.classifier = classifier;
    }

    /** The holders of held-idle capacity, most GPU-hours wasted first. */
    public List<IdleHolder> rank(FleetWorkloads workloads, FleetTelemetry telemetry, long nowMillis) {
        List<IdleHolder> ranked = new ArrayList<>();
        for (Workload workload : workloads.all()) {
            IdleHolder holder = measure(workload, telemetry, nowMillis);
            if (holder.gpusIdle() > 0) {
                ranked.add(holder);
            }
        }
        ranked.sort(MOST_WASTED_FIRST);
        return ranked;
    }

    /** What one workload holds and wastes now, idle or not. */
    public IdleHolder measure(Workload workload, FleetTelemetry telemetry, long nowMillis) {
        int[] slots = new int[workload.holdings().size()];
        int held = 0;
        int idle = 0;
        long wastedMillis = 0;
        long earliestIdle = Long.MAX_VALUE;
        var nodes = new TreeSet<String>();
        for (Holding holding : workload.holdings()) {
            nodes.add(holding.hostname());
            int slot = slotOf(telemetry.layout(), holding);
            if (slot == FleetLayout.NONE) {
                continue; // a node the console has no inventory for yet
            }
            slots[held++] = slot;
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
                Arrays.copyOf(slots, held));
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
