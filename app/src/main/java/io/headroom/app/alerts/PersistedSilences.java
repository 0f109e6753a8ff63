package io.headroom.app.alerts;

import io.headroom.core.alerts.Incident;
import io.headroom.core.alerts.IncidentSilence;
import io.headroom.core.alerts.IncidentSilences;
import io.headroom.store.alerts.SilenceLedger;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silenced incidents kept in the profile's store and written to its audit log, so a restarted
 * console keeps them quiet until they end and the log says who silenced what and why. Answers
 * from memory on the FX thread; writes go to the store on a thread of their own, in order.
 */
public final class PersistedSilences implements IncidentSilences, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PersistedSilences.class);

    private final SilenceLedger ledger;
    private final String operator;
    private final Map<String, IncidentSilence> byKey = new HashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("incident-silences").factory());

    /** Reads the silences still running; call off the FX thread (it reads the store). */
    public static PersistedSilences load(SilenceLedger ledger, String operator, long nowMillis) {
        PersistedSilences silences = new PersistedSilences(ledger, operator);
        try {
            for (IncidentSilence silence : ledger.active(nowMillis)) {
                silences.byKey.put(silence.incidentKey(), silence);
            }
            log.info("{} incident silences carried over from earlier sessions", silences.byKey.size());
        } catch (SQLException e) {
            log.warn("could not read earlier incident silences ({}); starting without them", e.getMessage());
        }
        return silences;
    }

    private PersistedSilences(SilenceLedger ledger, String operator) {
        this.ledger = ledger;
        this.operator = operator;
    }

    @Override
    public Optional<IncidentSilence> silenceOf(Incident incident, long nowMillis) {
        IncidentSilence silence = byKey.get(incident.key());
        if (silence != null && !silence.activeAt(nowMillis)) {
            byKey.remove(incident.key()); // the row goes with the store's next change
            return Optional.empty();
        }
        return Optional.ofNullable(silence);
    }

    @Override
    public IncidentSilence silence(Incident incident, Duration duration, String reason, long nowMillis) {
        IncidentSilence silence =
                new IncidentSilence(incident.key(), nowMillis + duration.toMillis(), reason, operator, nowMillis);
        byKey.put(incident.key(), silence);
        write(() -> ledger.put(silence));
        return silence;
    }

    @Override
    public void lift(Incident incident, long nowMillis) {
        if (byKey.remove(incident.key()) != null) {
            write(() -> ledger.lift(incident.key(), operator, nowMillis));
        }
    }

    private interface Write {
        void run() throws SQLException;
    }

    private void write(Write write) {
        writer.execute(() -> {
            try {
                write.run();
            } catch (SQLException e) {
                // The store's health already says so in the status bar; the session keeps the silence.
                log.warn("an incident silence was not saved nor audited: {}", e.getMessage());
            }
        });
    }

    /** Finishes the writes queued so far. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("incident silences still being written at close; the last ones may be lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
