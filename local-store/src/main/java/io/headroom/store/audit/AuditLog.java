package io.headroom.store.audit;

import io.headroom.store.LocalStore;
import io.headroom.store.StoreUnavailableException;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every operation and its outcome, append only (a trigger refuses UPDATE and DELETE), in
 * the order they happened. The outbox writes its entries in the same transaction as the
 * state change they describe, so the log never tells a different story from the outbox.
 */
public final class AuditLog {

    /** The CSV export's columns, in order. */
    public static final List<String> COLUMNS = List.of("seq", "time_utc", "actor", "action", "target", "reason",
            "result", "detail", "operation_key");

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
            AuditEntry appended = appendIn(c, entry);
            store.recordSaved();
            return appended;
        } catch (SQLException e) {
            store.recordFailure("appending to the audit log", e);
            throw new StoreUnavailableException("the audit entry was not saved: " + e.getMessage(), e);
        }
    }

    /** Appends within the caller's transaction, for features that record a change and its entry together. */
    public static AuditEntry appendIn(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO audit_log (at_millis, actor, action, target, reason, result, detail, operation_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, entry.at().toEpochMilli());
            insert.setString(2, entry.actor());
            insert.setString(3, entry.action());
            insert.setString(4, entry.target());
            insert.setString(5, entry.reason());
            insert.setString(6, entry.result());
            insert.setString(7, entry.detail());
            insert.setString(8, entry.operationKey().orElse(null));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new AuditEntry(keys.getLong(1), entry.at(), entry.actor(), entry.action(), entry.target(),
                        entry.reason(), entry.result(), entry.detail(), entry.operationKey());
            }
        }
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
            csv.record(Long.toString(e.seq()), e.at().toString(), e.actor(), e.action(), e.target(), e.reason(),
                    e.result(), e.detail(), e.operationKey().orElse(""));
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
        try (Connection c = store.connect(); PreparedStatement s = c.prepareStatement(sql.toString())) {
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
                    AuditEntry entry = new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            Optional.ofNullable(rs.getString(9)));
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
