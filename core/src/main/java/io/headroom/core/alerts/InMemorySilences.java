package io.headroom.core.alerts;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Silences for this session only, forgotten once they end. */
public final class InMemorySilences implements IncidentSilences {

    private final String operator;
    private final Map<String, IncidentSilence> byKey = new HashMap<>();

    /** @param operator who silences, as the audit log would name them */
    public InMemorySilences(String operator) {
        this.operator = operator;
    }

    @Override
    public Optional<IncidentSilence> silenceOf(Incident incident, long nowMillis) {
        IncidentSilence silence = byKey.get(incident.key());
        if (silence != null && !silence.activeAt(nowMillis)) {
            byKey.remove(incident.key());
            return Optional.empty();
        }
        return Optional.ofNullable(silence);
    }

    @Override
    public IncidentSilence silence(Incident incident, Duration duration, String reason, long nowMillis) {
        IncidentSilence silence =
                new IncidentSilence(incident.key(), nowMillis + duration.toMillis(), reason, operator, nowMillis);
        byKey.put(incident.key(), silence);
        return silence;
    }

    @Override
    public void lift(Incident incident, long nowMillis) {
        byKey.remove(incident.key());
    }
}
