package io.headroom.store.audit.heads;

import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.AuditHeadKeeper;
import io.headroom.core.audit.SignedHead;
import io.headroom.store.LocalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Each agent's trusted audit head in the profile's store, so that it outlives the console; the
 * latest readings (trusted or not) in memory, for the operations page. One short transaction
 * per reading that moves a head on. Failures are recorded in the store's health and thrown as
 * {@link IllegalStateException} naming what could not be done.
 */
public final class KeptAuditHeads implements AuditHeadKeeper {

    private final LocalStore store;
    private final Map<String, AgentAuditState> latest = new ConcurrentSkipListMap<>();

    public KeptAuditHeads(LocalStore store) {
        this.store = store;
    }

    @Override
    public Optional<SignedHead> kept(String agent) {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT record, hash, signature, public_key, seen_millis FROM agent_audit_head WHERE agent = ?")) {
            s.setString(1, agent);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SignedHead(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBytes(4),
                        Instant.ofEpochMilli(rs.getLong(5))));
            }
        } catch (SQLException e) {
            store.recordFailure("reading the audit head kept for " + agent, e);
            throw new IllegalStateException(
                    "the audit head kept for " + agent + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(AgentAuditState state) {
        AgentAuditState before = latest.put(state.agent(), state);
        SignedHead kept = state.kept();
        if (kept == null || !state.verdict().trusted() || sameHead(before, kept)) {
            return;
        }
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement("""
                MERGE INTO agent_audit_head (agent, record, hash, signature, public_key, seen_millis)
                KEY (agent) VALUES (?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, state.agent());
            s.setLong(2, kept.record());
            s.setString(3, kept.hash());
            s.setString(4, kept.signature());
            s.setBytes(5, kept.publicKey());
            s.setLong(6, kept.seenAt().toEpochMilli());
            s.executeUpdate();
            store.recordSaved();
        } catch (SQLException e) {
            store.recordFailure("keeping the audit head of " + state.agent(), e);
            throw new IllegalStateException(
                    "the audit head of " + state.agent() + " cannot be kept: " + e.getMessage(), e);
        }
    }

    @Override
    public void forget(String agent) {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement("DELETE FROM agent_audit_head WHERE agent = ?")) {
            s.setString(1, agent);
            s.executeUpdate();
            store.recordSaved();
        } catch (SQLException e) {
            store.recordFailure("forgetting the audit head kept for " + agent, e);
            throw new IllegalStateException(
                    "the audit head kept for " + agent + " cannot be forgotten: " + e.getMessage(), e);
        }
        latest.remove(agent);
    }

    /** Whether the head was kept already (a reading that found the trail unchanged writes nothing). */
    private static boolean sameHead(AgentAuditState before, SignedHead kept) {
        return before != null
                && before.kept() != null
                && before.verdict().trusted()
                && before.kept().record() == kept.record()
                && before.kept().hash().equals(kept.hash());
    }

    @Override
    public List<AgentAuditState> states() {
        return List.copyOf(latest.values());
    }
}
