package io.headroom.store.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.HistoryTier;
import io.headroom.core.history.PastMinutes;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.testing.Fleets;
import io.headroom.store.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minutes a server page starts its sparklines with: those the console rolled up itself and
 * those the backfill brought from an agent read alike; a minute nobody kept stays unknown.
 */
class MinuteReadingsTest {

    private static final HistorySettings SETTINGS =
            new HistorySettings(Duration.ofHours(1), Duration.ofDays(90), Duration.ofDays(730), ZoneOffset.UTC);
    private static final Instant EIGHT = Instant.parse("2026-03-02T08:00:00Z");
    private static final long MINUTE_8 = EIGHT.getEpochSecond() / 60;

    @TempDir
    Path profile;

    private final TestClock clock = new TestClock(EIGHT);
    private LocalStore store;
    private CacheWriter writer;
    private FleetTelemetry telemetry;

    @BeforeEach
    void start() throws Exception {
        store = LocalStore.open(profile).store();
        FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
        // 2 racks of 2 nodes of 600 GPUs: node r1n1's GPUs straddle two blocks of 1,024.
        telemetry = fleet.install(Fleets.of(2, 2, 600));
        writer = CacheWriter.start(
                store, fleet, new CacheWriter.Settings(Duration.ofHours(1), Duration.ofHours(1), SETTINGS), clock);
        writer.saveNow();
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        store.close();
    }

    private static List<String> gpusOf(String host, int... indexes) {
        List<String> uuids = new ArrayList<>();
        for (int i : indexes) {
            uuids.add("GPU-" + host + "-" + i);
        }
        return uuids;
    }

    @Test
    void minutesTheConsoleSawItselfAreRead() throws Exception {
        // Every GPU at 40 % for 16 minutes, a sample every 10 s.
        while (clock.instant().isBefore(EIGHT.plusSeconds(16 * 60 + 5))) {
            Fleets.sampleAll(telemetry, clock.millis(), slot -> 40);
            writer.saveNow();
            clock.advance(Duration.ofSeconds(10));
        }
        writer.saveNow();

        PastMinutes past = new MinuteReadings(store).read(gpusOf("r0n1", 0, 599), MINUTE_8, MINUTE_8 + 15);

        for (long m = MINUTE_8; m < MINUTE_8 + 15; m++) {
            for (int a = 0; a < 2; a++) {
                assertThat(past.kept(a, m)).isTrue();
                assertThat(past.utilizationPct(a, m)).isEqualTo(40f);
                assertThat(past.powerW(a, m)).isEqualTo(300f);
            }
        }
    }

    @Test
    void minutesAnAgentKeptAreReadAndAMinuteNobodyKeptIsUnknown() throws Exception {
        var archive = new StoreHistoryArchive(store, SETTINGS);
        List<String> node = gpusOf("r1n1", 0, 1, 599); // accelerator numbers 1800, 1801, 2399: blocks 1 and 2
        for (long m = MINUTE_8; m < MINUTE_8 + 15; m++) {
            if (m == MINUTE_8 + 6) {
                continue; // the agent was down
            }
            List<AcceleratorPeriod> rows = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                rows.add(new AcceleratorPeriod(
                        node.get(i), 60, 0, 0, 0, 0, 0, 0, 10f * (i + 1), 200f + i, 50f + (m - MINUTE_8)));
            }
            archive.write("agent-a", HistoryTier.MINUTE, m, rows);
        }

        List<String> asked = new ArrayList<>(node);
        asked.add("GPU-not-in-the-inventory");
        asked.add("GPU-r1n0-0"); // a neighbour nothing was kept of
        PastMinutes past = new MinuteReadings(store).read(asked, MINUTE_8, MINUTE_8 + 15);

        assertThat(past.minutes()).isEqualTo(15);
        assertThat(past.utilizationPct(0, MINUTE_8)).isEqualTo(10f);
        assertThat(past.utilizationPct(2, MINUTE_8 + 14)).isEqualTo(30f);
        assertThat(past.powerW(1, MINUTE_8 + 3)).isEqualTo(201f);
        assertThat(past.maxTempC(2, MINUTE_8 + 3)).isEqualTo(53f);
        for (int a = 0; a < 3; a++) {
            assertThat(past.kept(a, MINUTE_8 + 6))
                    .as("the minute the agent was down")
                    .isFalse();
            assertThat(past.utilizationPct(a, MINUTE_8 + 6)).isNaN();
            assertThat(past.powerW(a, MINUTE_8 + 6)).isNaN();
        }
        for (long m = MINUTE_8; m < MINUTE_8 + 15; m++) {
            assertThat(past.kept(3, m)).isFalse();
            assertThat(past.kept(4, m)).isFalse();
        }
    }
}
