package io.headroom.store.audit.rows;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How an audit entry is read from its row, and which of its fields its hash covers, in which order. */
public final class AuditRows {
    private AuditRows() {}

    public static final String SELECT = """
            SELECT seq, at_millis, actor, action, target, reason, result, detail, operation_key, prev_hash, hash
            FROM audit_log""";

    public static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getLong(1),
                Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                Optional.ofNullable(rs.getString(9)));
    }

    /** The fields the hash covers: every column but the hashes, the number first, an absent key as absent. */
    public static List<String> chainFields(AuditEntry e) {
        return Arrays.asList(
                Long.toString(e.seq()),
                Long.toString(e.at().toEpochMilli()),
                e.actor(),
                e.action(),
                e.target(),
                e.reason(),
                e.result(),
                e.detail(),
                e.operationKey().orElse(null));
    }
}
