package io.headroom.store.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.testing.Fleets;
import io.headroom.store.testing.TestClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real cache writer through hours of a small fleet on a hand-moved clock:
 * rack r0 (pool train, tenant acme) idles unallocated at 0 %, rack r1 (infer, globex)
 * works at 80 %.
 */
class HistoryTest {

    private static final HistorySettings SETTINGS =
            new HistorySettings(Duration.ofHours(1), Duration.ofDays(90), Duration.ofDays(730), ZoneOffset.UTC);

    @TempDir
    Path profile;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T08:00:00Z"));
    private LocalStore store;
    private CacheWriter writer;
    private FleetTelemetry telemetry;

    @BeforeEach
    void start() throws Exception {
        store = LocalStore.open(profile).store();
        FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
        telemetry = fleet.install(Fleets.of(2, 2, 4));
        writer = CacheWriter.start(
                store, fleet, new CacheWriter.Settings(Duration.ofHours(1), Duration.ofHours(1), SETTINGS), clock);
        // The writer's first look runs at once on its own thread; let it happen before a test
        // moves the clock, or it may look at a time the test did not mean.
        writer.saveNow();
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        store.close();
    }

    /** A sample every 30 s and a save after each, until {@code end}. */
    private void runUntil(Instant end) throws Exception {
        int gpusPerRack = 8;
        while (clock.instant().isBefore(end)) {
            Fleets.sampleAll(telemetry, clock.millis(), slot -> slot < gpusPerRack ? 0 : 80);
            writer.saveNow();
            clock.advance(Duration.ofSeconds(30));
        }
        writer.saveNow();
    }

    @Test
    void closedHoursAreRolledUpPerRackPoolTenantAndHall() throws Exception {
        runUntil(Instant.parse("2026-03-02T10:01:00Z"));
        RollupQueries queries = new RollupQueries(store, ZoneOffset.UTC);
        Instant from = Instant.parse("2026-03-02T08:00:00Z");
        Instant to = Instant.parse("2026-03-02T10:00:00Z");

        List<IdleCell> racks = queries.idleByHour(GroupBy.RACK, from, to);
        assertThat(racks).extracting(IdleCell::group).containsExactly("r0", "r0", "r1", "r1");
        assertThat(racks)
                .extracting(IdleCell::start)
                .containsExactly(from, from.plusSeconds(3600), from, from.plusSeconds(3600));
        IdleCell idleRack = racks.get(1);
        assertThat(idleRack.idleFraction()).isEqualTo(1.0);
        assertThat(idleRack.heldIdleFraction()).isZero();
        assertThat(idleRack.utilizationPct()).isZero();
        assertThat(idleRack.accelerators()).isEqualTo(8);
        assertThat(idleRack.coveredMinutes()).isEqualTo(8 * 60);
        assertThat(idleRack.powerW()).isCloseTo(8 * 100, within(1.0));
        IdleCell busyRack = racks.get(3);
        assertThat(busyRack.idleFraction()).isZero();
        assertThat(busyRack.utilizationPct()).isCloseTo(80, within(0.5));
        assertThat(busyRack.powerW()).isCloseTo(8 * 500, within(1.0));
        assertThat(busyRack.maxTempC()).isEqualTo(70);

        assertThat(queries.idleByHour(GroupBy.POOL, from, to))
                .extracting(IdleCell::group, IdleCell::idleFraction)
                .containsExactly(tuple("infer", 0.0), tuple("infer", 0.0), tuple("train", 1.0), tuple("train", 1.0));
        assertThat(queries.idleByHour(GroupBy.TENANT, from, to))
                .extracting(IdleCell::group)
                .containsOnly("acme", "globex");
        assertThat(queries.idleByHour(GroupBy.HALL, from, to))
                .extracting(IdleCell::group, IdleCell::idleFraction)
                .containsExactly(tuple("h1", 0.5), tuple("h1", 0.5));
    }

    @Test
    void rollingAnHourUpAgainChangesNothing() throws Exception {
        runUntil(Instant.parse("2026-03-02T09:01:00Z"));
        RollupQueries queries = new RollupQueries(store, ZoneOffset.UTC);
        Instant from = Instant.parse("2026-03-02T08:00:00Z");
        List<IdleCell> before = queries.idleByHour(GroupBy.RACK, from, from.plusSeconds(3600));
        try (Connection c = store.connect()) {
            // As after a crash between the rollup's commit and anything else.
            new HistoryRollups(SETTINGS).rollUp(c, RollupTier.HOUR, (int) (from.getEpochSecond() / 3600));
        }
        assertThat(queries.idleByHour(GroupBy.RACK, from, from.plusSeconds(3600)))
                .isEqualTo(before)
                .hasSize(2);
    }

    @Test
    void daysAreRolledUpFromTheirHoursAndOldMinutesAreForgottenOnceRolledUp() throws Exception {
        clock.set(Instant.parse("2026-03-02T22:30:00Z"));
        runUntil(Instant.parse("2026-03-03T01:02:00Z"));
        RollupQueries queries = new RollupQueries(store, ZoneOffset.UTC);

        List<IdleCell> days =
                queries.idleByDay(GroupBy.RACK, LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-04"));
        assertThat(days).extracting(IdleCell::group).containsExactly("r0", "r1");
        assertThat(days.get(0).start()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(days.get(0).idleFraction()).isEqualTo(1.0);
        assertThat(days.get(0).coveredMinutes()).isEqualTo(8 * 90);
        assertThat(days.get(1).utilizationPct()).isCloseTo(80, within(0.5));

        try (Connection c = store.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MIN(period) FROM minute_block")) {
            rs.next();
            long oldestMinute = rs.getLong(1);
            // Minutes are kept one hour: the last retention ran just after 01:00, when hour 00 closed.
            assertThat(oldestMinute)
                    .isEqualTo(Instant.parse("2026-03-03T00:00:00Z").getEpochSecond() / 60);
        }
        assertThat(queries.idleByHour(
                        GroupBy.RACK, Instant.parse("2026-03-02T22:00:00Z"), Instant.parse("2026-03-03T01:00:00Z")))
                .hasSize(6);
    }
}
