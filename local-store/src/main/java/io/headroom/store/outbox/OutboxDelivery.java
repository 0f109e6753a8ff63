package io.headroom.store.outbox;

import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.LocalStore;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sending side of the outbox, for the {@link OutboxReplayer}: which operations are due,
 * and their moves QUEUED -> SENDING -> answered, each committed before the next step.
 */
final class OutboxDelivery {

    private static final String OPEN = "state IN ('QUEUED', 'SENDING')";

    private final Outbox outbox;
    private final LocalStore store;

    OutboxDelivery(Outbox outbox) {
        this.outbox = outbox;
        this.store = outbox.store();
    }

    /** The first open operation of each node whose next attempt is due; later ones wait for it. */
    List<QueuedOperation> dueHeads(Instant now) throws SQLException {
        List<QueuedOperation> due = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (QueuedOperation q : outbox.open()) {
            if (seen.add(q.operation().hostname()) && !q.nextAttemptAt().isAfter(now)) {
                due.add(q);
            }
        }
        return due;
    }

    /** When the earliest waiting head of a node falls due, if any operation is open. */
    Optional<Instant> nextAttempt() throws SQLException {
        Set<String> seen = new HashSet<>();
        Instant earliest = null;
        for (QueuedOperation q : outbox.open()) {
            if (seen.add(q.operation().hostname())
                    && (earliest == null || q.nextAttemptAt().isBefore(earliest))) {
                earliest = q.nextAttemptAt();
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** Committed before the send: a crash from here on means "maybe sent", and it is sent again with its key. */
    void markSending(QueuedOperation q) throws SQLException {
        update(q, "UPDATE outbox SET state = 'SENDING', attempts = attempts + 1 WHERE seq = ? AND " + OPEN);
    }

    void postpone(QueuedOperation q, Instant nextAttempt, String error) throws SQLException {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE outbox SET state = 'QUEUED', next_attempt_at = ?, last_error = ? WHERE seq = ? AND "
                                + OPEN)) {
            s.setLong(1, nextAttempt.toEpochMilli());
            s.setString(2, error.length() > 2000 ? error.substring(0, 2000) : error);
            s.setLong(3, q.seq());
            s.executeUpdate();
        }
    }

    /** Every operation waiting out a backoff is due at {@code now}: the agents may be back. */
    void bringForward(Instant now) throws SQLException {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE outbox SET next_attempt_at = ? WHERE state = 'QUEUED' AND next_attempt_at > ?")) {
            s.setLong(1, now.toEpochMilli());
            s.setLong(2, now.toEpochMilli());
            s.executeUpdate();
        }
    }

    /** Records the agent's answer and its audit entry in one transaction. */
    QueuedOperation recordOutcome(QueuedOperation q, OperationOutcome outcome, Instant now) throws SQLException {
        OutboxState state = switch (outcome.status()) {
            case APPLIED, IN_PROGRESS, PLANNED -> OutboxState.DELIVERED;
            case CONFLICT -> OutboxState.CONFLICT;
            case REJECTED -> OutboxState.REJECTED;
        };
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE outbox SET state = ?, outcome_status = ?, outcome_message = ?, outcome_generation = ?,
                                      outcome_plan = ?, replayed = ?, finished_at = ?, last_error = NULL
                    WHERE seq = ? AND state IN ('QUEUED', 'SENDING')""")) {
                s.setString(1, state.name());
                s.setString(2, outcome.status().name());
                s.setString(3, outcome.message());
                s.setLong(4, outcome.generation());
                s.setString(5, String.join("\n", outcome.plan()));
                s.setBoolean(6, outcome.replayed());
                s.setLong(7, now.toEpochMilli());
                s.setLong(8, q.seq());
                if (s.executeUpdate() == 0) {
                    c.rollback();
                    return Outbox.find(c, q.key()).orElseThrow();
                }
            }
            PendingOperation op = q.operation();
            AuditLog.appendIn(
                    c,
                    AuditEntry.of(
                            now,
                            op.requester(),
                            op.action().describe(),
                            op.hostname(),
                            op.reason(),
                            outcome.status().name(),
                            outcome.message() + (outcome.replayed() ? " (answer replayed by the agent)" : "")
                                    + " generation " + outcome.generation(),
                            op.idempotencyKey()));
            c.commit();
            return Outbox.find(c, q.key()).orElseThrow();
        }
    }

    private void update(QueuedOperation q, String sql) throws SQLException {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, q.seq());
            s.executeUpdate();
        }
    }
}
