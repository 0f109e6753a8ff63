package io.headroom.views.overview;

import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.vendor.VendorTerms;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The fleet's headline figures as the overview's tiles show them: each reading as a number,
 * which its tile scales and formats itself, and the lines of text around it ready-formatted.
 * It keeps only what a tile shows. Plain Java and javafx.beans only, so it
 * is tested without a toolkit. Fed once per refresh on the FX thread; a property fires
 * only when its value really changed, so an unchanged fleet costs no relayout.
 */
public final class FleetTilesViewModel {

    private static final IdleState[] STATES = IdleState.values();

    private final Messages messages;
    private final Map<IdleState, ReadOnlyIntegerWrapper> gpusByState = new EnumMap<>(IdleState.class);
    private final ReadOnlyIntegerWrapper gpuCount = new ReadOnlyIntegerWrapper();
    /** Whether any GPU has reported: before that every figure is unknown, not zero. */
    private final ReadOnlyBooleanWrapper fleetKnown = new ReadOnlyBooleanWrapper();

    private final ReadOnlyDoubleWrapper utilizationPct = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper idlePflops = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyIntegerWrapper staleNodes = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper idleCapacityDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper migLine = new ReadOnlyStringWrapper("");
    /** Idle capacity by vendor, one line each, and the models without a peak figure; "" for a one-vendor fleet. */
    private final ReadOnlyStringWrapper idleByVendor = new ReadOnlyStringWrapper("");
    /** The same on one line, for the tile's description when the operator asks for the split. */
    private final ReadOnlyStringWrapper idleByVendorLine = new ReadOnlyStringWrapper("");

    private final ReadOnlyBooleanWrapper showingByVendor = new ReadOnlyBooleanWrapper();
    private FleetLayout slicesOf;
    private boolean slicesAllMig = true;
    private final ReadOnlyStringWrapper staleNodesTotalText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper staleNodesDetail = new ReadOnlyStringWrapper();

    /** Rack inlet air above this is outside ASHRAE's recommended range: the alerts page says so too. */
    static final float HOT_INLET_C = 27f;
    /** Past this share of budget the alerts page warns; the tile turns red with it. */
    static final double NEAR_BUDGET = 0.9;

    private final ReadOnlyBooleanWrapper nearBudget = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper cardHoursTodayPct = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper cardHoursDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyDoubleWrapper powerKw = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper powerBudgetKw = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper powerBudgetDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyDoubleWrapper hottestInletC = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper hottestInletDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper inletHot = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper openAlerts = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyStringWrapper openAlertsDetail = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper anyCritical = new ReadOnlyBooleanWrapper();
    /** From the last {@link #updateAgents}: with stale nodes, what makes the link tile red. */
    private int unreachableAgents;

    private final ReadOnlyStringWrapper agentsDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper linkTrouble = new ReadOnlyBooleanWrapper();

    public FleetTilesViewModel(Messages messages) {
        this.messages = messages;
        for (IdleState state : STATES) {
            gpusByState.put(state, new ReadOnlyIntegerWrapper());
        }
        cardHoursDetail.set(messages.get("tile.card-hours.none"));
        String noGpus = messages.get("tile.no-gpus");
        idleCapacityDetail.set(noGpus);
        staleNodesDetail.set(noGpus);
        hottestInletDetail.set(messages.get("tile.inlet.none"));
        openAlertsDetail.set(messages.get("tile.alerts.unknown"));
        powerBudgetDetail.set(messages.get("tile.no-gpus"));
    }

    public Messages messages() {
        return messages;
    }

