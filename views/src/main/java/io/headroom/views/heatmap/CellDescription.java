package io.headroom.views.heatmap;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.AcceleratorModels;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.idle.IdleState;
import io.headroom.core.workload.Workload;
import io.headroom.views.Messages;
import io.headroom.views.vendor.VendorTerms;

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
        Accelerator accelerator = layout.accelerator(slot);
        VendorTerms terms = VendorTerms.of(messages, accelerator.vendor());
        StringBuilder text = new StringBuilder(name(messages, layout, slot, terms));
        text.append('\n')
                .append(messages.format(
                        AcceleratorModels.isKnown(accelerator.model())
                                ? "vendor.hover.model"
                                : "vendor.hover.model-unknown",
                        terms.name(),
                        accelerator.model()));

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
                        messages.format(
                                "vendor.hover.activity",
                                terms.activity(),
                                messages.percent(telemetry.activityPct(slot))),
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

    /** "gpu-h1-a03-n5 GPU 3", "gpu-h4-a01-n2 NPU 5 vNPU vir05_1c_16g #181": in the vendor's own words. */
    static String name(Messages messages, FleetLayout layout, int slot, VendorTerms terms) {
        Node node = layout.node(layout.nodeOfSlot(slot));
        String device = node.hostname() + " "
                + terms.device(messages, layout.accelerator(slot).index());
        MigSlice slice = layout.slice(slot);
        return slice == null
                ? device
                : device + " " + terms.slice(messages, slice.profileName(), slice.gpuInstanceId());
    }

    /** "Held by job 4242 · alice · physics". */
    static String holder(Messages messages, Workload holder) {
        return messages.heldBy(holder);
    }

    private static String whole(Messages messages, float value) {
        return Float.isNaN(value) ? messages.get("value.none") : messages.integer(Math.round(value));
    }
}
