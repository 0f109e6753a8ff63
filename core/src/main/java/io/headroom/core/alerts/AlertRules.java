package io.headroom.core.alerts;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.idle.CriticalXids;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the telemetry arrays into the alerts an operator must see: GPUs over their slowdown
 * temperature, critical XIDs, uncorrectable ECC errors, GPUs gone from the driver, nodes gone
 * silent, racks with hot inlet air or near their power budget. One pass over the slots.
 *
 * <p>Values of a stale GPU or rack are old news: only the stale-node alert speaks for them. The rules
 * remember when they first saw each condition, so an alert keeps its "since" from one
 * evaluation to the next and loses it once it clears. Plain Java; not thread safe.
 */
public final class AlertRules {

    /** This far past its slowdown point a GPU is throttled hard: critical, not a warning. */
    static final float CRITICAL_OVER_SLOWDOWN_C = 5f;
    /** ASHRAE's allowable maximum for class A1 equipment: past it, hardware is at risk. */
    static final float CRITICAL_INLET_C = 32f;

    private final IdleThresholds thresholds;
    private RackFreshness racks;
    private Map<String, Long> firstSeen = new HashMap<>();
    private Map<String, Long> seenNow = new HashMap<>();

    /** @param thresholds how many missed intervals make data stale, as the classifier counts them */
    public AlertRules(IdleThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * Evaluates every rule against the fleet at {@code nowMillis}.
     *
     * @param summary the summary of {@code telemetry} at {@code nowMillis}; its states say which GPUs are stale
     */
    // flat byte array of IdleState ordinals from FleetSummary on the per-tick path; an EnumMap or enum array would box
    @SuppressWarnings("EnumOrdinal")
    public List<Alert> evaluate(FleetTelemetry telemetry, FleetSummary summary, long nowMillis) {
        FleetLayout layout = telemetry.layout();
        byte[] states = summary.gpuStates();
        List<Alert> alerts = new ArrayList<>();
        seenNow.clear();
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            int gpu = layout.isSlice(slot) ? layout.parentGpuSlot(slot) : slot;
            if (gpu >= states.length || states[gpu] == IdleState.STALE.ordinal()) {
                continue;
            }
            slotAlerts(telemetry, slot, nowMillis, alerts);
        }
        for (int node = 0; node < layout.nodeCount(); node++) {
            staleNode(telemetry, states, node, nowMillis, alerts);
        }
        if (racks == null || racks.layout() != layout) {
            racks = new RackFreshness(layout, thresholds);
        }
        for (int rack = 0; rack < layout.rackCount(); rack++) {
            if (racks.isFresh(telemetry, rack, nowMillis)) {
                rackAlerts(telemetry, rack, nowMillis, alerts);
            }
        }
        // Swap rather than copy: conditions that cleared are forgotten, with their "since".
        Map<String, Long> previous = firstSeen;
        firstSeen = seenNow;
        seenNow = previous;
        return alerts;
    }

    private void slotAlerts(FleetTelemetry telemetry, int slot, long now, List<Alert> alerts) {
        FleetLayout layout = telemetry.layout();
        int node = layout.nodeOfSlot(slot);
        int rack = layout.rackOfNode(node);
        MigSlice slice = layout.slice(slot);
        String uuid = slice == null ? layout.accelerator(slot).uuid() : slice.uuid();
        if (slice == null) {
            float temp = telemetry.gpuTempC(slot);
            float slowdown =
                    SlowdownTemperatures.forModel(layout.accelerator(slot).model());
            if (temp >= slowdown) {
                AlertSeverity severity =
                        temp >= slowdown + CRITICAL_OVER_SLOWDOWN_C ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
                alerts.add(raise(
                        AlertKind.GPU_HOT,
                        severity,
                        uuid,
                        node,
                        rack,
                        slot,
                        "alert.detail.gpu-hot",
                        List.of(Math.round(temp), Math.round(slowdown)),
                        now));
            }
            if (telemetry.missing(slot)) {
                alerts.add(raise(
                        AlertKind.GPU_MISSING,
                        AlertSeverity.CRITICAL,
                        uuid,
                        node,
                        rack,
                        slot,
                        "alert.detail.gpu-missing",
                        List.of(),
                        now));
            }
        }
        int xid = telemetry.lastXid(slot);
        if (CriticalXids.isCritical(xid)) {
            alerts.add(raise(
                    AlertKind.CRITICAL_XID,
                    AlertSeverity.CRITICAL,
                    uuid,
                    node,
                    rack,
                    slot,
                    "alert.detail.xid",
                    List.of(xid),
                    now));
        }
        int health = telemetry.vendorHealth(slot);
        if (health > 0) {
            alerts.add(raise(
                    AlertKind.VENDOR_HEALTH,
                    health == 1 ? AlertSeverity.WARNING : AlertSeverity.CRITICAL,
                    uuid,
                    node,
                    rack,
                    slot,
                    "alert.detail.vendor-health",
                    List.of(health),
                    now));
        }
        int ecc = telemetry.eccUncorrectable(slot);
        if (ecc > 0) {
            alerts.add(raise(
                    AlertKind.ECC_UNCORRECTABLE,
                    AlertSeverity.CRITICAL,
                    uuid,
                    node,
                    rack,
                    slot,
                    "alert.detail.ecc",
                    List.of(ecc),
                    now));
        }
    }

