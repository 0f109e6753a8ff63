package io.headroom.store.alerts;

import io.headroom.store.LocalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Acknowledged alerts in the profile's store: read whole at start, written one by one as
 * operators acknowledge and as conditions clear. A few hundred rows at most; each call is
 * one short transaction. Failures are recorded in the store's health and rethrown.
 */
public final class AcknowledgementLedger {

    private final LocalStore store;

    public AcknowledgementLedger(LocalStore store) {
        this.store = store;
    }

    public List<StoredAcknowledgement> all() throws SQLException {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT alert_key, since_millis, acknowledged_by, at_millis FROM alert_acknowledgement")) {
            List<StoredAcknowledgement> all = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(new StoredAcknowledgement(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return all;
        } catch (SQLException e) {
            store.recordFailure("reading alert acknowledgements", e);
            throw e;
        }
    }

    /** Keeps (or replaces) the acknowledgement of its key. */
    public void put(StoredAcknowledgement acknowledgement) throws SQLException {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement("""
                MERGE INTO alert_acknowledgement (alert_key, since_millis, acknowledged_by, at_millis)
                KEY (alert_key) VALUES (?, ?, ?, ?)""")) {
            s.setString(1, acknowledgement.key());
            s.setLong(2, acknowledgement.sinceMillis());
            s.setString(3, acknowledgement.by());
            s.setLong(4, acknowledgement.atMillis());
            s.executeUpdate();
            store.recordSaved();
        } catch (SQLException e) {
            store.recordFailure("saving an alert acknowledgement", e);
            throw e;
        }
    }

    /** Forgets the acknowledgements of these keys (their conditions cleared). */
    public void remove(Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement("DELETE FROM alert_acknowledgement WHERE alert_key = ?")) {
            c.setAutoCommit(false);
            for (String key : keys) {
                s.setString(1, key);
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
            store.recordSaved();
        } catch (SQLException e) {
            store.recordFailure("forgetting alert acknowledgements", e);
            throw e;
        }
    }
}
