package io.headroom.app.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One line of docs/reliability.md's fault table, written by the test that injected the fault to
 * {@code target/reliability/fault-<id>.md}; {@link ReliabilityReport} assembles the lines.
 */
record FaultRow(
        String id,
        String fault,
        int repetitions,
        String consoleDid,
        List<Double> detectSeconds,
        List<Double> recoverySeconds,
        Operations operations,
        double fxLongestWaitMs) {

    /** Operations queued while the fault was on, and what the agent did with them. */
    record Operations(int queued, int applied, int lost, int duplicated) {
        String describe() {
            return queued + " / " + applied + " / " + lost + " / " + duplicated;
        }
    }

    /** Repetitions per fault: 3 in the build, -Dheadroom.faultRepetitions=N for a soak. */
    static int perFault() {
        return Integer.getInteger("headroom.faultRepetitions", 3);
    }

    /** Seconds since {@code startNanos} ({@link System#nanoTime()}), for the detect and recovery columns. */
    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void write() {
        String line =
                "| " + cell(fault) + " | " + repetitions + " | " + cell(consoleDid) + " | " + spread(detectSeconds)
                        + " | " + spread(recoverySeconds) + " | " + operations.describe() + " | "
                        + (Double.isNaN(fxLongestWaitMs) ? "-" : String.format(Locale.ROOT, "%.0f ms", fxLongestWaitMs))
                        + " |\n";
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(dir.resolve("fault-" + id + ".md"), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "p50 1.2 s, max 3.4 s", or "-" when nothing was measured. */
    static String spread(List<Double> seconds) {
        if (seconds.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        double p50 = sorted.get((sorted.size() - 1) / 2);
        return String.format(Locale.ROOT, "%.1f s / %.1f s", p50, sorted.getLast());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
