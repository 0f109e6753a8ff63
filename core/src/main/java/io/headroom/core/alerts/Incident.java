package io.headroom.core.alerts;

import java.util.List;
import java.util.Objects;

/**
 * Alerts that share one cause, told as one thing to fix: a GPU fallen off the bus (its XID 79
 * and "GPU missing"), a hot rack (its inlet and every GPU throttling in it), an agent down.
 *
 * @param scope   what the cause is: a GPU, a node or a rack
 * @param subject the GPU's UUID, the node's hostname or the rack's id: with the scope, the
 *                incident's identity across evaluations and restarts
 * @param cause   the part that says what happened; the others follow from it
 * @param parts   every alert of the incident, the cause first
 */
public record Incident(IncidentScope scope, String subject, Alert cause, List<Alert> parts) {

    public Incident {
        Objects.requireNonNull(scope);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(cause);
        parts = List.copyOf(parts);
        if (parts.isEmpty() || !parts.getFirst().equals(cause)) {
            throw new IllegalArgumentException("an incident lists its cause first: " + parts);
        }
    }

    /** Names the incident, not its occurrence, e.g. {@code RACK:h1-a03}; silences are kept under it. */
    public String key() {
        return scope.name() + ':' + subject;
    }

    /** The worst severity among the parts. */
    public AlertSeverity severity() {
        AlertSeverity worst = AlertSeverity.WARNING;
        for (Alert part : parts) {
            if (part.severity().compareTo(worst) < 0) {
                worst = part.severity();
            }
        }
        return worst;
    }

    /** When the earliest part was first seen. */
    public long firstSeenMillis() {
        long first = Long.MAX_VALUE;
        for (Alert part : parts) {
            first = Math.min(first, part.sinceMillis());
        }
        return first;
    }

    /** How many alerts make it up. */
    public int count() {
        return parts.size();
    }

    /** Whether any part is of this kind. */
    public boolean has(AlertKind kind) {
        for (Alert part : parts) {
            if (part.kind() == kind) {
                return true;
            }
        }
        return false;
    }
}