    // flat byte array of IdleState ordinals from FleetSummary on the per-tick path; an EnumMap or enum array would box
    @SuppressWarnings("EnumOrdinal")
    private void staleNode(FleetTelemetry telemetry, byte[] states, int node, long now, List<Alert> alerts) {
        FleetLayout layout = telemetry.layout();
        int first = layout.firstGpuSlot(node);
        int end = Math.min(layout.endGpuSlot(node), states.length);
        if (first >= end) {
            return;
        }
        long lastHeard = telemetry.nodeSampleTime(node);
        for (int slot = first; slot < end; slot++) {
            if (states[slot] != IdleState.STALE.ordinal()) {
                return;
            }
            lastHeard = Math.max(lastHeard, telemetry.sampleTime(slot));
        }
        String hostname = layout.node(node).hostname();
        Alert alert = raise(
                AlertKind.NODE_STALE,
                AlertSeverity.WARNING,
                hostname,
                node,
                layout.rackOfNode(node),
                FleetLayout.NONE,
                "alert.detail.node-stale",
                List.of(end - first),
                now);
        // The last sample says when the node went quiet better than when we noticed.
        alerts.add(lastHeard > 0 ? withSince(alert, lastHeard) : alert);
    }

    private void rackAlerts(FleetTelemetry telemetry, int rack, long now, List<Alert> alerts) {
        FleetLayout layout = telemetry.layout();
        String id = layout.rack(rack).id();
        float inlet = telemetry.rackInletC(rack);
        if (RackLimits.inletHot(inlet)) {
            AlertSeverity severity = inlet > CRITICAL_INLET_C ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
            alerts.add(raise(
                    AlertKind.RACK_INLET_HOT,
                    severity,
                    id,
                    FleetLayout.NONE,
                    rack,
                    FleetLayout.NONE,
                    "alert.detail.rack-inlet",
                    List.of(inlet, RackLimits.HOT_INLET_C),
                    now));
        }
        float kw = telemetry.rackPowerKw(rack);
        double budget = layout.rack(rack).powerBudgetKw();
        if (RackLimits.nearBudget(kw, budget)) {
            AlertSeverity severity = kw > budget ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
            alerts.add(raise(
                    AlertKind.RACK_NEAR_BUDGET,
                    severity,
                    id,
                    FleetLayout.NONE,
                    rack,
                    FleetLayout.NONE,
                    "alert.detail.rack-power",
                    List.of(kw, budget, kw / budget),
                    now));
        }
    }

    private Alert raise(
            AlertKind kind,
            AlertSeverity severity,
            String subject,
            int node,
            int rack,
            int slot,
            String messageKey,
            List<Object> args,
            long now) {
        String key = kind.name() + ':' + subject;
        long since = firstSeen.getOrDefault(key, now);
        seenNow.put(key, since);
        return new Alert(kind, severity, subject, node, rack, slot, messageKey, args, since);
    }

    private static Alert withSince(Alert alert, long since) {
        return new Alert(
                alert.kind(),
                alert.severity(),
                alert.subject(),
                alert.nodeIndex(),
                alert.rackIndex(),
                alert.slot(),
                alert.messageKey(),
                alert.args(),
                since);
    }
}
