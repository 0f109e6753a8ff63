package io.headroom.store.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.GroupKind;
import io.headroom.core.history.GroupPeriod;
import io.headroom.core.history.HistoryArchive;
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
 * Hours that come as group rows (hall, rack, pool, tenant) rather than per GPU: they read as the
 * same hour sent per GPU would, several sources' rows of one group add up, a source sending an
 * hour again counts once, an hour cut off part-way leaves nothing behind, and time nobody knew is
 * never idle.
 */
class GroupHourArchiveTest {

    private static final HistorySettings SETTINGS =
            new HistorySettings(Duration.ofHours(1), Duration.ofDays(90), Duration.ofDays(730), ZoneOffset.UTC);
    private static final Instant EIGHT = Instant.parse("2026-03-02T08:00:00Z");
    private static final long HOUR_8 = EIGHT.getEpochSecond() / 3600;

    @TempDir
    Path profile;

    private final TestClock clock = new TestClock(EIGHT);
    private LocalStore store;
    private CacheWriter writer;
    private final List<String> r0 = new ArrayList<>();
    private final List<String> r1 = new ArrayList<>();
    private StoreHistoryArchive archive;
    private RollupQueries queries;

    @BeforeEach
    void start() throws Exception {
        store = LocalStore.open(profile).store();
        FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
        var inventory = Fleets.of(2, 2, 4); // r0: pool train, tenant acme; r1: pool infer, tenant globex; hall h1
        fleet.install(inventory);
        inventory
                .nodes()
                .forEach(n -> n.accelerators().forEach(a -> (n.rackId().equals("r0") ? r0 : r1).add(a.uuid())));
        writer = CacheWriter.start(
                store, fleet, new CacheWriter.Settings(Duration.ofHours(1), Duration.ofHours(1), SETTINGS), clock);
        writer.saveNow();
        archive = new StoreHistoryArchive(store, SETTINGS);
        queries = new RollupQueries(store, ZoneOffset.UTC);
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        store.close();
    }

    /** r0's 8 GPUs free idle, r1's 8 busy at 80 %, per GPU. */
    private List<AcceleratorPeriod> perGpuHour() {
        List<AcceleratorPeriod> rows = new ArrayList<>();
        r0.forEach(u -> rows.add(new AcceleratorPeriod(u, 0, 0, 3600, 0, 0, 0, 0, 0f, 100f, 40f)));
        r1.forEach(u -> rows.add(new AcceleratorPeriod(u, 3600, 0, 0, 0, 0, 0, 0, 80f, 500f, 70f)));
        return rows;
    }

    private static GroupPeriod row(GroupKind kind, String key, int gpus, long busy, long free, float util) {
        return new GroupPeriod(
                kind, key, gpus, busy, 0, free, 0, 0, 0, 0, util, busy > 0 ? 500f : 100f, busy > 0 ? 70f : 40f);
    }

    /** The same hour as an agent's grouped answer: what GetHistory's groupings sum from the rows above. */
    private static List<GroupPeriod> groupedHour() {
        return List.of(
                new GroupPeriod(GroupKind.HALL, "h1", 16, 8 * 3600, 0, 8 * 3600, 0, 0, 0, 0, 40f, 300f, 70f),
                row(GroupKind.RACK, "r0", 8, 0, 8 * 3600, 0f),
                row(GroupKind.RACK, "r1", 8, 8 * 3600, 0, 80f),
                row(GroupKind.POOL, "train", 8, 0, 8 * 3600, 0f),
                row(GroupKind.POOL, "infer", 8, 8 * 3600, 0, 80f),
                row(GroupKind.TENANT, "acme", 8, 0, 8 * 3600, 0f),
                row(GroupKind.TENANT, "globex", 8, 8 * 3600, 0, 80f));
    }

    private List<IdleCell> cells(GroupBy by, long hour) throws Exception {
        return queries.idleByHour(by, Instant.ofEpochSecond(hour * 3600), Instant.ofEpochSecond((hour + 1) * 3600));
    }

