package io.headroom.store.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.HistoryTier;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.testing.Fleets;
import io.headroom.store.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History from an agent lands where the console's own rollups go, with the same maths: an hour
 * the console saw itself and the same hour as an agent reports it read alike.
 */
class StoreHistoryArchiveTest {

    private static final HistorySettings SETTINGS =
            new HistorySettings(Duration.ofHours(1), Duration.ofDays(90), Duration.ofDays(730), ZoneOffset.UTC);
    private static final Instant EIGHT = Instant.parse("2026-03-02T08:00:00Z");
    private static final long HOUR_8 = EIGHT.getEpochSecond() / 3600;

    @TempDir
    Path profile;

    private final TestClock clock = new TestClock(EIGHT);
    private LocalStore store;
    private CacheWriter writer;
    private FleetTelemetry telemetry;
    private List<String> r0;
    private List<String> r1;
    private StoreHistoryArchive archive;

    @BeforeEach
    void start() throws Exception {
        store = LocalStore.open(profile).store();
        FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
        var inventory = Fleets.of(2, 2, 4);
        telemetry = fleet.install(inventory);
        r0 = new ArrayList<>();
        r1 = new ArrayList<>();
        inventory
                .nodes()
                .forEach(n -> n.accelerators().forEach(a -> (n.rackId().equals("r0") ? r0 : r1).add(a.uuid())));
        writer = CacheWriter.start(
                store, fleet, new CacheWriter.Settings(Duration.ofHours(1), Duration.ofHours(1), SETTINGS), clock);
        writer.saveNow();
        archive = new StoreHistoryArchive(store, SETTINGS);
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        store.close();
    }

    /** The console itself watches 08:00-09:00: rack r0 idle at 0 %, rack r1 at work at 80 %. */
    private void consoleWatchesHourEight() throws Exception {
        while (clock.instant().isBefore(EIGHT.plusSeconds(3660))) {
            Fleets.sampleAll(telemetry, clock.millis(), slot -> slot < 8 ? 0 : 80);
            writer.saveNow();
            clock.advance(Duration.ofSeconds(30));
        }
        writer.saveNow();
    }

    /** The same hour as an agent reports it: r0 free idle, r1 busy at 80 %. */
    private List<AcceleratorPeriod> agentHour() {
        List<AcceleratorPeriod> rows = new ArrayList<>();
        r0.forEach(u -> rows.add(new AcceleratorPeriod(u, 0, 0, 3600, 0, 0, 0, 0, 0f, 100f, 40f)));
        r1.forEach(u -> rows.add(new AcceleratorPeriod(u, 3600, 0, 0, 0, 0, 0, 0, 80f, 500f, 70f)));
        return rows;
    }

