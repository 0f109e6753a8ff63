package io.headroom.views.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertSeverity;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/** One line of the alert table: an incident, or one of its parts under it. */
public sealed interface AlertsLine permits IncidentRow, AlertRow {

    AlertSeverity severity();

    String severityText();

    /** What happened: the kind of the alert, or of the incident's cause. */
    String kindText();

    /** The GPU ("gpu-h1-a03-n5 GPU 3"), node or rack ("Rack H1-A03") it is about. */
    String where();

    ReadOnlyStringProperty detailProperty();

    /** How long it has lasted: "4 min". */
    ReadOnlyStringProperty ageProperty();

    ReadOnlyBooleanProperty acknowledgedProperty();

    /** How many alerts an incident has; empty for a part. */
    String partsText();

    /** "3 h more: CRAC repair" while an incident is silenced; empty otherwise and for a part. */
    ReadOnlyStringProperty silenceProperty();

    /** The alert whose node or rack a jump goes to. */
    Alert jumpTarget();
}
