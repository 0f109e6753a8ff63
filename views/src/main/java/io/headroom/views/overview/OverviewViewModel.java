package io.headroom.views.overview;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The fleet's headline figures as the overview shows them: raw numbers for logic and
 * tests, and ready-formatted text for the labels. Plain Java and javafx.beans only, so it
 * is tested without a toolkit. Fed once per refresh on the FX thread; a property fires
 * only when its value really changed, so an unchanged fleet costs no relayout.
 */
public final class OverviewViewModel {

    private static final IdleState[] STATES = IdleState.values();

    private final Messages messages;
    private final ReadOnlyIntegerWrapper[] gpusByState = new ReadOnlyIntegerWrapper[STATES.length];
    private final ReadOnlyStringWrapper[] countText = new ReadOnlyStringWrapper[STATES.length];
    private final ReadOnlyStringWrapper[] shareText = new ReadOnlyStringWrapper[STATES.length];
    private final ReadOnlyIntegerWrapper gpuCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper utilizationPct = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper gpuPowerKw = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper idlePflops = new ReadOnlyDoubleWrapper();
    private final ReadOnlyIntegerWrapper idleSlices = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper totalSlices = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper staleNodes = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper anyStale = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper utilizationText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper utilizationDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper powerText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper powerDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper idleCapacityText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper idleCapacityDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper migText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper migTotalText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper migDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper staleNodesText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper staleNodesTotalText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper staleNodesDetail = new ReadOnlyStringWrapper();

    public OverviewViewModel(Messages messages) {
        this.messages = messages;
        for (IdleState state : STATES) {
            gpusByState[state.ordinal()] = new ReadOnlyIntegerWrapper();
            countText[state.ordinal()] = new ReadOnlyStringWrapper(messages.get("value.none"));
            shareText[state.ordinal()] = new ReadOnlyStringWrapper("");
        }
        String none = messages.get("value.none");
        for (ReadOnlyStringWrapper text : new ReadOnlyStringWrapper[] {
                utilizationText, powerText, idleCapacityText, migText, staleNodesText}) {
            text.set(none);
        }
    }

    public Messages messages() {
        return messages;
    }

    /** Takes the figures of one summary of the fleet laid out as {@code layout}. */
    public void update(FleetSummary summary, FleetLayout layout) {
        int gpus = summary.gpuCount();
        gpuCount.set(gpus);
        for (IdleState state : STATES) {
            int count = summary.gpus(state);
            gpusByState[state.ordinal()].set(count);
            countText[state.ordinal()].set(messages.integer(count));
            shareText[state.ordinal()].set(messages.format("figure.state.share",
                    messages.share(gpus == 0 ? Double.NaN : (double) count / gpus)));
        }
        int live = gpus - summary.gpus(IdleState.STALE);

        utilizationPct.set(summary.utilizationPct());
        utilizationText.set(messages.percent(summary.utilizationPct()));
        utilizationDetail.set(messages.format("figure.utilization.detail", messages.integer(live)));

        gpuPowerKw.set(summary.gpuPowerKw());
        double kw = summary.gpuPowerKw();
        powerText.set(tenthsBelowHundred(kw));
        powerDetail.set(messages.format("figure.power.detail", messages.integer(live)));

        idlePflops.set(summary.idlePflops());
        idleCapacityText.set(tenthsBelowHundred(summary.idlePflops()));
        idleCapacityDetail.set(messages.format("figure.idle-capacity.detail", messages.integer(summary.idleGpus())));

        int idle = summary.slices(IdleState.FREE_IDLE) + summary.slices(IdleState.HELD_IDLE);
        int slices = layout.sliceCount();
        idleSlices.set(idle);
        totalSlices.set(slices);
        migText.set(slices == 0 ? messages.get("value.none") : messages.integer(idle));
        migTotalText.set(slices == 0 ? "" : messages.format("figure.mig.of", messages.integer(slices)));
        migDetail.set(slices == 0 ? messages.get("figure.mig.none")
                : messages.format("figure.mig.detail", messages.integer(summary.slices(IdleState.HELD_IDLE))));

        staleNodes.set(summary.staleNodes());
        anyStale.set(summary.staleNodes() > 0);
        staleNodesText.set(messages.integer(summary.staleNodes()));
        staleNodesTotalText.set(messages.format("figure.stale-nodes.of", messages.integer(layout.nodeCount())));
        staleNodesDetail.set(messages.format("figure.stale-nodes.detail",
                messages.integer(summary.gpus(IdleState.STALE))));
    }

    /** Tenths help while a figure is small; past a hundred they are noise that widens the tile. */
    private String tenthsBelowHundred(double value) {
        return value < 100 ? messages.oneDecimal(value) : messages.integer(Math.round(value));
    }

    public ReadOnlyIntegerProperty gpusProperty(IdleState state) { return gpusByState[state.ordinal()].getReadOnlyProperty(); }
    public ReadOnlyStringProperty countTextProperty(IdleState state) { return countText[state.ordinal()].getReadOnlyProperty(); }
    public ReadOnlyStringProperty shareTextProperty(IdleState state) { return shareText[state.ordinal()].getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty gpuCountProperty() { return gpuCount.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty utilizationPctProperty() { return utilizationPct.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty gpuPowerKwProperty() { return gpuPowerKw.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty idlePflopsProperty() { return idlePflops.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty idleSlicesProperty() { return idleSlices.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty totalSlicesProperty() { return totalSlices.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty staleNodesProperty() { return staleNodes.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty anyStaleProperty() { return anyStale.getReadOnlyProperty(); }
    public ReadOnlyStringProperty utilizationTextProperty() { return utilizationText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty utilizationDetailProperty() { return utilizationDetail.getReadOnlyProperty(); }
    public ReadOnlyStringProperty powerTextProperty() { return powerText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty powerDetailProperty() { return powerDetail.getReadOnlyProperty(); }
    public ReadOnlyStringProperty idleCapacityTextProperty() { return idleCapacityText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty idleCapacityDetailProperty() { return idleCapacityDetail.getReadOnlyProperty(); }
    public ReadOnlyStringProperty migTextProperty() { return migText.getReadOnlyProperty(); }
    /** "of 2,856" after the idle count; empty without MIG. */
    public ReadOnlyStringProperty migTotalTextProperty() { return migTotalText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty migDetailProperty() { return migDetail.getReadOnlyProperty(); }
    public ReadOnlyStringProperty staleNodesTextProperty() { return staleNodesText.getReadOnlyProperty(); }
    /** "of 1,280" after the stale count. */
    public ReadOnlyStringProperty staleNodesTotalTextProperty() { return staleNodesTotalText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty staleNodesDetailProperty() { return staleNodesDetail.getReadOnlyProperty(); }
}