    @Test
    void aGroupedHourReadsAsTheSameHourSentPerGpu() throws Exception {
        archive.write("agent-a", HistoryTier.HOUR, HOUR_8 - 3, perGpuHour());
        assertThat(archive.writeGroups("agent-b", HOUR_8 - 4, groupedHour())).isZero();
        for (GroupBy by : GroupBy.values()) {
            List<IdleCell> perGpu = cells(by, HOUR_8 - 3);
            List<IdleCell> grouped = cells(by, HOUR_8 - 4);
            assertThat(grouped).as(by.name()).hasSameSizeAs(perGpu).isNotEmpty();
            for (int i = 0; i < perGpu.size(); i++) {
                IdleCell a = perGpu.get(i);
                IdleCell b = grouped.get(i);
                assertThat(b.group()).isEqualTo(a.group());
                assertThat(b.accelerators()).isEqualTo(a.accelerators());
                assertThat(b.coveredMinutes()).isEqualTo(a.coveredMinutes());
                assertThat(b.idleFraction()).isCloseTo(a.idleFraction(), within(1e-6));
                assertThat(b.heldIdleFraction()).isCloseTo(a.heldIdleFraction(), within(1e-6));
                assertThat(b.utilizationPct()).isCloseTo(a.utilizationPct(), within(0.01));
                assertThat(b.powerW()).isCloseTo(a.powerW(), within(0.5));
                assertThat(b.maxTempC()).isEqualTo(a.maxTempC());
            }
        }
    }

    @Test
    void rowsOfOneGroupFromTwoSourcesAddUpAndASourceSendingAgainCountsOnce() throws Exception {
        // Rack r1 stands behind two relays: 5 of its GPUs answer through one, 3 through the other.
        long hour = HOUR_8 - 2;
        archive.writeGroups(
                "relay-a",
                hour,
                List.of(new GroupPeriod(GroupKind.RACK, "r1", 5, 5 * 3600, 0, 0, 0, 0, 0, 0, 90f, 600f, 71f)));
        archive.writeGroups(
                "relay-b",
                hour,
                List.of(new GroupPeriod(GroupKind.RACK, "r1", 3, 0, 3600, 2 * 3600, 0, 0, 0, 0, 10f, 100f, 45f)));
        IdleCell r1 = cells(GroupBy.RACK, hour).getFirst();
        assertThat(r1.accelerators()).isEqualTo(8);
        assertThat(r1.coveredMinutes()).isEqualTo(8 * 60);
        assertThat(r1.idleFraction()).isCloseTo(3.0 / 8, within(1e-6));
        assertThat(r1.heldIdleFraction()).isCloseTo(1.0 / 8, within(1e-6));
        assertThat(r1.utilizationPct()).isCloseTo((5 * 90 + 3 * 10) / 8f, within(0.01));
        assertThat(r1.powerW()).isCloseTo(5 * 600 + 3 * 100, within(0.5));
        assertThat(r1.maxTempC()).isEqualTo(71f);

        // relay-b sends the hour again (a resumed backfill), now with its 3 GPUs all busy: its part is replaced.
        archive.writeGroups(
                "relay-b",
                hour,
                List.of(new GroupPeriod(GroupKind.RACK, "r1", 3, 3 * 3600, 0, 0, 0, 0, 0, 0, 70f, 400f, 60f)));
        IdleCell again = cells(GroupBy.RACK, hour).getFirst();
        assertThat(again.accelerators()).isEqualTo(8);
        assertThat(again.coveredMinutes()).isEqualTo(8 * 60);
        assertThat(again.idleFraction()).isZero();
        assertThat(archive.missing("relay-b", HistoryTier.GROUP_HOUR, hour - 1, hour + 1))
                .containsExactly(hour - 1);
    }

