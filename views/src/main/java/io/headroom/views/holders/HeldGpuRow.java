package io.headroom.views.holders;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.IdleHolders;
import io.headroom.views.Messages;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One GPU (or slice) a workload holds, live, in its detail. */
public final class HeldGpuRow {

    private static final double MIB_PER_GIB = 1024;

    private final Holding holding;
    private final ReadOnlyStringWrapper gpu = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper utilization = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper idleFor = new ReadOnlyStringWrapper();

    HeldGpuRow(Holding holding) {
        this.holding = holding;
        gpu.set(holding.toString());
    }

    void refresh(Messages messages, FleetTelemetry telemetry, IdleClassifier classifier, long nowMillis) {
        String none = messages.get("value.none");
        int slot = IdleHolders.slotOf(telemetry.layout(), holding);
        if (slot == FleetLayout.NONE) {
            state.set(messages.get("holders.gpu.unknown"));
            utilization.set(none);
            memory.set(none);
            idleFor.set(none);
            return;
        }
        gpu.set(telemetry.layout().describe(slot));
        state.set(messages.stateName(classifier.classify(telemetry, slot, nowMillis)));
        utilization.set(messages.percent(telemetry.activityPct(slot)));
        float used = telemetry.memoryUsedMib(slot);
        memory.set(
                Float.isNaN(used)
                        ? none
                        : messages.format(
                                "node.value.memory",
                                messages.oneDecimal(used / MIB_PER_GIB),
                                messages.oneDecimal(telemetry.layout().memoryTotalMib(slot) / MIB_PER_GIB)));
        long since = telemetry.idleSinceMillis(slot);
        idleFor.set(since == FleetTelemetry.NOT_IDLE ? none : messages.age(nowMillis - since));
    }

    public Holding holding() {
        return holding;
    }

    public ReadOnlyStringProperty gpuProperty() {
        return gpu.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty utilizationProperty() {
        return utilization.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty idleForProperty() {
        return idleFor.getReadOnlyProperty();
    }
}
