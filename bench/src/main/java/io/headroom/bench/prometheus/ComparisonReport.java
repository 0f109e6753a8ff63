package io.headroom.bench.prometheus;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Prints one fleet size's comparison as a Markdown table, then the ratios. */
final class ComparisonReport {

    private static final double MIB = 1024.0 * 1024.0;

    private final PrintStream out;

    ComparisonReport(PrintStream out) {
        this.out = out;
    }

    void print(SimulatedSite site, List<PipelineFigures> columns) {
        PipelineFigures headroom = columns.getFirst();
        out.println();
        out.printf(
                Locale.ROOT,
                "### %,d GPUs (%,d nodes), dcgm pages: %,d endpoints, one per %s%n%n",
                site.gpus(),
                site.nodes(),
                site.endpoints(),
                site.grouping());
        StringBuilder header = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (PipelineFigures column : columns) {
            header.append(' ').append(column.name()).append(" |");
            rule.append("---|");
        }
        out.println(header);
        out.println(rule);
        row(
                columns,
                "measured window",
                c -> String.format(
                        Locale.ROOT,
                        "%.0f s, %d probes",
                        c.machine().seconds(),
                        c.freshness().probes()));
        row(
                columns,
                "**freshness**: age of each GPU's newest value at the consumer, p50 / p90 / p99 / max",
                c -> c.freshness().describe());
        row(
                columns,
                "freshness among the GPU readings that had a value, p50 / p99",
                c -> c.freshness().describePresent());
        row(
                columns,
                "GPU readings with no value at the consumer",
                c -> String.format(
                        Locale.ROOT,
                        "%.2f %% (%,d of %,d)",
                        100 * c.freshness().missingShare(),
                        c.freshness().missing(),
                        c.freshness().missing() + c.freshness().readings()));
        row(
                columns,
                "**CPU** of the collecting process",
                c -> String.format(Locale.ROOT, "%.3f cores (%.1f s)", c.collectorCores(), c.cpuSeconds()));
        row(
                columns,
                "**peak RSS** of the collecting process (VmHWM, since it started)",
                c -> String.format(Locale.ROOT, "%,.0f MiB", c.peakRssBytes() / MIB));
        row(columns, "RSS at the end of the window", c -> String.format(Locale.ROOT, "%,.0f MiB", c.rssBytes() / MIB));
        row(
                columns,
                "**read every GPU's state** (every field; PromQL `{__name__=~\"DCGM_FI_.*\"}`)",
                c -> c.readEvery().describe());
        row(
                columns,
                "read one field of every GPU (utilization; PromQL `DCGM_FI_DEV_GPU_UTIL`)",
                c -> c.readOneField().describe());
        row(
                columns,
                "the console's fleet summary (every GPU's idle state and the headline figures)",
                c -> c.readSummary().describe());
        row(
                columns,
                "peak RSS including those reads",
                c -> String.format(Locale.ROOT, "%,.0f MiB", c.peakRssAfterReadsBytes() / MIB));
        row(
                columns,
                "Prometheus: targets up at the end (of them, scraped at least once)",
                c -> c.health() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "%,d of %,d (%,d)",
                                c.health().targetsUp(),
                                site.endpoints(),
                                c.health().targets()));
        row(
                columns,
                "Prometheus: scrapes in the window, successful / done / expected",
                c -> c.health() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "%,.0f / %,.0f / %,.0f",
                                c.health().scrapesSucceeded(),
                                c.health().scrapes(),
                                c.health().scrapesExpected()));
        row(
                columns,
                "Prometheus: scrape duration, mean / longest",
                c -> c.health() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "%.3f / %.3f s",
                                c.health().averageScrapeSeconds(),
                                c.health().longestScrapeSeconds()));
        row(
                columns,
                "Prometheus: samples appended per second (its per-scrape series and staleness markers included) / if every scrape succeeded",
                c -> c.health() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "%,.0f / %,.0f",
                                c.health().samplesAppendedPerSecond(),
                                c.health().samplesExpectedPerSecond()));
        row(
                columns,
                "Prometheus: series in its head block",
                c -> c.health() == null
                        ? ""
                        : String.format(Locale.ROOT, "%,.0f", c.health().headSeries()));
        row(
                columns,
                "Prometheus: interval between a target's scrapes, p50 / p99 (since start)",
                c -> c.health() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "%.2f / %.2f s",
                                c.health().intervalP50Seconds(),
                                c.health().intervalP99Seconds()));
        row(
                columns,
                "simulator CPU (producing the gRPC stream / the dcgm pages)",
                c -> String.format(
                        Locale.ROOT, "%.2f cores", c.machine().cores(c.machine().simulatorSeconds())));
        row(
                columns,
                "this benchmark's JVM (asking Prometheus as a dashboard would)",
                c -> String.format(
                        Locale.ROOT, "%.2f cores", c.machine().cores(c.machine().benchSeconds())));
        row(
                columns,
                "whole machine busy; of which other work",
                c -> String.format(
                        Locale.ROOT,
                        "%.0f %% of %d cores; %.2f cores",
                        c.machine().busyPercent(),
                        Runtime.getRuntime().availableProcessors(),
                        c.machine().outsideCores()));
        row(columns, "notes", PipelineFigures::note);
        out.println();
        for (PipelineFigures prometheus : columns.subList(1, columns.size())) {
            out.printf(
                    Locale.ROOT,
                    "- %s ÷ Headroom: freshness p50 %s, p99 %s; CPU %s; peak RSS %s; every GPU's state %s%n",
                    prometheus.name(),
                    ageRatio(
                            prometheus.freshness().p50Millis(),
                            headroom.freshness().p50Millis()),
                    ageRatio(
                            prometheus.freshness().p99Millis(),
                            headroom.freshness().p99Millis()),
                    ratio(prometheus.cpuSeconds() / prometheus.machine().seconds(), headroom.collectorCores()),
                    ratio((double) prometheus.peakRssBytes(), (double) headroom.peakRssBytes()),
                    ratio(
                            prometheus.readEvery().medianMillis(),
                            headroom.readEvery().medianMillis()));
        }
        out.flush();
    }

    private void row(List<PipelineFigures> columns, String name, Function<PipelineFigures, String> cell) {
        List<String> cells = new ArrayList<>();
        for (PipelineFigures column : columns) {
            cells.add(cell.apply(column));
        }
        if (cells.stream().allMatch(String::isEmpty)) {
            return;
        }
        out.println("| " + name + " | " + String.join(" | ", cells) + " |");
    }

    private static String ageRatio(long prometheus, long headroom) {
        return prometheus >= FreshnessFigures.NO_VALUE_MILLIS
                ? "n/a (no value)"
                : ratio((double) prometheus, (double) headroom);
    }

    private static String ratio(double prometheus, double headroom) {
        if (Double.isNaN(prometheus) || Double.isNaN(headroom) || headroom <= 0 || prometheus < 0) {
            return "n/a";
        }
        double r = prometheus / headroom;
        return r >= 10 ? String.format(Locale.ROOT, "%,.0f×", r) : String.format(Locale.ROOT, "%.1f×", r);
    }
}
