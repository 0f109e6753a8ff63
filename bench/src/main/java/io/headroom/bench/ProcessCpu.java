package io.headroom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of other processes and of the whole machine, from {@code /proc} (Linux only):
 * the console measures itself through its MXBean, its neighbours through here.
 */
public final class ProcessCpu {

    private static final long TICKS_PER_SECOND = clockTicks();

    private ProcessCpu() {}

    /** User plus system CPU seconds the process has used so far, or NaN when it cannot be read. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2)
                    .split(" ", -1); // -1: keep empties; fields are indexed, not counted
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (double) (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Busy and total CPU seconds of the whole machine so far (all cores), or NaNs. */
    public static double[] machineSeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat"))
                    .getFirst()
                    .trim()
                    .split("\\s+", -1); // trimmed: no empty fields either way
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]); // idle + iowait
            return new double[] {(double) (total - idle) / TICKS_PER_SECOND, (double) total / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** The machine's cores, as /proc/stat counts them: not this JVM's share, which pinning narrows. */
    public static int machineCores() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(line -> line.matches("cpu\\d+ .*"))
                    .count();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the Linux default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