    /**
     * Idle capacity by vendor ("NVIDIA: 12.3 PFLOPS", one vendor a line), then the models the
     * peak table has no figure for, named with their count; only where the fleet has several
     * vendors or such a model.
     */
    private void splitByVendor(FleetSummary summary, FleetLayout layout, int gpus) {
        // Which vendors the fleet has is the layout's fact, worked out once per inventory: no pass over the GPUs here.
        java.util.Set<Vendor> present = layout.vendors();
        var unknown = layout.unknownModelGpus();
        if (gpus == 0 || (present.size() < 2 && unknown.isEmpty())) {
            idleByVendor.set("");
            idleByVendorLine.set("");
            return;
        }
        List<String> lines = new java.util.ArrayList<>();
        for (Vendor vendor : present) {
            double pflops = summary.idlePflops(vendor);
            // Under 1 PFLOPS in TFLOPS: a rack of MLU370s idle is not "0.0".
            lines.add(
                    pflops >= 1 || pflops == 0
                            ? messages.format(
                                    "figure.idle-capacity.vendor-line",
                                    VendorTerms.of(messages, vendor).name(),
                                    messages.oneDecimal(pflops))
                            : messages.format(
                                    "figure.idle-capacity.vendor-line-tflops",
                                    VendorTerms.of(messages, vendor).name(),
                                    messages.integer(Math.round(pflops * 1000))));
        }
        List<String> compact = new java.util.ArrayList<>();
        for (Vendor vendor : present) {
            double pflops = summary.idlePflops(vendor);
            compact.add(messages.format(
                    "figure.idle-capacity.vendor-short",
                    VendorTerms.of(messages, vendor).name(),
                    pflops >= 10 || pflops == 0
                            ? messages.integer(Math.round(pflops))
                            : pflops < 0.1 ? "<" + messages.oneDecimal(0.1) : messages.oneDecimal(pflops)));
        }
        String line = String.join(" \u00b7 ", compact);
        if (!unknown.isEmpty()) {
            List<String> models = new java.util.ArrayList<>();
            unknown.forEach((model, count) ->
                    models.add(messages.format("figure.idle-capacity.unknown-model", messages.integer(count), model)));
            String named = messages.format("figure.idle-capacity.unknown-models", String.join(", ", models));
            lines.add(named);
            line = line + " \u00b7 " + named;
        }
        idleByVendor.set(messages.get("figure.idle-capacity.by-vendor") + "\n" + String.join("\n", lines));
        idleByVendorLine.set(line);
    }

    /** Whether every slice of the layout is a MIG instance (no vNPU, no VF); worked out once per layout. */
    private boolean onlyMig(FleetLayout layout) {
        if (layout != slicesOf) {
            slicesOf = layout;
            slicesAllMig = true;
            for (int slot = layout.gpuCount(); slot < layout.slotCount() && slicesAllMig; slot++) {
                slicesAllMig = layout.vendor(slot) == Vendor.NVIDIA;
            }
        }
        return slicesAllMig;
    }

    /** Idle capacity by vendor, several lines; "" when the fleet has one vendor and every model has a figure. */
    public ReadOnlyStringProperty idleByVendorProperty() {
        return idleByVendor.getReadOnlyProperty();
    }

    /** The split on one line, for the tile's description while {@link #showingByVendorProperty} holds. */
    public ReadOnlyStringProperty idleByVendorLineProperty() {
        return idleByVendorLine.getReadOnlyProperty();
    }

    /** Whether the idle-capacity tile shows the split by vendor rather than its usual line. */
    public ReadOnlyBooleanProperty showingByVendorProperty() {
        return showingByVendor.getReadOnlyProperty();
    }

    /** The operator asks for the split by vendor, or back; nothing happens on a one-vendor fleet. */
    public void toggleByVendor() {
        showingByVendor.set(!showingByVendor.get() && !idleByVendorLine.get().isEmpty());
    }

