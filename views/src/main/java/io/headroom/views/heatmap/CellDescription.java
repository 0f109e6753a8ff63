package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.idle.IdleState;
import io.headroom.core.workload.Workload;
import io.headroom.views.Messages;

/**
 * The words under the pointer: which GPU, where it stands, what state it is in, what it
 * last reported and how old that report is. An operator about to walk to a rack needs all
 * of it, and the age says whether to trust the rest.
 */
final class CellDescription {

    private CellDescription() {}

    static String describe(Messages messages, FleetTelemetry telemetry, IdleState state, int slot, long nowMillis) {
        return describe(messages, telemetry, state, slot, nowMillis, null);
    }

    /** As above, with who holds the GPU (job or pod, owner, account) when an agent says; {@code holder} may be null. */
    static String describe(
            Messages messages, FleetTelemetry telemetry, IdleState state, int slot, long nowMillis, Workload holder) {
        FleetLayout layout = telemetry.layout();
        StringBuilder text = new StringBuilder(layout.describe(slot));

        Node node = layout.node(layout.nodeOfSlot(slot));
        int rackIndex = layout.rackOfNode(layout.nodeOfSlot(slot));
        if (rackIndex != FleetLayout.NONE) {
            Rack rack = layout.rack(rackIndex);
            text.append('\n').append(messages.format("hover.location", rack.id(), rack.row(), node.uPosition()));
        }
        text.append('\n')
                .append(messages.format(
                        "hover.figures",
                        messages.stateName(state),
                        messages.percent(telemetry.activityPct(slot)),
                        whole(messages, telemetry.powerW(slot)),
                        whole(messages, telemetry.gpuTempC(slot))));

        if (holder != null) {
            text.append('\n').append(holder(messages, holder));
        }

        long sampled = telemetry.sampleTime(slot);
        text.append('\n')
                .append(
                        sampled <= 0
                                ? messages.get("hover.never-sampled")
                                : messages.format("hover.sample-age", messages.age(nowMillis - sampled)));
        return text.toString();
    }

    /** "Held by job 4242 · alice · physics". */
    static String holder(Messages messages, Workload holder) {
        return messages.heldBy(holder);
    }

    private static String whole(Messages messages, float value) {
        return Float.isNaN(value) ? messages.get("value.none") : messages.integer(Math.round(value));
    }
}
