package io.headroom.views.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.alerts.Incident;
import io.headroom.core.alerts.IncidentSilence;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.views.Messages;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One incident as the table shows it: its cause's kind and detail, where, how many parts, for
 * how long, whether acknowledged (every part is) and silenced. Lives as long as the incident,
 * refreshed each evaluation, so the table keeps its selection and what is expanded.
 */
public final class IncidentRow implements AlertsLine {

    private final Messages messages;
    private final String where;
    private Incident incident;
    private List<AlertRow> parts = List.of();
    private Optional<IncidentSilence> silenced = Optional.empty();
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper age = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper silence = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper acknowledged = new ReadOnlyBooleanWrapper();

    IncidentRow(Messages messages, FleetLayout layout, Incident incident) {
        this.messages = messages;
        this.where = AlertRow.where(messages, layout, incident.cause());
        this.incident = incident;
    }

    void refresh(Incident latest, List<AlertRow> partRows, Optional<IncidentSilence> silenceNow, long nowMillis) {
        incident = latest;
        parts = List.copyOf(partRows);
        silenced = silenceNow;
        detail.set(AlertRow.detailText(messages, latest.cause()));
        age.set(messages.age(nowMillis - latest.firstSeenMillis()));
        silence.set(silenceNow
                .map(s -> messages.format("incident.silenced", messages.age(s.untilMillis() - nowMillis), s.reason()))
                .orElse(""));
        acknowledged.set(
                partRows.stream().allMatch(part -> part.acknowledgedProperty().get()));
    }

    /** After an acknowledgement, without waiting for the next evaluation. */
    void recount() {
        acknowledged.set(
                parts.stream().allMatch(part -> part.acknowledgedProperty().get()));
    }

    public Incident incident() {
        return incident;
    }

    /** Its alerts, the cause first. */
    public List<AlertRow> parts() {
        return parts;
    }

    public Optional<IncidentSilence> silence() {
        return silenced;
    }

    public boolean isSilenced() {
        return silenced.isPresent();
    }

    @Override
    public AlertSeverity severity() {
        return incident.severity();
    }

    @Override
    public String severityText() {
        return messages.get(incident.severity().nameKey());
    }

    @Override
    public String kindText() {
        return messages.get(incident.cause().kind().nameKey());
    }

    @Override
    public String where() {
        return where;
    }

    @Override
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyStringProperty ageProperty() {
        return age.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty acknowledgedProperty() {
        return acknowledged.getReadOnlyProperty();
    }

    @Override
    public String partsText() {
        return messages.integer(incident.count());
    }

    @Override
    public ReadOnlyStringProperty silenceProperty() {
        return silence.getReadOnlyProperty();
    }

    @Override
    public Alert jumpTarget() {
        return incident.cause();
    }
}
