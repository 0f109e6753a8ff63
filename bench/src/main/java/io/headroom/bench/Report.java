package io.headroom.bench;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Prints a run's figures as a Markdown table, ready to paste into docs/benchmarks/streaming.md, and the budget verdicts. */
final class Report {

    /** The budgets in docs/architecture.md, "Budgets". */
    static final double CPU_BUDGET_PERCENT = 25;

    static final long HEAP_BUDGET_BYTES = 1L << 30;
    static final long LATENCY_P99_BUDGET_MILLIS = 100;

    private static final double MIB = 1024.0 * 1024.0;

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void machine() {
        out.printf(
                Locale.ROOT,
                "machine: %d cores, %.1f GiB RAM, %s %s; console JVM: %s, max heap %,.0f MiB, options %s%n",
                Runtime.getRuntime().availableProcessors(),
                ConsoleJvm.machineMemoryBytes() / MIB / 1024,
                System.getProperty("java.vm.vendor"),
                Runtime.version(),
                ConsoleJvm.collectors(),
                ConsoleJvm.heapMaxBytes() / MIB,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    // verdict's budget names are printed verbatim; their '% o' is a percent sign, not a format specifier
    @SuppressWarnings("OrphanedFormatString")
    void print(Figures f) {
        var s = f.setup();
        var c = f.console();
        var i = f.integrity();
        Histogram h = f.latency();
        out.println();
        out.println("| figure | value |");
        out.println("|---|---|");
        row("layout", "%s: %d agents, %d relays", s.mode(), s.agents(), s.relays());
        row("GPUs (nodes; slots incl. MIG slices)", "%,d (%,d; %,d)", s.gpus(), s.nodes(), s.slots());
        row("warm-up, measured", "%.0f s, %.0f s", s.warmUpSeconds(), s.measuredSeconds());
        row(
                "samples/s ingested into the fleet state",
                "%,.0f (expected %,.0f: one per slot per second)",
                f.ingest().writtenPerSecond(),
                f.ingest().expectedPerSecond());
        row("samples/s received by the listener", "%,.0f", f.ingest().receivedPerSecond());
        row("console CPU", "%.1f %% of one core", c.cpuPercentOfOneCore());
        row("console GC", "%,d collections, %,d ms", c.gcCount(), c.gcMillis());
        row(
                "console allocation",
                "%,.0f MiB/s (%,.0f bytes a sample)",
                c.allocatedMibPerSecond(),
                c.allocatedMibPerSecond() * MIB / f.ingest().writtenPerSecond());
        row("heap after GC", "%,.0f MiB", c.heapAfterGcBytes() / MIB);
        row(
                "peak heap in window (sum of pool peaks)",
                "%,.0f MiB (committed %,.0f MiB)",
                c.peakHeapBytes() / MIB,
                c.heapCommittedBytes() / MIB);
        row(
                "latency sample time -> fleet state, p50 / p90 / p99 / p99.9 / max",
                "%d / %d / %d / %d / %d ms (%,d node samples)",
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue(),
                h.getTotalCount());
        Histogram first = f.firstOfRound();
        row(
                "of which the first sample of each round per stream, p50 / p99 / max",
                "%d / %d / %d ms",
                first.getValueAtPercentile(50),
                first.getValueAtPercentile(99),
                first.getMaxValue());
        Histogram handling = f.handlingMicros();
        row(
                "of which the console's own handling per batch (parse, decode, write), p50 / p99 / max",
                "%.1f / %.1f / %.1f ms",
                handling.getValueAtPercentile(50) / 1000.0,
                handling.getValueAtPercentile(99) / 1000.0,
                handling.getMaxValue() / 1000.0);
        for (HopRecorder.Leg leg : f.hops()) {
            Histogram micros = leg.micros();
            row(
                    "hop " + leg.name() + ", per batch, p50 / p99 / max",
                    "%.2f / %.2f / %.2f ms (%,d batches)",
                    micros.getValueAtPercentile(50) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0,
                    micros.getMaxValue() / 1000.0,
                    micros.getTotalCount());
        }
        row("coalesced samples", "%,d (whole run: %,d)", i.coalescedSamples(), i.coalescedSamplesTotal());
        row("missed batches, sequence gaps", "%,d, %,d", i.missedBatches(), i.sequenceGaps());
        row("unknown samples, implausible values", "%,d, %,d", i.unknownSamples(), i.implausibleValues());
        row("snapshot batches (whole run)", "%,d", i.snapshotBatchesTotal());
        for (Figures.ChildCpu child : f.children()) {
            row(
                    "CPU of " + child.name(),
                    "%.1f %% of one core (%,.0f samples/s through it: %.2f %% per 100,000 samples/s)",
                    child.percentOfOneCore(),
                    child.samplesPerSecond(),
                    child.percentPer100kSamples());
            if (child.unknownWhy().isEmpty()) {
                row(
                        "allocation and heap after GC of " + child.name(),
                        "%,.0f bytes a sample, %,.0f MiB",
                        child.allocatedBytesPerSample(),
                        child.heapAfterGcBytes() / MIB);
            } else {
                row("allocation and heap after GC of " + child.name(), "unknown (%s)", child.unknownWhy());
            }
        }
        row("whole machine busy", "%.1f %% of all %d cores", f.machineBusyPercent(), ProcessCpu.machineCores());
        row("of which processes outside this benchmark", "%.1f %% of one core", f.otherProcessesPercentOfOneCore());
        if (f.ingest().tableSwaps() > 0) {
            out.printf(
                    "(the fleet layout changed %d times in the window; samples/s ingested counts the tables it could see)%n",
                    f.ingest().tableSwaps());
        }
        out.println();
        verdict(
                "ingest CPU under 25 % of one core",
                c.cpuPercentOfOneCore() < CPU_BUDGET_PERCENT, "%.1f %%", c.cpuPercentOfOneCore());
        verdict(
                "heap under 1 GiB",
                c.heapAfterGcBytes() < HEAP_BUDGET_BYTES,
                "%,.0f MiB after GC, %,.0f MiB peak",
                c.heapAfterGcBytes() / MIB,
                c.peakHeapBytes() / MIB);
        verdict(
                "latency p99 under 100 ms to the fleet state",
                h.getValueAtPercentile(99) < LATENCY_P99_BUDGET_MILLIS,
                "p99 %d ms",
                h.getValueAtPercentile(99));
        double ratio = f.ingest().writtenPerSecond() / f.ingest().expectedPerSecond();
        verdict(
                "every sample ingested (>= 99 % of expected, nothing coalesced)",
                ratio >= 0.99 && i.coalescedSamples() == 0,
                "%.1f %% of expected, %,d coalesced",
                100 * ratio,
                i.coalescedSamples());
    }

    @FormatMethod
    private void row(String name, @FormatString String format, Object... args) {
        out.println("| " + name + " | " + String.format(Locale.ROOT, format, args) + " |");
    }

    @FormatMethod
    private void verdict(String budget, boolean met, @FormatString String format, Object... args) {
        out.println((met ? "PASS " : "MISS ") + budget + ": " + String.format(Locale.ROOT, format, args));
    }
}
