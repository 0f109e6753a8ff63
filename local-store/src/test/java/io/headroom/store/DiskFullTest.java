package io.headroom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.outbox.Outbox;
import io.headroom.store.testing.Fleets;
import io.headroom.store.testing.TestClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFullTest {

    @TempDir
    Path profile;

    @AfterEach
    void freeTheDisk() {
        DiskFullFileSystem.full = false;
    }

    @Test
    void aFullDiskIsReportedTheConsoleKeepsRunningAndSavingResumesWhenSpaceReturns() throws Exception {
        DiskFullFileSystem.register();
        TestClock clock = new TestClock(Instant.parse("2026-03-02T08:00:10Z"));
        FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
        FleetTelemetry telemetry = fleet.install(Fleets.of(2, 2, 8));
        var settings = new CacheWriter.Settings(Duration.ofHours(1), Duration.ofHours(1), HistorySettings.DEFAULTS);

        try (LocalStore store =
                LocalStore.open(profile, clock, DiskFullFileSystem.PREFIX).store()) {
            CacheWriter writer = CacheWriter.start(store, fleet, settings, clock);
            Outbox outbox = new Outbox(store);
            AuditLog audit = new AuditLog(store);
            writer.saveNow();
            Fleets.sampleAll(telemetry, clock.millis(), slot -> 50);
            writer.saveNow(); // history counts the samples into this minute
            assertThat(store.health().isOk()).isTrue();

            DiskFullFileSystem.full = true;
            Fleets.sampleAll(telemetry, clock.millis() + 1000, slot -> 60);
            clock.advance(Duration.ofMinutes(1)); // closes the minute: the next save must write to H2
            assertThatThrownBy(writer::saveNow).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(writer::saveNow).isInstanceOf(StoreUnavailableException.class);

            StoreHealth health = store.health();
            assertThat(health.state()).isEqualTo(StoreHealth.State.FAILING);
            assertThat(health.problem()).isEqualTo(StoreHealth.Problem.DISK_FULL);
            assertThat(health.skippedSaves()).isEqualTo(2);
            assertThat(health.describe())
                    .contains("disk full")
                    .contains(profile.toAbsolutePath().toString());
            // The console's own fleet is untouched: it runs from memory.
            assertThat(telemetry.utilizationPct(0)).isEqualTo(60f);
            // An operation cannot be queued, and the caller is told so rather than misled.
            assertThatThrownBy(() -> outbox.enqueue(
                            PendingOperation.create("r0n0", new OperationAction.Drain(), 1, "ana", "fan", clock)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("not queued");
            assertThatThrownBy(() ->
                            audit.append(AuditEntry.of(clock.instant(), "ana", "export", "audit", "", "OK", "", null)))
                    .isInstanceOf(StoreUnavailableException.class);

            DiskFullFileSystem.full = false;
            clock.advance(Duration.ofSeconds(31)); // the store tries to reopen at most every 30 s
            writer.saveNow();
            assertThat(store.health().isOk()).isTrue();
            try (Connection c = store.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM minute_block")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("the minute that could not be written is written now")
                        .isPositive();
            }
            assertThat(outbox.enqueue(PendingOperation.create(
                                    "r0n0", new OperationAction.Drain(), 1, "ana", "fan", clock))
                            .state()
                            .isOpen())
                    .isTrue();
            writer.close();
        }
    }
}