    @Test
    void anHourCutOffPartWayLeavesNothingAndOnlyWhatIsLackingIsAskedAgain() throws Exception {
        long from = HOUR_8 - 10;
        for (long h = from; h < from + 3; h++) {
            archive.writeGroups("relay", h, groupedHour());
        }
        // The fourth hour fails half-way through its rows, after naming a new pool (a rack name longer than the
        // store takes): rolled back whole, the new pool's name with it.
        List<GroupPeriod> broken = new ArrayList<>(groupedHour());
        broken.add(new GroupPeriod(GroupKind.POOL, "batch-new", 1, 3600, 0, 0, 0, 0, 0, 0, 1f, 1f, 1f));
        broken.add(new GroupPeriod(GroupKind.RACK, "r".repeat(300), 1, 3600, 0, 0, 0, 0, 0, 0, 1f, 1f, 1f));
        assertThatThrownBy(() -> archive.writeGroups("relay", from + 3, broken))
                .isInstanceOf(HistoryArchive.ArchiveException.class)
                .hasMessageContaining("hour " + (from + 3))
                .hasMessageContaining("relay");
        assertThat(cells(GroupBy.HALL, from + 3)).as("nothing of the cut hour").isEmpty();
        assertThat(archive.missing("relay", HistoryTier.GROUP_HOUR, from, from + 5))
                .containsExactly(from + 3, from + 4);

        archive.writeGroups(
                "relay",
                from + 3,
                List.of(new GroupPeriod(GroupKind.POOL, "batch-new", 1, 3600, 0, 0, 0, 0, 0, 0, 1f, 1f, 1f)));
        assertThat(cells(GroupBy.POOL, from + 3))
                .as("the pool's number handed out in the rolled-back hour is not reused without its name")
                .singleElement()
                .satisfies(c -> assertThat(c.group()).isEqualTo("batch-new"));

        // Resumed: the rest comes, and every hour counts its 16 GPUs once.
        archive.writeGroups("relay", from + 3, groupedHour());
        archive.writeGroups("relay", from + 4, groupedHour());
        assertThat(archive.missing("relay", HistoryTier.GROUP_HOUR, from, from + 5))
                .isEmpty();
        for (long h = from; h < from + 5; h++) {
            assertThat(cells(GroupBy.HALL, h)).singleElement().satisfies(c -> {
                assertThat(c.accelerators()).isEqualTo(16);
                assertThat(c.coveredMinutes()).isEqualTo(16 * 60);
                assertThat(c.idleFraction()).isCloseTo(0.5, within(1e-6));
            });
        }
    }

    @Test
    void timeNobodyKnewIsNotIdleAndAGroupWithoutAnyIsLeftOut() throws Exception {
        long hour = HOUR_8 - 6;
        int leftOut = archive.writeGroups(
                "relay",
                hour,
                List.of(
                        // r0: the agents were down all hour
                        new GroupPeriod(
                                GroupKind.RACK, "r0", 8, 0, 0, 0, 0, 0, 0, 8 * 3600, Float.NaN, Float.NaN, Float.NaN),
                        // r1: half the hour unknown (stale source), the other half free idle
                        new GroupPeriod(
                                GroupKind.RACK, "r1", 8, 0, 0, 8 * 1800, 0, 0, 8 * 1800, 0, 0f, Float.NaN, 40f)));
        assertThat(leftOut).isEqualTo(1);
        assertThat(cells(GroupBy.RACK, hour)).singleElement().satisfies(c -> {
            assertThat(c.group()).isEqualTo("r1");
            assertThat(c.coveredMinutes()).isEqualTo(8 * 30);
            assertThat(c.idleFraction()).isEqualTo(1.0);
            assertThat(c.powerW()).as("power not measured stays unknown").isNaN();
        });
    }

    @Test
    void aGroupTheConsoleHasNotSeenGetsItsName() throws Exception {
        archive.writeGroups(
                "relay",
                HOUR_8 - 7,
                List.of(new GroupPeriod(GroupKind.POOL, "batch-2", 4, 4 * 3600, 0, 0, 0, 0, 0, 0, 99f, 700f, 80f)));
        assertThat(cells(GroupBy.POOL, HOUR_8 - 7)).singleElement().satisfies(c -> {
            assertThat(c.group()).isEqualTo("batch-2");
            assertThat(c.accelerators()).isEqualTo(4);
        });
    }

    @Test
    void groupedHoursAreRolledUpIntoTheirDay() throws Exception {
        long firstHour = LocalDate.parse("2026-02-20").toEpochDay() * 24;
        for (long h = firstHour; h < firstHour + 24; h++) {
            archive.writeGroups("relay", h, groupedHour());
        }
        archive.settle("relay", HistoryTier.GROUP_HOUR, firstHour, firstHour + 24);
        var days = queries.idleByDay(GroupBy.RACK, LocalDate.parse("2026-02-20"), LocalDate.parse("2026-02-21"));
        assertThat(days).extracting(IdleCell::group).containsExactly("r0", "r1");
        assertThat(days.get(0).coveredMinutes()).isEqualTo(8 * 24 * 60);
        assertThat(days.get(0).idleFraction()).isEqualTo(1.0);
        assertThat(days.get(0).accelerators())
                .as("the day's GPUs, not 24 times them")
                .isEqualTo(8);
        assertThat(days.get(1).idleFraction()).isZero();
        assertThat(days.get(1).utilizationPct()).isCloseTo(80f, within(0.01));
        assertThat(days.get(1).powerW()).isCloseTo(8 * 500f, within(0.5));
    }
}
