package io.headroom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which cores a process may run on, through Linux's {@code taskset}, and the machine's load
 * average: a benchmark pins its load generator away from the console's core to measure the
 * console alone on a shared machine.
 */
final class Pinned {

    private Pinned() {}

    /** The CPU list {@code pid} may run on now, as taskset writes it ("0,1" or "0-15"). */
    static String cpusOf(long pid) {
        String out = taskset(List.of("taskset", "-c", "-p", Long.toString(pid)));
        int colon = out.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("taskset said '" + out.trim() + "' for the affinity of " + pid);
        }
        return out.substring(colon + 1).trim();
    }

    /** Every thread of {@code pid}, and those they start from now on, on {@code cpus} only. */
    static void to(long pid, String cpus) {
        taskset(List.of("taskset", "-a", "-c", "-p", cpus, Long.toString(pid)));
    }

    /** The one-minute load average, or NaN off Linux. */
    static double loadAverage() {
        try {
            return Double.parseDouble(
                    Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1)[0]); // trimmed: no empty fields
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String taskset(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run taskset (util-linux), needed to pin the replayer and the console: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
