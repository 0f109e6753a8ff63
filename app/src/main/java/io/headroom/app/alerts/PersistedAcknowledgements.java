package io.headroom.app.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertAcknowledgements;
import io.headroom.store.alerts.AcknowledgementLedger;
import io.headroom.store.alerts.StoredAcknowledgement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgements kept in the profile's store, so a restarted console does not raise what
 * the operator has already seen. Answers from memory on the FX thread; writes go to the store
 * on a thread of their own, in order.
 *
 * <p>An acknowledgement covers one occurrence of a condition, identified in a session by when
 * the console first saw it. A restarted console sees every standing condition afresh, with a
 * new "since", so an acknowledgement carried over from an earlier session covers its alert
 * once more whatever its "since", and is then tied to the occurrence it covers now. A
 * carried-over acknowledgement whose alert is not raised is forgotten only after a grace
 * period from start ({@link #GRACE}), time enough for the agents to report; otherwise a
 * console starting before its agents answer would forget everything.
 */
public final class PersistedAcknowledgements implements AlertAcknowledgements, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PersistedAcknowledgements.class);
    public static final Duration GRACE = Duration.ofMinutes(10);

    private record Held(long sinceMillis, boolean carriedOver) {}

    private final AcknowledgementLedger ledger;
    private final String operator;
    private final InstantSource clock;
    private final long startedMillis;
    private final Map<String, Held> held = new HashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("alert-acknowledgements").factory());

    /** Reads what earlier sessions acknowledged; call off the FX thread (it reads the store). */
    public static PersistedAcknowledgements load(AcknowledgementLedger ledger, String operator, InstantSource clock) {
        PersistedAcknowledgements acknowledgements = new PersistedAcknowledgements(ledger, operator, clock);
        try {
            for (StoredAcknowledgement stored : ledger.all()) {
                acknowledgements.held.put(stored.key(), new Held(stored.sinceMillis(), true));
            }
            log.info("{} alert acknowledgements carried over from earlier sessions", acknowledgements.held.size());
        } catch (SQLException e) {
            log.warn("could not read earlier alert acknowledgements ({}); starting without them", e.getMessage());
        }
        return acknowledgements;
    }

    private PersistedAcknowledgements(AcknowledgementLedger ledger, String operator, InstantSource clock) {
        this.ledger = ledger;
        this.operator = operator;
        this.clock = clock;
        this.startedMillis = clock.millis();
    }

    @Override
    public boolean isAcknowledged(Alert alert) {
        Held h = held.get(alert.key());
        if (h == null) {
            return false;
        }
        if (h.sinceMillis() == alert.sinceMillis()) {
            return true;
        }
        if (h.carriedOver()) {
            // The same standing condition, seen afresh by this session: the acknowledgement now covers this occurrence.
            bind(alert.key(), alert.sinceMillis(), false);
            return true;
        }
        return false;
    }

    @Override
    public void acknowledge(Alert alert) {
        bind(alert.key(), alert.sinceMillis(), true);
    }

    @Override
    public void retain(Set<String> raisedKeys) {
        boolean graceOver = clock.millis() - startedMillis >= GRACE.toMillis();
        List<String> cleared = held.entrySet().stream()
                .filter(e -> !raisedKeys.contains(e.getKey()) && (!e.getValue().carriedOver() || graceOver))
                .map(Map.Entry::getKey)
                .toList();
        if (cleared.isEmpty()) {
            return;
        }
        cleared.forEach(held::remove);
        write(() -> ledger.remove(cleared));
    }

    private void bind(String key, long since, boolean byOperatorNow) {
        Held previous = held.put(key, new Held(since, false));
        long now = clock.millis();
        if (previous == null || previous.sinceMillis() != since || byOperatorNow) {
            write(() -> ledger.put(new StoredAcknowledgement(key, since, operator, now)));
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
                // The store's health already says so in the status bar; the session keeps the acknowledgement.
                log.warn("an alert acknowledgement was not saved: {}", e.getMessage());
            }
        });
    }

    /** Finishes the writes queued so far. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("alert acknowledgements still being written at close; the last ones may be lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
