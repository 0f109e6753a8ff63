package io.headroom.views.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.views.Messages;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One alert as the table shows it, as a part of its incident. A row lives as long as its
 * condition: each evaluation hands it the fresh alert, so the table keeps its selection and
 * scroll position while the figures in it move.
 */
public final class AlertRow implements AlertsLine {

    private static final ReadOnlyStringProperty NO_SILENCE = new ReadOnlyStringWrapper("").getReadOnlyProperty();

    private final Messages messages;
    private final String where;
    private Alert alert;
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper age = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper acknowledged = new ReadOnlyBooleanWrapper();

    AlertRow(Messages messages, FleetLayout layout, Alert alert) {
        this.messages = messages;
        this.where = where(messages, layout, alert);
        this.alert = alert;
    }

    void refresh(Alert latest, boolean isAcknowledged, long nowMillis) {
        alert = latest;
        detail.set(detailText(messages, latest));
        age.set(messages.age(nowMillis - latest.sinceMillis()));
        acknowledged.set(isAcknowledged);
    }

    public Alert alert() {
        return alert;
    }

    @Override
    public AlertSeverity severity() {
        return alert.severity();
    }

    @Override
    public String partsText() {
        return "";
    }

    @Override
    public ReadOnlyStringProperty silenceProperty() {
        return NO_SILENCE;
    }

    @Override
    public Alert jumpTarget() {
        return alert;
    }

    @Override
    public String severityText() {
        return messages.get(alert.severity().nameKey());
    }

    @Override
    public String kindText() {
        return messages.get(alert.kind().nameKey());
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

    static String where(Messages messages, FleetLayout layout, Alert alert) {
        if (alert.slot() != FleetLayout.NONE) {
            return layout.describe(alert.slot());
        }
        if (alert.kind().aboutRack()) {
            return messages.format("alert.where.rack", alert.subject());
        }
        return alert.subject();
    }

    static String detailText(Messages messages, Alert alert) {
        if (alert.kind() == AlertKind.CRITICAL_XID) {
            int xid = (Integer) alert.args().getFirst();
            String meaning = messages.get("xid." + xid);
            return messages.format(
                    alert.messageKey(), xid, meaning.startsWith("!") ? messages.get("xid.critical") : meaning);
        }
        return messages.format(alert.messageKey(), alert.args().toArray());
    }
}
