package io.headroom.core.alerts;

import java.time.Duration;
import java.util.Optional;

/**
 * Which incidents are silenced, until when and why. The console backs this with its store (kept
 * across restarts and written to the audit log); {@link InMemorySilences} keeps them for the
 * session. Called on the FX thread.
 */
public interface IncidentSilences {

    /** The silence covering the incident at {@code nowMillis}, if any. */
    Optional<IncidentSilence> silenceOf(Incident incident, long nowMillis);

    /**
     * Silences the incident for {@code duration} from {@code nowMillis}.
     *
     * @throws IllegalArgumentException the reason is blank or the duration not positive
     */
    IncidentSilence silence(Incident incident, Duration duration, String reason, long nowMillis);

    /** Ends the incident's silence now, if it has one. */
    void lift(Incident incident, long nowMillis);
}
