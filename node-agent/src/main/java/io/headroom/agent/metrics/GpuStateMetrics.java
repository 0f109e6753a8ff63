package io.headroom.agent.metrics;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.InstantSource;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Every GPU's and MIG slice's idle state in a form made for a TSDB's history: one series per
 * state, 1 for the state it is in and 0 for the others ({@code headroom_gpu_state{state="held_idle"}}),
 * so that {@code avg_over_time} of a series is the share of the time spent in that state and a sum
 * by rack, pool or tenant counts GPUs. A GPU whose agent is silent is {@code stale}, never free.
 *
 * <p>Owner labels are the node's pool and tenant only: both come from the site's configuration and
 * are bounded (tens, not millions). Job ids and user names are not labels: every job would make a
 * new series for every state of every GPU it touched, and Prometheus keeps each series for its whole
 * retention.
 */
// The label text per state, in an array indexed by IdleState's ordinal, read once per GPU per scrape.
@SuppressWarnings("EnumOrdinal")
final class GpuStateMetrics {

    static final String[] LABELS = {
        "hostname", "rack", "hall", "gpu", "uuid", "gpu_instance", "model", "vendor", "pool", "tenant"
    };
    private static final IdleState[] STATES = IdleState.values();
    private static final String[] STATE_NAMES = new String[STATES.length];

    static {
        for (IdleState state : STATES) {
            STATE_NAMES[state.ordinal()] = state.name().toLowerCase(Locale.ROOT);
        }
    }

    private GpuStateMetrics() {}

    static void register(PrometheusRegistry registry, Supplier<FleetTelemetry> latest, InstantSource clock) {
        IdleClassifier classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        String[] withState = new String[LABELS.length + 1];
        System.arraycopy(LABELS, 0, withState, 0, LABELS.length);
        withState[LABELS.length] = "state";
        GaugeWithCallback.builder()
                .name("headroom_gpu_state")
                .help("1 for the idle state the GPU or MIG slice is in now (busy, held_idle, free_idle, drained, "
                        + "faulted, stale), 0 for the others")
                .labelNames(withState)
                .callback(callback -> {
                    FleetTelemetry telemetry = latest.get();
                    FleetLayout layout = telemetry.layout();
                    long now = clock.millis();
                    String[] values = new String[withState.length];
                    for (int slot = 0; slot < layout.slotCount(); slot++) {
                        labels(layout, slot, values);
                        int state = classifier.classify(telemetry, slot, now).ordinal();
                        for (int s = 0; s < STATES.length; s++) {
                            values[LABELS.length] = STATE_NAMES[s];
                            // The client keeps the array it is given: each series gets its own.
                            callback.call(s == state ? 1 : 0, values.clone());
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("headroom_gpu_allocated")
                .help("1 while the scheduler has the GPU or MIG slice allocated to a job, 0 while it is free; "
                        + "absent while the agent has no sample of it")
                .labelNames(LABELS)
                .callback(callback -> {
                    FleetTelemetry telemetry = latest.get();
                    FleetLayout layout = telemetry.layout();
                    String[] values = new String[LABELS.length];
                    for (int slot = 0; slot < layout.slotCount(); slot++) {
                        if (telemetry.sampleTime(slot) == 0) {
                            continue;
                        }
                        labels(layout, slot, values);
                        callback.call(telemetry.allocated(slot) ? 1 : 0, values.clone());
                    }
                })
                .register(registry);
    }

    private static void labels(FleetLayout layout, int slot, String[] values) {
        MigSlice slice = layout.slice(slot);
        int nodeIndex = layout.nodeOfSlot(slot);
        Node node = layout.node(nodeIndex);
        Rack rack = layout.rack(layout.rackOfNode(nodeIndex));
        var accelerator = layout.accelerator(slot);
        values[0] = node.hostname();
        values[1] = rack.id();
        values[2] = rack.hallId();
        values[3] = String.valueOf(accelerator.index());
        values[4] = slice == null ? accelerator.uuid() : slice.uuid();
        values[5] = slice == null ? "" : String.valueOf(slice.gpuInstanceId());
        values[6] = accelerator.model();
        values[7] = accelerator.vendor().name().toLowerCase(Locale.ROOT);
        values[8] = node.pool() == null ? "" : node.pool();
        values[9] = node.tenant() == null ? "" : node.tenant();
    }
}
