package io.headroom.bench.promql;

import io.headroom.client.promql.IdleByHourQuery;
import io.headroom.client.promql.IdleHourRow;
import io.headroom.client.promql.PromqlClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Idle by hour, rack by hour for 7 days, read from VictoriaMetrics through the console's PromQL client: Debian's
 * victoria-metrics started in a temporary folder, filled through its import API with the series Headroom's
 * recording rules keep (so the benchmark need not wait 7 days), then asked as the console asks. Prints a Markdown
 * table (docs/benchmarks/history.md, "PromQL path").
 */
@Command(
        name = "promql-history",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Rack x hour for 7 days from VictoriaMetrics through the PromQL client: query_range + decode.")
public final class PromqlHistoryBenchmark implements Callable<Integer> {

    @Option(
            names = "--gpus",
            defaultValue = "100000",
            description = "Fleet size (default: ${DEFAULT-VALUE}); racks of 64 GPUs.")
    int gpus;

    @Option(names = "--days", defaultValue = "7", description = "History kept and read (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--resolution-minutes",
            defaultValue = "5",
            description =
                    "How often the recorded series have a point, the rules' interval (default: ${DEFAULT-VALUE}).")
    int resolutionMinutes;

    @Option(names = "--runs", defaultValue = "5", description = "Timed reads (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--victoria-metrics",
            defaultValue = "/usr/bin/victoria-metrics",
            description = "The program (default: ${DEFAULT-VALUE}; Debian: apt-get install victoria-metrics).")
    Path program;

    @Override
    public Integer call() throws Exception {
        if (!Files.isExecutable(program)) {
            System.err.println(
                    "promql-history: " + program + " is not there (Debian: apt-get install victoria-metrics)");
            return 2;
        }
        int racks = (gpus + 63) / 64;
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(days));
        Path home = Files.createTempDirectory("headroom-victoria-");
        try (var server = VictoriaMetricsServer.start(program, home)) {
            long t0 = System.nanoTime();
            var import_ = SyntheticRackHours.importInto(server.url(), racks, start, end, resolutionMinutes);
            double importSeconds = (System.nanoTime() - t0) / 1e9;
            server.flush();
            try (var client = new PromqlClient(server.url(), Duration.ofMinutes(2), PromqlClient.DEFAULT_MAX_BYTES)) {
                long[] oneSeries = new long[runs];
                int oneSeriesPoints = 0;
                for (int run = 0; run < runs; run++) {
                    long began = System.nanoTime();
                    var series = client.queryRange(
                            "rack:headroom_gpu_idle_share:1h",
                            start.plus(Duration.ofHours(1)),
                            end,
                            Duration.ofHours(1));
                    oneSeries[run] = System.nanoTime() - began;
                    oneSeriesPoints = series.stream().mapToInt(s -> s.size()).sum();
                }
                var query = new IdleByHourQuery(client);
                long[] nanos = new long[runs];
                int rows = 0;
                for (int run = 0; run < runs; run++) {
                    long began = System.nanoTime();
                    List<IdleHourRow> read = query.read(IdleByHourQuery.By.RACK, start, end);
                    nanos[run] = System.nanoTime() - began;
                    rows = read.size();
                }
                print(racks, import_, importSeconds, rows, nanos, oneSeriesPoints, oneSeries, server.diskBytes());
            }
        } finally {
            deleteTree(home);
        }
        return 0;
    }

    private void print(
            int racks,
            SyntheticRackHours.Imported imported,
            double importSeconds,
            int rows,
            long[] nanos,
            int oneSeriesPoints,
            long[] oneSeries,
            long diskBytes) {
        System.out.printf(Locale.ROOT, "%n| figure | value |%n|---|---|%n");
        System.out.printf(
                Locale.ROOT,
                "| fleet | %,d GPUs in %,d racks; %d days of recorded series at %d-minute resolution |%n",
                racks * 64,
                racks,
                days,
                resolutionMinutes);
        System.out.printf(
                Locale.ROOT,
                "| imported (setup, not the figure) | %,d series, %,d samples in %.1f s; VictoriaMetrics data folder %,d MiB |%n",
                imported.series(),
                imported.samples(),
                importSeconds,
                diskBytes / (1024 * 1024));
        System.out.printf(
                Locale.ROOT,
                "| **Idle by hour, rack x hour, %d days** (3 query_range calls at step 1 h + decode into rows) | %s; %,d rows |%n",
                days,
                times(nanos),
                rows);
        System.out.printf(
                Locale.ROOT,
                "| one of those calls (`rack:headroom_gpu_idle_share:1h`) | %s; %,d points |%n",
                times(oneSeries),
                oneSeriesPoints);
    }

    private static String times(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        List<String> each = new ArrayList<>();
        for (long n : nanos) {
            each.add(String.format(Locale.ROOT, "%.0f", n / 1e6));
        }
        return String.format(
                Locale.ROOT,
                "median %.0f ms, fastest %.0f ms, slowest %.0f ms (runs: %s ms; first run after the import)",
                sorted[sorted.length / 2] / 1e6,
                sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6,
                String.join(", ", each));
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static URI local(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
