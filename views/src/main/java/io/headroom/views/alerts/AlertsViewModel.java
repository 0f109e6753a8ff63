package io.headroom.views.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertAcknowledgements;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.alerts.Incident;
import io.headroom.core.alerts.IncidentGrouping;
import io.headroom.core.alerts.IncidentSilences;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.FleetSummary;
import io.headroom.views.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The incident list: alerts evaluated at most once a second (a table that changes faster cannot
 * be read), grouped into incidents by their cause, filtered by kind, severity and whether
 * acknowledged or silenced, worst and newest first. Rows are kept per incident and per alert so
 * that a selection survives refreshes. javafx.base only: tested without a toolkit.
 */
public final class AlertsViewModel {

    static final long MIN_GAP_MILLIS = 1000;

    private final Messages messages;
    private final AlertAcknowledgements acknowledgements;
    private final IncidentSilences silences;
    private final AlertRules rules;
    private final ObservableList<IncidentRow> rows = FXCollections.observableArrayList();
    private final FilteredList<IncidentRow> visible = new FilteredList<>(rows);
    private final ObjectProperty<AlertKind> kind = new SimpleObjectProperty<>();
    private final ObjectProperty<AlertSeverity> severity = new SimpleObjectProperty<>();
    private final BooleanProperty showAcknowledged = new SimpleBooleanProperty();
    private final BooleanProperty showSilenced = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper();
    private final Map<String, AlertRow> partsByKey = new HashMap<>();
    private final Map<String, IncidentRow> byKey = new HashMap<>();
    private FleetLayout layout;
    private long evaluatedAt = Long.MIN_VALUE;

    public AlertsViewModel(
            Messages messages,
            AlertAcknowledgements acknowledgements,
            IncidentSilences silences,
            IdleThresholds thresholds) {
        this(messages, acknowledgements, silences, new AlertRules(thresholds));
    }

    /**
     * @param rules what the console has seen raised, and since when: a model rebuilt in another
     *     language over the same rules keeps every alert's "For" age
     */
    public AlertsViewModel(
            Messages messages, AlertAcknowledgements acknowledgements, IncidentSilences silences, AlertRules rules) {
        this.messages = messages;
        this.rules = java.util.Objects.requireNonNull(rules, "rules");
        this.acknowledgements = acknowledgements;
        this.silences = silences;
        kind.subscribe(this::refilter);
        severity.subscribe(this::refilter);
        showAcknowledged.subscribe(this::refilter);
        showSilenced.subscribe(this::refilter);
        counts.set(messages.get("alert.counts.no-fleet"));
    }

    public Messages messages() {
        return messages;
    }

    /** Re-evaluates unless the last evaluation is under a second old; returns whether it did. */
    public boolean update(FleetTelemetry telemetry, FleetSummary summary, long nowMillis) {
        if (evaluatedAt != Long.MIN_VALUE && nowMillis - evaluatedAt < MIN_GAP_MILLIS && telemetry.layout() == layout) {
            return false;
        }
        evaluatedAt = nowMillis;
        if (telemetry.layout() != layout) {
            // Indices and descriptions belong to one layout: start the rows afresh.
            layout = telemetry.layout();
            partsByKey.clear();
            byKey.clear();
        }
        List<Alert> alerts = rules.evaluate(telemetry, summary, nowMillis);
        Set<String> raised = new HashSet<>();
        for (Alert alert : alerts) {
            raised.add(alert.key());
            AlertRow row = partsByKey.computeIfAbsent(alert.key(), key -> new AlertRow(messages, layout, alert));
            row.refresh(alert, acknowledgements.isAcknowledged(alert), nowMillis);
        }
        partsByKey.keySet().retainAll(raised);
        acknowledgements.retain(raised);
        List<Incident> incidents = IncidentGrouping.group(alerts);
        List<IncidentRow> ordered = new ArrayList<>(incidents.size());
        Set<String> open = new HashSet<>();
        for (Incident incident : incidents) {
            open.add(incident.key());
            IncidentRow row = byKey.computeIfAbsent(incident.key(), key -> new IncidentRow(messages, layout, incident));
            List<AlertRow> parts = incident.parts().stream()
                    .map(part -> partsByKey.get(part.key()))
                    .toList();
            row.refresh(incident, parts, silences.silenceOf(incident, nowMillis), nowMillis);
            ordered.add(row);
        }
        byKey.keySet().retainAll(open);
        rows.setAll(ordered);
        refilter();
        return true;
    }

