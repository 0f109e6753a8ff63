package io.headroom.bench;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/** What one run of the million benchmark measured over its window; printed as a column of a Markdown table. */
record MillionRun(
        double targetPerSecond,
        boolean pinned,
        int gpus,
        int slots,
        int streams,
        double seconds,
        double writtenPerSecond,
        double consoleCpuPercent,
        double allocatedBytesPerSample,
        double allocatedMibPerSecond,
        long gcCount,
        long gcMillis,
        long heapAfterGcBytes,
        long peakHeapBytes,
        Histogram latency,
        Histogram handlingMicros,
        long coalesced,
        long missedBatches,
        long sequenceGaps,
        double replayerCpuPercent,
        double machineBusyPercent,
        double othersPercentOfOneCore,
        double loadAverageStart,
        double loadAverageEnd,
        String replayerProgress) {

    private static final double MIB = 1024.0 * 1024.0;

    static void print(List<MillionRun> runs, PrintStream out) {
        out.println();
        StringBuilder head = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (MillionRun r : runs) {
            head.append(
                    String.format(Locale.ROOT, " %,.0f/s %s |", r.targetPerSecond, r.pinned ? "pinned" : "unpinned"));
            rule.append("---|");
        }
        out.println(head);
        out.println(rule);
        row(out, runs, "GPUs (slots), streams", r -> f("%,d (%,d), %d", r.gpus, r.slots, r.streams));
        row(out, runs, "samples/s written into the fleet state", r -> f("%,.0f", r.writtenPerSecond));
        row(out, runs, "console CPU, % of one core", r -> f("**%.1f**", r.consoleCpuPercent));
        row(out, runs, "console allocation per sample", r -> f("%,.0f B", r.allocatedBytesPerSample));
        row(out, runs, "console allocation", r -> f("%,.0f MiB/s", r.allocatedMibPerSecond));
        row(out, runs, "console GC in window", r -> f("%,d, %,d ms", r.gcCount, r.gcMillis));
        row(
                out,
                runs,
                "heap after GC / peak (sum of pool peaks)",
                r -> f("%,.0f / %,.0f MiB", r.heapAfterGcBytes / MIB, r.peakHeapBytes / MIB));
        row(
                out,
                runs,
                "latency sample time -> fleet state, p50 / p90 / p99 / max (ms)",
                r -> f(
                        "%d / %d / **%d** / %d",
                        r.latency.getValueAtPercentile(50),
                        r.latency.getValueAtPercentile(90),
                        r.latency.getValueAtPercentile(99),
                        r.latency.getMaxValue()));
        row(
                out,
                runs,
                "console's handling per batch, p50 / p99 (ms)",
                r -> f(
                        "%.1f / %.1f",
                        r.handlingMicros.getValueAtPercentile(50) / 1000.0,
                        r.handlingMicros.getValueAtPercentile(99) / 1000.0));
        row(
                out,
                runs,
                "coalesced samples, missed batches, sequence gaps",
                r -> f("%,d, %,d, %,d", r.coalesced, r.missedBatches, r.sequenceGaps));
        row(
                out,
                runs,
                "replayer CPU, % of one core (per 100k samples/s)",
                r -> f("%.1f (%.2f)", r.replayerCpuPercent, r.replayerCpuPercent / (r.writtenPerSecond / 100_000)));
        row(
                out,
                runs,
                "whole machine busy; others, % of one core",
                r -> f("%.0f %%; %.0f", r.machineBusyPercent, r.othersPercentOfOneCore));
        row(out, runs, "load average at start, end", r -> f("%.1f, %.1f", r.loadAverageStart, r.loadAverageEnd));
        row(out, runs, "window", r -> f("%.0f s", r.seconds));
        out.println();
        for (MillionRun r : runs) {
            out.printf(
                    Locale.ROOT,
                    "%s %,.0f/s %s: console CPU %.1f %% (budget 50 %%), heap %,.0f / %,.0f MiB (budget 2 GiB),"
                            + " coalesced %,d (budget 0), kept pace: %s%n",
                    MillionBenchmark.withinBudget(r) ? "PASS" : "MISS",
                    r.targetPerSecond,
                    r.pinned ? "pinned" : "unpinned",
                    r.consoleCpuPercent,
                    r.heapAfterGcBytes / MIB,
                    r.peakHeapBytes / MIB,
                    r.coalesced,
                    r.writtenPerSecond >= 0.97 * r.targetPerSecond ? "yes" : "NO");
            out.println("  the replayer's last line in the window (flow control summed over its streams): "
                    + r.replayerProgress);
        }
    }

    private static void row(PrintStream out, List<MillionRun> runs, String figure, Function<MillionRun, String> value) {
        StringBuilder line = new StringBuilder("| ").append(figure).append(" |");
        for (MillionRun r : runs) {
            line.append(' ').append(value.apply(r)).append(" |");
        }
        out.println(line);
    }

    @FormatMethod
    private static String f(@FormatString String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
