package io.headroom.store.alerts;

import io.headroom.core.alerts.IncidentSilence;
import io.headroom.store.LocalStore;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Silenced incidents in the profile's store, each silence and each lifting written to the audit
 * log in the same transaction as the row, so the log never tells a different story. A few rows
 * at most; each call is one short transaction. Failures are recorded in the store's health and
 * rethrown.
 */
public final class SilenceLedger {

    /** The audit log's action for a silence. */
    public static final String SILENCE = "silence incident";
    /** The audit log's action for ending a silence early. */
    public static final String LIFT = "lift silence";

    private final LocalStore store;

    public SilenceLedger(LocalStore store) {
        this.store = store;
    }

    /** The silences still running at {@code nowMillis}. */
    public List<IncidentSilence> active(long nowMillis) throws SQLException {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement("""
                SELECT incident_key, until_millis, reason, silenced_by, at_millis FROM incident_silence
                WHERE until_millis > ?""")) {
            s.setLong(1, nowMillis);
            List<IncidentSilence> all = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(new IncidentSilence(
                            rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
                }
            }
            return all;
        } catch (SQLException e) {
            store.recordFailure("reading incident silences", e);
            throw e;
        }
    }

    /** Keeps the silence (replacing any earlier one of its incident) and audits it. */
    public void put(IncidentSilence silence) throws SQLException {
        change(
                "saving an incident silence",
                silence.atMillis(),
                AuditEntry.of(
                        Instant.ofEpochMilli(silence.atMillis()),
                        silence.by(),
                        SILENCE,
                        silence.incidentKey(),
                        silence.reason(),
                        "SILENCED",
                        "until " + Instant.ofEpochMilli(silence.untilMillis()),
                        null),
                c -> {
                    try (PreparedStatement s = c.prepareStatement("""
                            MERGE INTO incident_silence (incident_key, until_millis, reason, silenced_by, at_millis)
                            KEY (incident_key) VALUES (?, ?, ?, ?, ?)""")) {
                        s.setString(1, silence.incidentKey());
                        s.setLong(2, silence.untilMillis());
                        s.setString(3, silence.reason());
                        s.setString(4, silence.by());
                        s.setLong(5, silence.atMillis());
                        s.executeUpdate();
                    }
                });
    }

    /** Ends the incident's silence now and audits it; nothing happens if none is running. */
    public void lift(String incidentKey, String by, long nowMillis) throws SQLException {
        changeIfAny(
                "lifting an incident silence",
                nowMillis,
                AuditEntry.of(Instant.ofEpochMilli(nowMillis), by, LIFT, incidentKey, "", "LIFTED", "", null),
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement("DELETE FROM incident_silence WHERE incident_key = ?")) {
                        s.setString(1, incidentKey);
                        return s.executeUpdate() > 0;
                    }
                });
    }

    private interface Change {
        /** Returns whether there was anything to change (and so to audit). */
        boolean apply(Connection c) throws SQLException;
    }

    private interface Put {
        void apply(Connection c) throws SQLException;
    }

    private void change(String what, long nowMillis, AuditEntry entry, Put put) throws SQLException {
        changeIfAny(what, nowMillis, entry, c -> {
            put.apply(c);
            return true;
        });
    }

    private void changeIfAny(String what, long nowMillis, AuditEntry entry, Change change) throws SQLException {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM incident_silence WHERE until_millis <= ?")) {
                    s.setLong(1, nowMillis);
                    s.executeUpdate();
                }
                if (change.apply(c)) {
                    AuditLog.appendIn(c, entry);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            store.recordSaved();
        } catch (SQLException e) {
            store.recordFailure(what, e);
            throw e;
        }
    }
}
