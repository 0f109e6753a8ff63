package io.headroom.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.audit.ChainVerdict;
import io.headroom.store.LocalStore;
import io.headroom.store.audit.rows.AuditEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's audit log as a hash chain: tampering done behind the console's back, with
 * plain JDBC and the append-only trigger out of the way, is found and named at its record.
 */
class AuditChainTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @TempDir
    Path profile;

    private LocalStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private AuditLog fiveEntries() throws Exception {
        store = LocalStore.open(profile).store();
        var audit = new AuditLog(store);
        for (int i = 1; i <= 5; i++) {
            audit.append(AuditEntry.of(
                    T0.plusSeconds(i),
                    "ana",
                    "drain",
                    "gpu-node-0" + i,
                    "机柜 " + i,
                    "APPLIED",
                    "generation " + i,
                    i == 2 ? null : "key-" + i));
        }
        return audit;
    }

    /** What someone with the database file and a SQL prompt could do: drop the trigger, then edit. */
    private void tamper(String... sql) throws Exception {
        try (Connection c = store.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER audit_log_append_only");
            for (String each : sql) {
                s.execute(each);
            }
        }
    }

    @Test
    void anUntouchedLogVerifies() throws Exception {
        var audit = fiveEntries();
        assertThat(audit.verify())
                .isInstanceOfSatisfying(
                        ChainVerdict.Intact.class,
                        intact -> assertThat(intact.records()).isEqualTo(5));
        assertThat(audit.list(AuditFilter.everything()))
                .extracting(AuditEntry::seq)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aRowChangedBehindTheConsolesBackIsNamed() throws Exception {
        var audit = fiveEntries();
        tamper("UPDATE audit_log SET result = 'REJECTED' WHERE seq = 3");
        assertThat(audit.verify())
                .isEqualTo(new ChainVerdict.Broken(
                        3, "the record was changed after it was written (its content no longer matches its hash)"));
    }

    @Test
    void aDeletedRowIsNamed() throws Exception {
        var audit = fiveEntries();
        tamper("DELETE FROM audit_log WHERE seq = 3");
        assertThat(audit.verify())
                .isEqualTo(new ChainVerdict.Broken(3, "it is missing (record 2 is followed by record 4)"));
    }

    @Test
    void reorderedRowsAreNamed() throws Exception {
        var audit = fiveEntries();
        tamper(
                "UPDATE audit_log SET seq = 100 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = 4",
                "UPDATE audit_log SET seq = 4 WHERE seq = 100");
        assertThat(audit.verify())
                .isInstanceOfSatisfying(
                        ChainVerdict.Broken.class, b -> assertThat(b.record()).isEqualTo(3));
    }

    @Test
    void rowsCutFromTheEndAreNamed() throws Exception {
        var audit = fiveEntries();
        tamper("DELETE FROM audit_log WHERE seq >= 4");
        assertThat(audit.verify()).isInstanceOfSatisfying(ChainVerdict.Broken.class, b -> {
            assertThat(b.record()).isEqualTo(4);
            assertThat(b.problem()).contains("missing from the end");
        });
    }

    @Test
    void appendersOnManyThreadsNeverForkTheChain() throws Exception {
        store = LocalStore.open(profile).store();
        var audit = new AuditLog(store);
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 25; i++) {
                        audit.append(AuditEntry.of(T0, "t" + thread, "drain", "n" + i, "", "APPLIED", "", null));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(audit.verify())
                .isInstanceOfSatisfying(
                        ChainVerdict.Intact.class,
                        intact -> assertThat(intact.records()).isEqualTo(100));
    }

    @Test
    void entriesWrittenBeforeTheChainExistedAreChainedWhenTheStoreIsUpgraded() throws Exception {
        // A profile as the previous version left it: schema 4, audit rows without hashes, a gap in seq.
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + profile.toAbsolutePath().resolve(LocalStore.DATABASE_NAME));
        dataSource.setUser("sa");
        dataSource.setPassword("");
        Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:io/headroom/store/migration")
                .target("4")
                .load()
                .migrate();
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                INSERT INTO audit_log (seq, at_millis, actor, action, target, reason, result, detail, operation_key)
                VALUES (?, ?, 'ana', 'drain', ?, 'old', 'APPLIED', '', NULL)""")) {
            for (long seq : new long[] {1, 2, 4}) {
                insert.setLong(1, seq);
                insert.setLong(2, T0.toEpochMilli() + seq);
                insert.setString(3, "n" + seq);
                insert.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        store = LocalStore.open(profile).store();
        var audit = new AuditLog(store);
        assertThat(audit.verify())
                .isInstanceOfSatisfying(
                        ChainVerdict.Intact.class,
                        intact -> assertThat(intact.records()).isEqualTo(3));
        AuditEntry next =
                audit.append(AuditEntry.of(T0.plusSeconds(60), "bo", "resume", "n4", "new", "APPLIED", "", null));
        assertThat(next.seq()).isEqualTo(5);
        assertThat(audit.verify())
                .isInstanceOfSatisfying(
                        ChainVerdict.Intact.class,
                        intact -> assertThat(intact.records()).isEqualTo(4));
        try (Connection c = store.connect();
                Statement s = c.createStatement()) {
            // The trigger is back after the migration lifted it.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
                    .hasMessageContaining("append-only");
        }
    }
}
