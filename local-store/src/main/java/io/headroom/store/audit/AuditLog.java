package io.headroom.store.audit;

import io.headroom.core.audit.AuditChain;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.core.audit.ChainVerifier;
import io.headroom.core.audit.ChainedRecord;
import io.headroom.store.LocalStore;
import io.headroom.store.StoreUnavailableException;
import io.headroom.store.audit.rows.AuditEntry;
import io.headroom.store.audit.rows.AuditRows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every operation and its outcome, append only (a trigger refuses UPDATE and DELETE), in
 * the order they happened. The outbox writes its entries in the same transaction as the
 * state change they describe, so the log never tells a different story from the outbox.
 */
public final class AuditLog {

    /** The CSV export's columns, in order. */
    public static final List<String> COLUMNS =
            List.of("seq", "time_utc", "actor", "action", "target", "reason", "result", "detail", "operation_key");

    private final LocalStore store;

    public AuditLog(LocalStore store) {
        this.store = store;
    }

    /**
     * Appends and commits one entry.
     *
     * @throws StoreUnavailableException it could not be written (the health says why); the
     *                                   caller decides whether what it records may go ahead
     */
    public AuditEntry append(AuditEntry entry) throws StoreUnavailableException {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false); // the chain's head stays locked until the entry is in
            AuditEntry appended;
            try {
                appended = appendIn(c, entry);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            store.recordSaved();
            return appended;
        } catch (SQLException e) {
            store.recordFailure("appending to the audit log", e);
            throw new StoreUnavailableException("the audit entry was not saved: " + e.getMessage(), e);
        }
    }

    /**
     * Appends within the caller's transaction, for features that record a change and its entry
     * together. The entry is numbered and chained to the newest one under a lock on the chain's
     * head, held until the caller commits, so concurrent appenders never fork the chain.
     */
    public static AuditEntry appendIn(Connection connection, AuditEntry entry) throws SQLException {
        long lastSeq;
        String lastHash;
        try (Statement s = connection.createStatement();
                ResultSet head =
                        s.executeQuery("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
            if (!head.next()) {
                throw new SQLException("the audit log has no chain head; the store's schema is incomplete");
            }
            lastSeq = head.getLong(1);
            lastHash = head.getString(2);
        }
        AuditEntry numbered = new AuditEntry(
                lastSeq + 1,
                entry.at(),
                entry.actor(),
                entry.action(),
                entry.target(),
                entry.reason(),
                entry.result(),
                entry.detail(),
                entry.operationKey());
        String hash = AuditChain.link(lastHash, AuditRows.chainFields(numbered));
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO audit_log (seq, at_millis, actor, action, target, reason, result, detail, operation_key,
                                       prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, numbered.seq());
            insert.setLong(2, entry.at().toEpochMilli());
            insert.setString(3, entry.actor());
            insert.setString(4, entry.action());
            insert.setString(5, entry.target());
            insert.setString(6, entry.reason());
            insert.setString(7, entry.result());
            insert.setString(8, entry.detail());
            insert.setString(9, entry.operationKey().orElse(null));
            insert.setString(10, lastHash);
            insert.setString(11, hash);
            insert.executeUpdate();
        }
        try (PreparedStatement head =
                connection.prepareStatement("UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            head.setLong(1, numbered.seq());
            head.setString(2, hash);
            head.executeUpdate();
        }
        return numbered;
    }

    /**
     * Checks the whole log: every entry hashes to what was written with it and links to the
     * one before, and the newest is the one the chain's head names. Reads in one pass; run it
     * off the FX thread.
     */
    public ChainVerdict verify() throws SQLException {
        var verifier = new ChainVerifier();
        try (Connection c = store.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(AuditRows.SELECT + " ORDER BY seq")) {
                while (rs.next()) {
                    AuditEntry entry = AuditRows.entry(rs);
                    if (!verifier.accept(new ChainedRecord(
                            entry.seq(), AuditRows.chainFields(entry), rs.getString(10), rs.getString(11)))) {
                        return verifier.verdict();
                    }
                }
            }
            try (ResultSet head = s.executeQuery("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1")) {
                if (!head.next()) {
                    ChainVerdict sofar = verifier.verdict();
                    long next = sofar instanceof ChainVerdict.Intact intact ? intact.records() + 1 : 1;
                    return new ChainVerdict.Broken(next, "the chain's head (where the log says it ends) was removed");
                }
                verifier.expectEnd(head.getLong(1), head.getString(2));
            }
        }
        return verifier.verdict();
    }

    /** Entries matching {@code filter}, oldest first; with a limit, the newest that many. */
    public List<AuditEntry> list(AuditFilter filter) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        this.<RuntimeException>forEach(filter, entries::add);
        return entries;
    }

    /**
     * Writes the matching entries as CSV (RFC 4180, header first, CRLF line ends) and
     * returns how many. The writer decides the encoding; use UTF-8.
     */
    public int exportCsv(AuditFilter filter, Writer out) throws SQLException, IOException {
        CsvWriter csv = new CsvWriter(out);
        csv.record(COLUMNS.toArray(String[]::new));
        int[] count = {0};
        this.<IOException>forEach(filter, e -> {
            csv.record(
                    Long.toString(e.seq()),
                    e.at().toString(),
                    e.actor(),
                    e.action(),
                    e.target(),
                    e.reason(),
                    e.result(),
                    e.detail(),
                    e.operationKey().orElse(""));
            count[0]++;
        });
        out.flush();
        return count[0];
    }

    /**
     * Exports to a file in UTF-8 with a byte-order mark, which spreadsheet programs need to
     * show Chinese text in a CSV correctly.
     */
    public int exportCsv(AuditFilter filter, Path file) throws SQLException, IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write('\uFEFF');
            return exportCsv(filter, out);
        }
    }

    private interface EntrySink<E extends Exception> {
        void accept(AuditEntry entry) throws E;
    }

    private <E extends Exception> void forEach(AuditFilter filter, EntrySink<E> sink) throws SQLException, E {
        StringBuilder sql = new StringBuilder("""
                SELECT seq, at_millis, actor, action, target, reason, result, detail, operation_key
                FROM audit_log WHERE at_millis >= ? AND at_millis < ?""");
        filter.actor().ifPresent(a -> sql.append(" AND actor = ?"));
        filter.target().ifPresent(t -> sql.append(" AND target = ?"));
        boolean limited = filter.limit() != Integer.MAX_VALUE;
        // With a limit, take the newest entries, then give them back oldest first.
        sql.append(limited ? " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY" : " ORDER BY seq");
        List<AuditEntry> newestFirst = new ArrayList<>();
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setLong(i++, filter.from().toEpochMilli());
            s.setLong(i++, filter.to().toEpochMilli());
            if (filter.actor().isPresent()) {
                s.setString(i++, filter.actor().get());
            }
            if (filter.target().isPresent()) {
                s.setString(i++, filter.target().get());
            }
            if (limited) {
                s.setInt(i, filter.limit());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    AuditEntry entry = AuditRows.entry(rs);
                    if (limited) {
                        newestFirst.add(entry);
                    } else {
                        sink.accept(entry);
                    }
                }
            }
        }
        for (int k = newestFirst.size() - 1; k >= 0; k--) {
            sink.accept(newestFirst.get(k));
        }
    }
}
