package io.headroom.store.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.testing.ChildJvm;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.FleetCache;
import io.headroom.store.cache.RestoredFleet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a real console process while it writes batches, over and over. After every kill
 * the store must hold a whole batch (every slot from the same generation) no older than the
 * last one the console reported committed, with the minute of history that batch wrote, and
 * the hours rolled up must add up to exactly their minutes: nothing lost, nothing counted twice.
 */
@Timeout(300) // a child that never answers must fail the build, not hang it
class KillDuringCacheWritesTest {

    /** 12 in the build; -Dheadroom.killRounds=100 for a longer hunt (about 8 s more per 10 rounds). */
    private static final int ROUNDS = Integer.getInteger("headroom.killRounds", 12);

    @TempDir
    Path work;

    @Test
    void committedBatchesSurviveKillNineAndNoBatchIsTorn() throws Exception {
        Path profile = work.resolve("profile");
        long lastReported = 0;
        int minutesChecked = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> lines;
            try (ChildJvm console = ChildJvm.ofClass(CacheWritingConsole.class)
                    .jvmOptions(ChildJvm.QUICK_START)
                    .classPathWithout("logback")
                    .stderrTo(work.resolve("console-" + round + ".err"))
                    .args(profile.toString())
                    .start()) {
                assertThat(console.awaitLine("ready", Duration.ofSeconds(60)))
                        .as("round %d: the console could not read the store the last one was killed over", round)
                        .doesNotContain("moved-aside");
                // Not a timing assertion: a random moment to pull the plug.
                assertThat(console.awaitExit(
                                Duration.ofMillis(ThreadLocalRandom.current().nextLong(50, 500))))
                        .as("the console died by itself: " + console.stderrText())
                        .isFalse();
                console.kill();
                lines = console.drain();
            }
            long reported = lastReported;
            int reportedMinute = -1;
            for (String line : lines) {
                String[] f = line.split(" ", -1);
                // A line cut short by the kill is not counted: it may read "committed 1" for 17.
                if (f.length == 4 && f[0].equals("committed")) {
                    reported = Long.parseLong(f[1]);
                    reportedMinute = Math.max(reportedMinute, Integer.parseInt(f[3]));
                }
            }
            lastReported = reported;

            var opening = LocalStore.open(profile);
            assertThat(opening.movedAside())
                    .as("round %d: the killed console left a database that could not be read: %s", round, opening.why())
                    .isEmpty();
            try (LocalStore store = opening.store()) {
                FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
                RestoredFleet restored = FleetCache.restore(store, fleet);
                FleetTelemetry t = fleet.current();
                if (restored.withSamples() == 0) {
                    // Killed before its first save completed: fine, as long as it never said otherwise.
                    assertThat(reported)
                            .as("round %d: samples of a reported batch are missing", round)
                            .isZero();
                    continue;
                }
                assertThat(restored.withSamples()).isEqualTo(t.layout().slotCount());
                long generation = (t.sampleTime(0) - CacheWritingConsole.START.toEpochMilli())
                        / CacheWritingConsole.STEP.toMillis();
                assertThat(generation)
                        .as("round %d: the store lost a reported batch", round)
                        .isGreaterThanOrEqualTo(reported);
                for (int slot = 0; slot < t.layout().slotCount(); slot++) {
                    assertThat(t.sampleTime(slot))
                            .as("slot %d from another batch", slot)
                            .isEqualTo(CacheWritingConsole.timeOf(generation));
                    assertThat(t.utilizationPct(slot)).isEqualTo(CacheWritingConsole.utilization(generation, slot));
                }
                if (reportedMinute >= 0) {
                    assertThat(minuteBlocks(store, reportedMinute))
                            .as("minute %d was reported written", reportedMinute)
                            .isPositive();
                    minutesChecked++;
                }
                assertHoursAddUpToTheirMinutes(store);
            }
        }
        // Kills that all landed before the first commit would prove nothing.
        assertThat(lastReported).isPositive();
        assertThat(minutesChecked).isPositive();
    }

    private static int minuteBlocks(LocalStore store, int minute) throws Exception {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM minute_block WHERE period = ?")) {
            s.setInt(1, minute);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Every rolled-up hour covers exactly the GPU-minutes its minute blocks cover. */
    private static void assertHoursAddUpToTheirMinutes(LocalStore store) throws Exception {
        Map<Long, Long> minutesPerHour = new HashMap<>();
        Map<Long, Long> hours = new HashMap<>();
        try (Connection c = store.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT period, data FROM minute_block")) {
                while (rs.next()) {
                    minutesPerHour.merge(Math.floorDiv(rs.getLong(1), 60L), covered(rs.getBytes(2)), Long::sum);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT period, data FROM hour_block")) {
                while (rs.next()) {
                    hours.merge(rs.getLong(1), covered(rs.getBytes(2)), Long::sum);
                }
            }
        }
        hours.forEach((hour, covered) -> assertThat(covered).as("hour %d", hour).isEqualTo(minutesPerHour.get(hour)));
    }

    /** Sum of the block's minutes-covered column (format byte, then 1,024 big-endian shorts). */
    private static long covered(byte[] block) {
        long sum = 0;
        for (int e = 0; e < 1024; e++) {
            sum += (short) (((block[1 + 2 * e] & 0xFF) << 8) | (block[2 + 2 * e] & 0xFF));
        }
        return sum;
    }
}
