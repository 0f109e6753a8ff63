package io.headroom.views.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertAcknowledgements;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.FleetSummary;
import io.headroom.views.Messages;
import java.util.Comparator;
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
 * The alert list: evaluated at most once a second (a table that changes faster cannot be
 * read), filtered by kind, severity and whether acknowledged, worst and newest first. Rows
 * are kept per condition so that a selection survives refreshes. javafx.base only: tested
 * without a toolkit.
 */
public final class AlertsViewModel {

    static final long MIN_GAP_MILLIS = 1000;

    private static final Comparator<AlertRow> ORDER = Comparator.comparing(
                    (AlertRow row) -> row.alert().severity())
            .thenComparingLong(row -> -row.alert().sinceMillis())
            .thenComparing(AlertRow::where);

    private final Messages messages;
    private final AlertAcknowledgements acknowledgements;
    private final AlertRules rules;
    private final ObservableList<AlertRow> rows = FXCollections.observableArrayList();
    private final FilteredList<AlertRow> visible = new FilteredList<>(rows);
    private final ObjectProperty<AlertKind> kind = new SimpleObjectProperty<>();
    private final ObjectProperty<AlertSeverity> severity = new SimpleObjectProperty<>();
    private final BooleanProperty showAcknowledged = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper();
    private final Map<String, AlertRow> byKey = new HashMap<>();
    private FleetLayout layout;
    private long evaluatedAt = Long.MIN_VALUE;

    public AlertsViewModel(Messages messages, AlertAcknowledgements acknowledgements, IdleThresholds thresholds) {
        this.messages = messages;
        this.rules = new AlertRules(thresholds);
        this.acknowledgements = acknowledgements;
        kind.subscribe(this::refilter);
        severity.subscribe(this::refilter);
        showAcknowledged.subscribe(this::refilter);
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
            byKey.clear();
        }
        List<Alert> alerts = rules.evaluate(telemetry, summary, nowMillis);
        Set<String> raised = new HashSet<>();
        for (Alert alert : alerts) {
            raised.add(alert.key());
            AlertRow row = byKey.computeIfAbsent(alert.key(), key -> new AlertRow(messages, layout, alert));
            row.refresh(alert, acknowledgements.isAcknowledged(alert), nowMillis);
        }
        byKey.keySet().retainAll(raised);
        acknowledgements.retain(raised);
        rows.setAll(byKey.values().stream().sorted(ORDER).toList());
        refilter();
        return true;
    }

    public void acknowledge(AlertRow row) {
        acknowledgements.acknowledge(row.alert());
        row.refresh(row.alert(), true, evaluatedAt);
        refilter();
    }

    /** Every alert raised now, worst and newest first. */
    public ObservableList<AlertRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }
    /** The rows the filters let through. */
    public ObservableList<AlertRow> visibleRows() {
        return visible;
    }
    /** Only this kind; null for all. */
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
    /** "2 critical · 5 warnings" not yet acknowledged, or a calm sentence when there are none. */
    public ReadOnlyStringProperty countsProperty() {
        return counts.getReadOnlyProperty();
    }

    public long unacknowledged(AlertSeverity of) {
        return rows.stream()
                .filter(r ->
                        r.alert().severity() == of && !r.acknowledgedProperty().get())
                .count();
    }

    private void refilter() {
        AlertKind onlyKind = kind.get();
        AlertSeverity onlySeverity = severity.get();
        boolean acknowledgedToo = showAcknowledged.get();
        visible.setPredicate(row -> (onlyKind == null || row.alert().kind() == onlyKind)
                && (onlySeverity == null || row.alert().severity() == onlySeverity)
                && (acknowledgedToo || !row.acknowledgedProperty().get()));
        long critical = unacknowledged(AlertSeverity.CRITICAL);
        long warnings = unacknowledged(AlertSeverity.WARNING);
        // No alerts before any GPU reports means nothing was checked, not that all is well.
        boolean noFleet = layout == null || layout.gpuCount() == 0;
        counts.set(
                critical + warnings > 0
                        ? messages.format("alert.counts", critical, warnings)
                        : noFleet ? messages.get("alert.counts.no-fleet") : messages.get("alert.counts.none"));
    }
}
