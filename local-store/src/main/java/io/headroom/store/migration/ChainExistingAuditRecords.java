package io.headroom.store.migration;

import io.headroom.core.audit.AuditChain;
import io.headroom.store.audit.rows.AuditEntry;
import io.headroom.store.audit.rows.AuditRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 6: chains the audit records written before records carried hashes, oldest
 * first, as if each had been appended with its hash, and starts the chain's head. The
 * append-only trigger is lifted for this one migration only (it refuses every UPDATE) and put
 * back before the transaction commits.
 */
public final class ChainExistingAuditRecords implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("6");
    }

    @Override
    public String getDescription() {
        return "chain existing audit records";
    }

    @Override
    public Integer getChecksum() {
        return 6;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS audit_log_append_only");
        }
        long lastSeq = 0;
        String lastHash = AuditChain.GENESIS;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(AuditRows.SELECT + " ORDER BY seq");
                PreparedStatement update =
                        c.prepareStatement("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")) {
            while (rs.next()) {
                AuditEntry entry = AuditRows.entry(rs);
                String hash = AuditChain.link(lastHash, AuditRows.chainFields(entry));
                update.setString(1, lastHash);
                update.setString(2, hash);
                update.setLong(3, entry.seq());
                update.executeUpdate();
                lastSeq = entry.seq();
                lastHash = hash;
            }
        }
        try (Statement s = c.createStatement();
                PreparedStatement head =
                        c.prepareStatement("INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, ?, ?)")) {
            head.setLong(1, lastSeq);
            head.setString(2, lastHash);
            head.executeUpdate();
            s.execute("ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL");
            s.execute("ALTER TABLE audit_log ALTER COLUMN hash SET NOT NULL");
            s.execute("""
                    CREATE TRIGGER audit_log_append_only BEFORE UPDATE, DELETE ON audit_log
                        FOR EACH ROW CALL 'io.headroom.store.audit.AppendOnlyTrigger'""");
        }
    }
}