    /** Takes the figures of one summary of the fleet laid out as {@code layout}. */
    public void update(FleetSummary summary, FleetLayout layout) {
        int gpus = summary.gpuCount();
        gpuCount.set(gpus);
        for (IdleState state : STATES) {
            gpusByState.get(state).set(summary.gpus(state));
        }
        utilizationPct.set(gpus == 0 ? Double.NaN : summary.utilizationPct());
        idlePflops.set(gpus == 0 ? Double.NaN : round(summary.idlePflops()));
        idleCapacityDetail.set(
                gpus == 0
                        ? messages.get("tile.no-gpus")
                        : messages.format("figure.idle-capacity.detail", messages.integer(summary.idleGpus())));

        splitByVendor(summary, layout, gpus);

        int idle = summary.slices(IdleState.FREE_IDLE) + summary.slices(IdleState.HELD_IDLE);
        int slices = layout.sliceCount();
        migLine.set(
                gpus == 0
                        ? ""
                        : slices == 0
                                ? messages.get("figure.mig.none")
                                : messages.format(
                                        onlyMig(layout) ? "tile.mig.line" : "tile.slices.line",
                                        messages.integer(idle),
                                        messages.integer(slices)));

        staleNodes.set(summary.staleNodes());
        linkTrouble.set(unreachableAgents > 0 || summary.staleNodes() > 0);
        staleNodesTotalText.set(
                gpus == 0 ? "" : messages.format("figure.stale-nodes.of", messages.integer(layout.nodeCount())));
        staleNodesDetail.set(
                gpus == 0
                        ? messages.get("tile.no-gpus")
                        : messages.format(
                                "figure.stale-nodes.detail", messages.integer(summary.gpus(IdleState.STALE))));
        // Last, once every figure is in: what shows the figures when the fleet becomes known finds them set.
        fleetKnown.set(gpus > 0);
    }

    /**
     * Power against budget and the hottest inlet, from the racks that reported within
     * {@code staleAfterMillis}. Power is what the racks' PDUs report when any does, else what
     * the GPUs draw (a lower bound: no CPUs, fans or losses); the budget is every rack's.
     */
    public void updateRacks(FleetTelemetry telemetry, FleetSummary summary, long nowMillis, long staleAfterMillis) {
        FleetLayout layout = telemetry.layout();
        double budget = 0;
        double pduKw = 0;
        boolean anyPdu = false;
        float hottest = Float.NaN;
        int hottestRack = FleetLayout.NONE;
        for (int rack = 0; rack < layout.rackCount(); rack++) {
            budget += Math.max(0, layout.rack(rack).powerBudgetKw());
            long sampled = telemetry.rackSampleTime(rack);
            if (sampled <= 0 || nowMillis - sampled > staleAfterMillis) {
                continue;
            }
            float kw = telemetry.rackPowerKw(rack);
            if (!Float.isNaN(kw)) {
                pduKw += kw;
                anyPdu = true;
            }
            float inlet = telemetry.rackInletC(rack);
            if (!Float.isNaN(inlet) && (Float.isNaN(hottest) || inlet > hottest)) {
                hottest = inlet;
                hottestRack = rack;
            }
        }
        // No PDU and no GPU reporting: the draw is unknown, not zero.
        double kw = anyPdu ? pduKw : summary.gpuCount() == 0 ? Double.NaN : summary.gpuPowerKw();
        powerKw.set(round(kw));
        powerBudgetKw.set(budget);
        nearBudget.set(budget > 0 && kw > NEAR_BUDGET * budget);
        String source = messages.get(anyPdu ? "tile.power.from-pdus" : "tile.power.from-gpus");
        powerBudgetDetail.set(
                Double.isNaN(kw)
                        ? messages.get("tile.no-gpus")
                        : budget <= 0
                                ? messages.format("tile.power.no-budget-from", source)
                                : messages.format(
                                        "tile.power.detail",
                                        messages.integer(Math.round(budget)),
                                        messages.share(kw / budget),
                                        source));
        hottestInletC.set(Float.isNaN(hottest) ? Double.NaN : Math.round(hottest * 10) / 10.0);
        inletHot.set(!Float.isNaN(hottest) && hottest > HOT_INLET_C);
        hottestInletDetail.set(
                hottestRack == FleetLayout.NONE
                        ? messages.get("tile.inlet.none")
                        : messages.format(
                                "tile.inlet.detail", layout.rack(hottestRack).id(), messages.integer((long)
                                        HOT_INLET_C)));
    }