    @Test
    void anAgentsHourReadsAsTheConsolesOwn() throws Exception {
        consoleWatchesHourEight();
        archive.write("agent-a", HistoryTier.HOUR, HOUR_8 - 3, agentHour());
        var queries = new RollupQueries(store, ZoneOffset.UTC);
        List<IdleCell> own = queries.idleByHour(GroupBy.RACK, EIGHT, EIGHT.plusSeconds(3600));
        List<IdleCell> filled =
                queries.idleByHour(GroupBy.RACK, EIGHT.minusSeconds(3 * 3600), EIGHT.minusSeconds(2 * 3600));
        assertThat(filled).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(filled.get(i).group()).isEqualTo(own.get(i).group());
            assertThat(filled.get(i).idleFraction()).isEqualTo(own.get(i).idleFraction());
            assertThat(filled.get(i).accelerators()).isEqualTo(own.get(i).accelerators());
            assertThat(filled.get(i).coveredMinutes()).isEqualTo(own.get(i).coveredMinutes());
            assertThat(filled.get(i).utilizationPct()).isCloseTo(own.get(i).utilizationPct(), within(0.5));
        }
    }

    @Test
    void writingAPeriodTwiceCountsItOnce() throws Exception {
        archive.write("agent-a", HistoryTier.HOUR, HOUR_8 - 5, agentHour());
        archive.write("agent-a", HistoryTier.HOUR, HOUR_8 - 5, agentHour());
        var cells = new RollupQueries(store, ZoneOffset.UTC)
                .idleByHour(GroupBy.HALL, EIGHT.minusSeconds(5 * 3600), EIGHT.minusSeconds(4 * 3600));
        assertThat(cells).singleElement().satisfies(c -> {
            assertThat(c.accelerators()).isEqualTo(16);
            assertThat(c.coveredMinutes()).isEqualTo(16 * 60);
            assertThat(c.idleFraction()).isEqualTo(0.5);
        });
    }

    @Test
    void onlyWhatIsLackingIsMissing() throws Exception {
        consoleWatchesHourEight();
        archive.write("agent-a", HistoryTier.HOUR, HOUR_8 - 2, agentHour());
        archive.write("agent-a", HistoryTier.HOUR, HOUR_8 - 1, List.of()); // the agent had nothing: asked, answered
        assertThat(archive.missing("agent-a", HistoryTier.HOUR, HOUR_8 - 4, HOUR_8 + 1))
                .containsExactly(HOUR_8 - 4, HOUR_8 - 3);
        // Another agent has given nothing, but hours the store holds whole (kept by the console, or
        // filled by the first agent) are not asked again; the hour with nothing in it is.
        assertThat(archive.missing("agent-b", HistoryTier.HOUR, HOUR_8 - 2, HOUR_8 + 1))
                .containsExactly(HOUR_8 - 1);
    }

    @Test
    void timeNobodyKeptIsNotIdle() throws Exception {
        List<AcceleratorPeriod> rows = new ArrayList<>();
        r0.forEach(u -> rows.add(new AcceleratorPeriod(u, 0, 0, 0, 0, 0, 0, 3600, Float.NaN, Float.NaN, Float.NaN)));
        r1.forEach(u -> rows.add(new AcceleratorPeriod(u, 0, 0, 1800, 0, 0, 0, 1800, 0f, 100f, 40f)));
        archive.write("agent-a", HistoryTier.HOUR, HOUR_8 - 6, rows);
        var cells = new RollupQueries(store, ZoneOffset.UTC)
                .idleByHour(GroupBy.RACK, EIGHT.minusSeconds(6 * 3600), EIGHT.minusSeconds(5 * 3600));
        assertThat(cells).singleElement().satisfies(c -> {
            assertThat(c.group()).isEqualTo("r1");
            assertThat(c.coveredMinutes()).isEqualTo(8 * 30);
            assertThat(c.idleFraction()).isEqualTo(1.0);
        });
    }

    @Test
    void filledHoursAreRolledUpIntoTheirDay() throws Exception {
        long firstHour = LocalDate.parse("2026-02-20").toEpochDay() * 24;
        for (long h = firstHour; h < firstHour + 24; h++) {
            archive.write("agent-a", HistoryTier.HOUR, h, agentHour());
        }
        archive.settle("agent-a", HistoryTier.HOUR, firstHour, firstHour + 24);
        var days = new RollupQueries(store, ZoneOffset.UTC)
                .idleByDay(GroupBy.HALL, LocalDate.parse("2026-02-20"), LocalDate.parse("2026-02-21"));
        assertThat(days).singleElement().satisfies(c -> {
            assertThat(c.coveredMinutes()).isEqualTo(16 * 24 * 60);
            assertThat(c.idleFraction()).isEqualTo(0.5);
        });
    }

    @Test
    void beforeTheInventoryIsStoredNothingIsWrittenOrRecorded() throws Exception {
        int unknown = archive.write(
                "agent-a",
                HistoryTier.HOUR,
                HOUR_8 - 7,
                List.of(new AcceleratorPeriod("GPU-nobody", 3600, 0, 0, 0, 0, 0, 0, 90f, 600f, 70f)));
        assertThat(unknown).isEqualTo(1);
        assertThat(archive.missing("agent-a", HistoryTier.HOUR, HOUR_8 - 7, HOUR_8 - 6))
                .containsExactly(HOUR_8 - 7);
    }
}
