package io.headroom.bench.prometheus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One Prometheus column: a Prometheus of its own scraping the simulator's dcgm pages every
 * {@code interval}; this JVM plays the dashboard, asking it over its HTTP API.
 *
 * <p>Freshness asks for {@code last_over_time(headroom_sim_sample_timestamp_seconds[R])}, R
 * covering the case since Prometheus started: the newest value Prometheus holds for each
 * node even when its last scrapes failed (a plain selector, as a dashboard panel uses, would
 * drop those nodes after the failed scrape's staleness marker). A node it holds nothing for,
 * or a probe the server did not answer, counts as missing.
 */
final class PrometheusRun {

    private static final String EVERY_SERIES = "{__name__=~\"DCGM_FI_.*\"}";
    private static final String ONE_FIELD = "DCGM_FI_DEV_GPU_UTIL";
    private static final String APPENDED = "prometheus_tsdb_head_samples_appended_total";
    private static final int ONE_FIELD_RUNS = 3;

    private PrometheusRun() {}

    /** @param rowsPerRound samples in one round of every page (see {@link SimulatedSite#rowsPerRound()}) */
    static PipelineFigures run(
            SimulatedSite site,
            long rowsPerRound,
            Path prometheus,
            Duration interval,
            ComparisonSettings settings,
            Path logs)
            throws IOException, InterruptedException {
        long seconds = interval.toSeconds();
        Path log = logs.resolve("prometheus-" + site.gpus() + "-" + seconds + "s.log");
        try (var server = PrometheusServer.start(prometheus, interval, site.fileSdTargets(), log)) {
            PromApi api = server.api();
            int warmUp = settings.warmUpSeconds(interval);
            int window = settings.windowSeconds(interval);
            String sampleTime =
                    "last_over_time(headroom_sim_sample_timestamp_seconds[" + (warmUp + window + 60) + "s])";
            System.out.printf(
                    Locale.ROOT, "  Prometheus (scrape every %d s) started; warming up for %d s%n", seconds, warmUp);
            Thread.sleep(warmUp * 1000L);
            site.checkAlive();

            var start = MachineWindow.start(site);
            double cpu0 = io.headroom.bench.ProcessCpu.cpuSeconds(server.pid());
            double appended0 = PromApi.sum(api.ownMetrics(), APPENDED);
            long windowStartMillis = System.currentTimeMillis();
            System.out.printf(Locale.ROOT, "  measuring for %d s%n", window);

            Histogram ages = FreshnessFigures.histogram();
            long missing = 0;
            int probes = 0;
            int failedProbes = 0;
            int gpusPerNode = site.gpus() / site.nodes();
            var probe = new FreshnessProbe(settings.probe());
            long end = System.nanoTime() + window * 1_000_000_000L;
            while (probe.awaitNext(end)) {
                long now = System.currentTimeMillis();
                long[] seen = {0};
                try {
                    api.query(sampleTime, now, settings.queryTimeout(), (labels, sampled) -> {
                        FreshnessFigures.record(ages, now - Math.round(sampled * 1000), gpusPerNode);
                        seen[0]++;
                    });
                } catch (IOException e) {
                    failedProbes++;
                    System.out.println("  a freshness probe failed: " + e.getMessage());
                }
                missing += (long) Math.max(0, site.nodes() - seen[0]) * gpusPerNode;
                probes++;
            }

            double cpu1 = io.headroom.bench.ProcessCpu.cpuSeconds(server.pid());
            double appended1 = PromApi.sum(api.ownMetrics(), APPENDED);
            var machine = MachineWindow.end(start, site, cpu1 - cpu0);
            ProcessMemory memory = ProcessMemory.of(server.pid());
            PrometheusHealth health = health(
                    api,
                    site,
                    rowsPerRound,
                    interval,
                    machine.seconds(),
                    windowStartMillis,
                    (appended1 - appended0) / machine.seconds());

            System.out.println("  reading every GPU's state");
            ReadTimes every = read(api, EVERY_SERIES, settings.readAllRuns(), settings.queryTimeout());
            ReadTimes one = read(api, ONE_FIELD, ONE_FIELD_RUNS, settings.queryTimeout());
            long peakAfterReads = ProcessMemory.of(server.pid()).peakResidentBytes();
            String note = failedProbes == 0 ? "" : failedProbes + " of " + probes + " freshness probes got no answer";
            return new PipelineFigures(
                    "Prometheus, scrape every " + seconds + " s",
                    FreshnessFigures.of(ages, missing, probes),
                    cpu1 - cpu0,
                    memory.residentBytes(),
                    memory.peakResidentBytes(),
                    peakAfterReads,
                    every,
                    one,
                    ReadTimes.NONE,
                    machine,
                    health,
                    note);
        }
    }

    private static PrometheusHealth health(
            PromApi api,
            SimulatedSite site,
            long rowsPerRound,
            Duration interval,
            double windowSeconds,
            long windowStartMillis,
            double appendedPerSecond)
            throws IOException, InterruptedException {
        long now = System.currentTimeMillis();
        // The range covers the window only, which ended just now.
        String range = "[" + Math.max(1, (now - windowStartMillis) / 1000) + "s]";
        String job = "{job=\"" + PrometheusServer.JOB + "\"}";
        double targets = orZero(api.scalar("count(up" + job + ")", now));
        double up = orZero(api.scalar("count(up" + job + " == 1)", now));
        double scrapes = orZero(api.scalar("sum(count_over_time(up" + job + range + "))", now));
        double succeeded = orZero(api.scalar("sum(sum_over_time(up" + job + range + "))", now));
        double averageScrape = api.scalar("avg(avg_over_time(scrape_duration_seconds" + job + range + "))", now);
        double longestScrape = api.scalar("max(max_over_time(scrape_duration_seconds" + job + range + "))", now);
        Map<String, Double> own = api.ownMetrics();
        String intervalLabel = "interval=\"" + interval.toSeconds() + "s\"";
        double p50 = own.getOrDefault(
                "prometheus_target_interval_length_seconds{" + intervalLabel + ",quantile=\"0.5\"}", Double.NaN);
        double p99 = own.getOrDefault(
                "prometheus_target_interval_length_seconds{" + intervalLabel + ",quantile=\"0.99\"}", Double.NaN);
        double seconds = interval.toSeconds();
        // Every target, every interval: its rows plus the five series Prometheus adds per scrape (up,
        // scrape_duration_seconds, ...).
        double expectedPerSecond = (rowsPerRound + 5.0 * site.endpoints()) / seconds;
        return new PrometheusHealth(
                (int) targets,
                (int) up,
                scrapes,
                succeeded,
                site.endpoints() * windowSeconds / seconds,
                averageScrape,
                longestScrape,
                appendedPerSecond,
                expectedPerSecond,
                PromApi.sum(own, "prometheus_tsdb_head_series"),
                p50,
                p99);
    }

    private static ReadTimes read(PromApi api, String promql, int runs, Duration timeout) throws InterruptedException {
        double[] millis = new double[runs];
        long values = 0;
        for (int run = 0; run < runs; run++) {
            long[] count = {0};
            long start = System.nanoTime();
            try {
                api.query(promql, System.currentTimeMillis(), timeout, (labels, value) -> {
                    if (labels.containsKey("UUID")) {
                        count[0]++;
                    }
                });
            } catch (IOException e) {
                System.out.println("  " + promql + " failed: " + e.getMessage());
                return new ReadTimes(Double.NaN, Double.NaN, -1, run + 1);
            }
            millis[run] = (System.nanoTime() - start) / 1e6;
            values = count[0];
        }
        return ReadTimes.of(millis, values);
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