    /** Agents the console cannot reach now, out of those configured. */
    public void updateAgents(List<AgentStatus> agents) {
        unreachableAgents = (int) agents.stream()
                .filter(a -> a.health() == AgentHealth.UNREACHABLE)
                .count();
        linkTrouble.set(unreachableAgents > 0 || staleNodes.get() > 0);
        agentsDetail.set(messages.format(
                "tile.stale.agents", messages.integer(unreachableAgents), messages.integer(agents.size())));
    }

    /** Alerts raised and not yet acknowledged, as the alerts page counts them. */
    public void updateAlerts(long critical, long warnings) {
        openAlerts.set((int) (critical + warnings));
        anyCritical.set(critical > 0);
        openAlertsDetail.set(messages.format("alert.counts", critical, warnings));
    }

    /** Card-hour utilization from the store's closed hours; unknown figures show as none. */
    public void updateCardHours(CardHourUtilization hours) {
        cardHoursTodayPct.set(Double.isNaN(hours.today()) ? Double.NaN : Math.round(hours.today() * 1000) / 10.0);
        cardHoursDetail.set(
                Double.isNaN(hours.today()) && Double.isNaN(hours.week())
                        ? messages.get("tile.card-hours.none")
                        : messages.format("tile.card-hours.detail", messages.share(hours.week())));
    }

    /** The same rule for a figure a tile formats itself: tenths below a hundred, whole numbers above. */
    static double round(double value) {
        return Double.isNaN(value) ? value : value < 100 ? Math.round(value * 10) / 10.0 : Math.round(value);
    }

    public ReadOnlyIntegerProperty gpusProperty(IdleState state) {
        return gpusByState.get(state).getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty gpuCountProperty() {
        return gpuCount.getReadOnlyProperty();
    }
    /** Whether any GPU has reported; until then the tiles say so instead of showing zeros. */
    public ReadOnlyBooleanProperty fleetKnownProperty() {
        return fleetKnown.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty utilizationPctProperty() {
        return utilizationPct.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty idlePflopsProperty() {
        return idlePflops.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty staleNodesProperty() {
        return staleNodes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty idleCapacityDetailProperty() {
        return idleCapacityDetail.getReadOnlyProperty();
    }
    /** "222 of 504 MIG slices idle", one line under the idle capacity. */
    public ReadOnlyStringProperty migLineProperty() {
        return migLine.getReadOnlyProperty();
    }
    /** "of 1,280" after the stale count. */
    public ReadOnlyStringProperty staleNodesTotalTextProperty() {
        return staleNodesTotalText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty staleNodesDetailProperty() {
        return staleNodesDetail.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty nearBudgetProperty() {
        return nearBudget.getReadOnlyProperty();
    }
    /** Today's card-hour utilization in percent with one decimal; NaN before the day's first closed hour. */
    public ReadOnlyDoubleProperty cardHoursTodayPctProperty() {
        return cardHoursTodayPct.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty cardHoursDetailProperty() {
        return cardHoursDetail.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty powerKwProperty() {
        return powerKw.getReadOnlyProperty();
    }
    /** The racks' power budgets summed; 0 when no rack has one. */
    public ReadOnlyDoubleProperty powerBudgetKwProperty() {
        return powerBudgetKw.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty powerBudgetDetailProperty() {
        return powerBudgetDetail.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty hottestInletCProperty() {
        return hottestInletC.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hottestInletDetailProperty() {
        return hottestInletDetail.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty inletHotProperty() {
        return inletHot.getReadOnlyProperty();
    }
    /** Raised, unacknowledged alerts; -1 until the alerts page has counted them. */
    public ReadOnlyIntegerProperty openAlertsProperty() {
        return openAlerts.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty openAlertsDetailProperty() {
        return openAlertsDetail.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty anyCriticalProperty() {
        return anyCritical.getReadOnlyProperty();
    }
    /** "0 of 4 agents unreachable". */
    public ReadOnlyStringProperty agentsDetailProperty() {
        return agentsDetail.getReadOnlyProperty();
    }
    /** Stale nodes or unreachable agents: the data on screen is not all live. */
    public ReadOnlyBooleanProperty linkTroubleProperty() {
        return linkTrouble.getReadOnlyProperty();
    }
}
