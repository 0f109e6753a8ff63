package io.headroom.store.outbox;

import io.headroom.core.operation.PendingOperation;
import io.headroom.store.LocalStore;
import io.headroom.store.StoreUnavailableException;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.api.ErrorCode;

/**
 * Operations waiting for their agents. {@link #enqueue} returns only once the operation is
 * committed and synced to disk, so a dialog may close on its return; every change of state
 * is written together with its audit entry. The {@link OutboxReplayer} does the sending.
 *
 * <p>Thread safe: each call is its own transaction.
 */
public final class Outbox {

    private static final String OPEN = "state IN ('QUEUED', 'SENDING')";

    private final LocalStore store;
    private final List<Runnable> enqueueListeners = new CopyOnWriteArrayList<>();

    public Outbox(LocalStore store) {
        this.store = store;
    }

    LocalStore store() {
        return store;
    }

    /** Called after each enqueue commits (the replayer wakes up on it). */
    public void onEnqueued(Runnable listener) {
        enqueueListeners.add(listener);
    }

    /**
     * Queues {@code operation} durably. Enqueuing a key that is already there changes
     * nothing and returns the existing entry, so a double-clicked OK queues once.
     *
     * @throws StoreUnavailableException it could not be saved: the dialog must stay open and say so
     */
    public QueuedOperation enqueue(PendingOperation operation) throws StoreUnavailableException {
        try (Connection c = store.connect()) {
            Optional<QueuedOperation> existing = find(c, operation.idempotencyKey());
            if (existing.isPresent()) {
                return existing.get();
            }
            c.setAutoCommit(false);
            try {
                insertIn(c, operation);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (e.getErrorCode() != ErrorCode.DUPLICATE_KEY_1) {
                    throw e;
                }
                // Another thread queued the same key between our look and our insert.
                return find(c, operation.idempotencyKey()).orElseThrow(() -> e);
            }
            return committed(c, operation.idempotencyKey());
        } catch (SQLException e) {
            store.recordFailure("queuing an operation", e);
            throw new StoreUnavailableException(
                    "The operation was not queued (" + e.getMessage() + "); nothing will be sent. "
                            + store.health().describe(),
                    e);
        }
    }

    private static void insertIn(Connection c, PendingOperation operation) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(OutboxRows.INSERT)) {
            OutboxRows.bindInsert(insert, operation);
            insert.executeUpdate();
        }
        AuditLog.appendIn(
                c,
                AuditEntry.of(
                        operation.createdAt(),
                        operation.requester(),
                        operation.action().describe(),
                        operation.hostname(),
                        operation.reason(),
                        "QUEUED",
                        "expects generation " + operation.expectedGeneration(),
                        operation.idempotencyKey()));
    }

    /** After a commit that queued {@code key}: sync, tell the listeners, and return the entry. */
    private QueuedOperation committed(Connection c, String key) throws SQLException {
        try (Statement s = c.createStatement()) {
            // The commit is in the operating system's hands; this puts it on the disk, so a
            // power cut after the dialog closed cannot lose the operation either.
            s.execute("CHECKPOINT SYNC");
        }
        QueuedOperation queued = find(c, key).orElseThrow();
        store.recordSaved();
        enqueueListeners.forEach(Runnable::run);
        return queued;
    }

    public Optional<QueuedOperation> find(String key) throws SQLException {
        try (Connection c = store.connect()) {
            return find(c, key);
        }
    }

    static Optional<QueuedOperation> find(Connection c, String key) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + OutboxRows.COLUMNS + " FROM outbox WHERE idempotency_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(OutboxRows.read(rs)) : Optional.empty();
            }
        }
    }

    /** Operations still to be sent, in the order they will be. */
    public List<QueuedOperation> open() throws SQLException {
        return select("WHERE " + OPEN + " ORDER BY seq");
    }

    /** Conflicts and rejections an operator has not dealt with, oldest first. */
    public List<QueuedOperation> needingAttention() throws SQLException {
        return select("WHERE state IN ('CONFLICT', 'REJECTED') ORDER BY seq");
    }

    /** The newest {@code limit} operations in any state, newest first. */
    public List<QueuedOperation> recent(int limit) throws SQLException {
        return select("ORDER BY seq DESC FETCH FIRST " + Math.max(0, limit) + " ROWS ONLY");
    }

    List<QueuedOperation> select(String rest) throws SQLException {
        try (Connection c = store.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + OutboxRows.COLUMNS + " FROM outbox " + rest)) {
            return OutboxRows.readAll(rs);
        }
    }

    /** An operator closes a conflict or rejection without retrying it. */
    public void dismiss(String key, String by, String why) throws StoreUnavailableException {
        resolve(key, by, why, OutboxState.DISMISSED, "dismissed");
    }

    /**
     * An operator retries a conflict against the node's current generation: the old entry
     * becomes RETRIED and a new operation, with a new key (the agent keeps its answer to the
     * old one), is queued.
     */
    public QueuedOperation retry(String key, long currentGeneration, String by) throws StoreUnavailableException {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            QueuedOperation old = waitingForOperator(c, key);
            PendingOperation op = old.operation();
            PendingOperation again = PendingOperation.create(
                    op.hostname(), op.action(), currentGeneration, by, op.reason(), store.clock());
            // Both in one transaction: a crash between them must not leave a retry that queued nothing.
            resolveIn(
                    c,
                    old,
                    by,
                    op.reason(),
                    OutboxState.RETRIED,
                    again.idempotencyKey(),
                    "retried as " + again.idempotencyKey() + " expecting generation " + currentGeneration);
            insertIn(c, again);
            c.commit();
            return committed(c, again.idempotencyKey());
        } catch (SQLException e) {
            store.recordFailure("retrying an operation", e);
            throw new StoreUnavailableException("the retry was not queued: " + e.getMessage(), e);
        }
    }

    private void resolve(String key, String by, String why, OutboxState state, String detail)
            throws StoreUnavailableException {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            resolveIn(c, waitingForOperator(c, key), by, why, state, null, detail);
            c.commit();
        } catch (SQLException e) {
            store.recordFailure("updating the outbox", e);
            throw new StoreUnavailableException("the outbox could not be updated: " + e.getMessage(), e);
        }
    }

    private static QueuedOperation waitingForOperator(Connection c, String key) throws SQLException {
        QueuedOperation q =
                find(c, key).orElseThrow(() -> new IllegalArgumentException("no operation with key " + key));
        if (!q.state().needsOperator()) {
            throw new IllegalStateException("operation " + key + " is " + q.state() + ", not waiting for an operator");
        }
        return q;
    }

    private void resolveIn(
            Connection c, QueuedOperation q, String by, String why, OutboxState state, String retriedAs, String detail)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE outbox SET state = ?, resolved_by = ?, retried_as = ? WHERE seq = ?")) {
            s.setString(1, state.name());
            s.setString(2, by);
            s.setString(3, retriedAs);
            s.setLong(4, q.seq());
            s.executeUpdate();
        }
        AuditLog.appendIn(
                c,
                AuditEntry.of(
                        store.clock().instant(),
                        by,
                        q.operation().action().describe(),
                        q.operation().hostname(),
                        why,
                        state.name(),
                        detail,
                        q.key()));
    }
}
