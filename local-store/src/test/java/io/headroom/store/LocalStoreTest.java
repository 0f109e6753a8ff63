package io.headroom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {

    @TempDir
    Path profile;

    @Test
    void aNewProfileGetsASchemaAndKeepsItsIdentityAcrossRestarts() throws Exception {
        UUID first;
        try (LocalStore store = LocalStore.open(profile).store()) {
            first = store.storeId();
            assertThat(store.health().isOk()).isTrue();
            try (Connection c = store.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\" WHERE \"success\" AND \"type\" IN ('SQL', 'JDBC')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(SchemaMigration.LATEST_VERSION);
            }
        }
        assertThat(Files.exists(profile.resolve("headroom.mv.db"))).isTrue();
        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThat(store.storeId()).isEqualTo(first);
        }
    }

    @Test
    void aSecondConsoleInTheSameProcessIsToldTheProfileIsInUse() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThatThrownBy(() -> LocalStore.open(profile))
                    .isInstanceOf(ProfileInUseException.class)
                    .hasMessageContaining(profile.toAbsolutePath().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(store.health().isOk()).isTrue();
        }
        // Released on close: the next console gets it.
        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThat(store.health().isOk()).isTrue();
        }
    }

    @Test
    void aSecondConsoleProcessIsToldWhichProcessHoldsTheProfile() throws Exception {
        try (ChildJvm holder = ChildJvm.ofClass(HoldProfile.class)
                .jvmOptions(ChildJvm.QUICK_START)
                .classPathWithout("logback")
                .stderrTo(profile.resolveSibling(profile.getFileName() + ".err"))
                .args(profile.toString())
                .start()) {
            holder.awaitLine("open", Duration.ofSeconds(30));
            assertThatThrownBy(() -> LocalStore.open(profile))
                    .isInstanceOf(ProfileInUseException.class)
                    .hasMessageContaining("in use by another Headroom console")
                    .hasMessageContaining("pid " + holder.pid());
            holder.kill();
        }
        // kill -9 leaves no stale lock behind.
        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThat(store.health().isOk()).isTrue();
        }
    }

    @Test
    void theShortcutPastFlywayKnowsTheNewestScript() throws Exception {
        Path scripts = Path.of(
                LocalStore.class.getResource("/io/headroom/store/migration").toURI());
        int newest;
        try (var files = Files.list(scripts)) {
            newest = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max()
                    .orElseThrow();
        }
        for (var migration : SchemaMigration.JAVA_MIGRATIONS) {
            newest = Math.max(newest, Integer.parseInt(migration.getVersion().getVersion()));
        }
        assertThat(SchemaMigration.LATEST_VERSION).isEqualTo(newest);
    }

    @Test
    void anInMemoryStoreWorksButSaysNothingSurvives() {
        try (LocalStore store = LocalStore.inMemory("no space in /home")) {
            assertThat(store.directory()).isEmpty();
            assertThat(store.health().state()).isEqualTo(StoreHealth.State.IN_MEMORY);
            assertThat(store.health().describe()).contains("no space in /home");
        }
    }
}