    /** Acknowledges every part of the incident: a part that appears later is news again. */
    public void acknowledge(IncidentRow row) {
        for (AlertRow part : row.parts()) {
            acknowledgements.acknowledge(part.alert());
            part.refresh(part.alert(), true, evaluatedAt);
        }
        row.recount();
        refilter();
    }

    /**
     * Silences the incident for {@code duration}; it leaves the list (and the counts) until the
     * silence ends or is lifted, and stays under "show silenced".
     *
     * @throws IllegalArgumentException the reason is blank or the duration not positive
     */
    public void silence(IncidentRow row, Duration duration, String reason) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a silence must last a while, not " + duration);
        }
        silences.silence(row.incident(), duration, reason, evaluatedAt);
        row.refresh(row.incident(), row.parts(), silences.silenceOf(row.incident(), evaluatedAt), evaluatedAt);
        refilter();
    }

    /** Ends the incident's silence now. */
    public void lift(IncidentRow row) {
        silences.lift(row.incident(), evaluatedAt);
        row.refresh(row.incident(), row.parts(), silences.silenceOf(row.incident(), evaluatedAt), evaluatedAt);
        refilter();
    }

    /** Every incident open now, worst and newest first. */
    public ObservableList<IncidentRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }
    /** The incidents the filters let through. */
    public ObservableList<IncidentRow> visibleRows() {
        return visible;
    }
    /** Only incidents with a part of this kind; null for all. */
    public ObjectProperty<AlertKind> kindFilterProperty() {
        return kind;
    }
    /** Only this severity; null for all. */
    public ObjectProperty<AlertSeverity> severityFilterProperty() {
        return severity;
    }

    public BooleanProperty showAcknowledgedProperty() {
        return showAcknowledged;
    }

    /** Silenced incidents are hidden unless this is on; never dropped. */
    public BooleanProperty showSilencedProperty() {
        return showSilenced;
    }
    /** "2 critical · 5 warnings" incidents neither acknowledged nor silenced, or a calm sentence when there are none. */
    public ReadOnlyStringProperty countsProperty() {
        return counts.getReadOnlyProperty();
    }

    /** Incidents of this severity that are neither acknowledged nor silenced. */
    public long unacknowledged(AlertSeverity of) {
        return rows.stream()
                .filter(r -> r.severity() == of && !r.acknowledgedProperty().get() && !r.isSilenced())
                .count();
    }

    /** Incidents silenced now. */
    public long silenced() {
        return rows.stream().filter(IncidentRow::isSilenced).count();
    }

    private void refilter() {
        AlertKind onlyKind = kind.get();
        AlertSeverity onlySeverity = severity.get();
        boolean acknowledgedToo = showAcknowledged.get();
        boolean silencedToo = showSilenced.get();
        visible.setPredicate(row -> (onlyKind == null || row.incident().has(onlyKind))
                && (onlySeverity == null || row.severity() == onlySeverity)
                && (acknowledgedToo || !row.acknowledgedProperty().get())
                && (silencedToo || !row.isSilenced()));
        long critical = unacknowledged(AlertSeverity.CRITICAL);
        long warnings = unacknowledged(AlertSeverity.WARNING);
        long quiet = silenced();
        // No alerts before any GPU reports means nothing was checked, not that all is well.
        boolean noFleet = layout == null || layout.gpuCount() == 0;
        String text = critical + warnings > 0 || !rows.isEmpty()
                ? messages.format("alert.counts", critical, warnings)
                : noFleet ? messages.get("alert.counts.no-fleet") : messages.get("alert.counts.none");
        counts.set(quiet > 0 ? text + messages.format("alert.counts.silenced", quiet) : text);
    }
}
