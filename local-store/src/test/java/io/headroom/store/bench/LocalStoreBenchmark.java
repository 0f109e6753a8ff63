package io.headroom.store.bench;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.testing.ChildJvm;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.history.GroupBy;
import io.headroom.store.history.HistoryRecorder;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.history.RollupQueries;
import io.headroom.store.history.SyntheticHistory;
import io.headroom.store.testing.Fleets;
import io.headroom.store.testing.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The local store's figures for docs/benchmarks/local-store.md, on a fleet of N GPUs (100,000 by default):
 * saving, history, size on disk per GPU-day, a cold start from the cache in a fresh JVM,
 * and the heatmap queries over a week. Not a test: {@code java -jar bench/target/headroom-bench.jar local-store}
 * starts it in a JVM of its own (see docs/benchmarks/README.md).
 */
public final class LocalStoreBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-09T00:00:00Z");

    private LocalStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int gpus = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/bench");
        int minuteHours = Integer.getInteger("bench.minuteHours", 48);
        // The cache and the cold start alone: at a million GPUs a week of history takes many minutes to write.
        boolean cacheOnly = Boolean.getBoolean("bench.cacheOnly");
        deleteRecursively(dir);
        Path profile = dir.resolve("profile");
        System.out.printf(
                "Local store benchmark: %,d GPUs, %s, in %s%n",
                gpus,
                cacheOnly ? "the cache alone (no history)" : minuteHours + " h of minutes, 7 days of hours",
                profile.toAbsolutePath());

        HistorySettings history = HistorySettings.DEFAULTS.withDayZone(ZoneOffset.UTC);
        int slots;
        try (LocalStore store = LocalStore.open(profile).store()) {
            TestClock clock = new TestClock(NOW.minusSeconds(30));
            FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
            FleetTelemetry t = fleet.install(BenchFleet.of(gpus));
            slots = t.layout().slotCount();
            Fleets.sampleAll(t, clock.millis(), slot -> slot % 3 == 0 ? 1 : 70);
            CacheWriter writer = CacheWriter.start(
                    store, fleet, new CacheWriter.Settings(Duration.ofHours(1), Duration.ofHours(1), history), clock);
            long t0 = System.nanoTime();
            writer.saveNow();
            report(String.format("first save (inventory of %,d slots + latest samples)", slots), t0);
            List<Long> saves = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                Fleets.sampleAll(t, clock.millis() + i * 1000L, slot -> slot % 3 == 0 ? 2 : 71);
                long s0 = System.nanoTime();
                writer.saveNow();
                saves.add(System.nanoTime() - s0);
            }
            System.out.printf("steady save, every sample changed (median of 5): %d ms%n", median(saves) / 1_000_000);
            writer.close();
            measureObserve(t, clock);
            if (cacheOnly) {
                System.out.printf(
                        "database file after the saves: %,d bytes%n", Files.size(profile.resolve("headroom.mv.db")));
            }
        }
        if (cacheOnly) {
            for (int run = 1; run <= 3; run++) {
                System.out.println("cold start " + run + ": " + coldStart(profile));
            }
            return;
        }
        try (LocalStore store = LocalStore.open(profile).store()) {

            SyntheticHistory synthetic = new SyntheticHistory(store, slots);
            long h0 = System.nanoTime();
            synthetic.hoursAndDays((int) (NOW.minus(Duration.ofDays(7)).getEpochSecond() / 3600), 7 * 24, history);
            report("filled 7 days of hour and day blocks with group rows", h0);
            long m0 = System.nanoTime();
            synthetic.minutes((int) (NOW.getEpochSecond() / 60) - minuteHours * 60, minuteHours * 60);
            report(String.format("filled %d h of minute blocks", minuteHours), m0);
            long r0 = System.nanoTime();
            synthetic.rollUpHour((int) (NOW.getEpochSecond() / 3600) - 1);
            report(
                    String.format(
                            "rolled one hour up from its minutes (%,d slots, per accelerator and per group)", slots),
                    r0);
            sizes(store, gpus, minuteHours);
        }
        System.out.printf(
                "database file: %,d bytes; latest-samples file: %,d bytes%n",
                Files.size(profile.resolve("headroom.mv.db")), Files.size(profile.resolve("latest-samples.bin")));

        for (int run = 1; run <= 3; run++) {
            System.out.println("cold start " + run + ": " + coldStart(profile));
        }
        warmQueries(profile);
    }

    private static void measureObserve(FleetTelemetry t, TestClock clock) {
        HistoryRecorder recorder = new HistoryRecorder(new IdleClassifier(IdleThresholds.DEFAULTS));
        int[] identity = new int[t.layout().slotCount()];
        Arrays.setAll(identity, i -> i);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long at = clock.millis() + 10_000L + i * 1000L;
            Fleets.sampleAll(t, at, slot -> slot % 3 == 0 ? 1 : 70);
            long o0 = System.nanoTime();
            recorder.observe(t, identity, at);
            times.add(System.nanoTime() - o0);
        }
        System.out.printf(
                "history observe of every slot, all samples new (median of 7): %.1f ms%n",
                median(times.subList(2, times.size())) / 1e6);
    }

    private static void sizes(LocalStore store, int gpus, int minuteHours) throws Exception {
        try (Connection c = store.connect();
                Statement s = c.createStatement()) {
            long minutes = used(s, "MINUTE_BLOCK");
            long hours = used(s, "HOUR_BLOCK") + used(s, "GROUP_HOUR");
            long days = used(s, "DAY_BLOCK") + used(s, "GROUP_DAY");
            long inventory = used(s, "ACCELERATOR") + used(s, "NODE") + used(s, "RACK");
            double gpuDaysOfMinutes = gpus * minuteHours / 24.0;
            System.out.printf(
                    "minute tier: %,d bytes = %,.0f bytes per GPU-day%n", minutes, minutes / gpuDaysOfMinutes);
            System.out.printf(
                    "hour tier (blocks + group rows): %,d bytes = %,.0f bytes per GPU-day%n",
                    hours, hours / (gpus * 7.0));
            System.out.printf(
                    "day tier (blocks + group rows): %,d bytes for 8 day periods = %,.1f bytes per GPU-day%n",
                    days, days / (gpus * 8.0));
            System.out.printf("inventory tables: %,d bytes%n", inventory);
            double perGpuAtDefaults =
                    minutes / gpuDaysOfMinutes * 2 + hours / (gpus * 7.0) * 90 + days / (gpus * 8.0) * 730;
            System.out.printf(
                    "at the default retention (48 h, 90 d, 2 y): %,.0f bytes per GPU, %.1f GB for %,d GPUs%n",
                    perGpuAtDefaults, perGpuAtDefaults * gpus / 1e9, gpus);
        }
    }

    private static long used(Statement s, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT DISK_SPACE_USED('" + table + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String coldStart(Path profile) throws IOException, InterruptedException {
        try (ChildJvm child = ChildJvm.ofClass(ColdStart.class)
                .jvmOptions("-Xmx" + System.getProperty("bench.coldStartHeap", "1g"))
                .args(profile.toString(), NOW.toString())
                .start()) {
            StringBuilder result = new StringBuilder();
            for (String line : child.drain()) {
                if (line.startsWith("cold ")) {
                    result.append(line.substring(5));
                }
            }
            return result.toString();
        }
    }

    private static void warmQueries(Path profile) throws Exception {
        Instant from = NOW.minus(Duration.ofDays(7));
        try (LocalStore store = LocalStore.open(profile).store()) {
            RollupQueries queries = new RollupQueries(store, ZoneOffset.UTC);
            for (GroupBy by : GroupBy.values()) {
                List<Long> times = new ArrayList<>();
                int cells = 0;
                for (int i = 0; i < 7; i++) {
                    long q0 = System.nanoTime();
                    cells = queries.idleByHour(by, from, NOW).size();
                    times.add(System.nanoTime() - q0);
                }
                System.out.printf(
                        "%s x hour over 7 days, warm (median of the last 5 of 7): %d ms, %,d cells%n",
                        by.name().toLowerCase(Locale.ROOT), median(times.subList(2, 7)) / 1_000_000, cells);
            }
        }
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2);
    }

    private static void report(String what, long startNanos) {
        System.out.printf("%s: %d ms%n", what, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
