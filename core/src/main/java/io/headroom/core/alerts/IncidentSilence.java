package io.headroom.core.alerts;

import java.util.Objects;

/**
 * An incident an operator has put out of sight for a while, with the reason: "rack H1-A03 under
 * maintenance until 14:00". A silenced incident is still listed under its filter; it no longer
 * counts as news nor reaches the on-call.
 *
 * @param incidentKey the incident's {@link Incident#key()}
 * @param untilMillis when the silence ends
 * @param reason      why, as the operator typed it; never blank
 * @param by          who silenced it
 * @param atMillis    when
 */
public record IncidentSilence(String incidentKey, long untilMillis, String reason, String by, long atMillis) {

    public IncidentSilence {
        Objects.requireNonNull(incidentKey);
        Objects.requireNonNull(by);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a silence needs a reason (" + incidentKey + ")");
        }
        if (untilMillis <= atMillis) {
            throw new IllegalArgumentException("a silence must end after it starts (" + incidentKey + ")");
        }
        reason = reason.strip();
    }

    public boolean activeAt(long nowMillis) {
        return nowMillis < untilMillis;
    }
}
