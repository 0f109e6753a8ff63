package io.headroom.bench.prometheus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory from {@code /proc/<pid>/status} (Linux only): now, and its peak. */
record ProcessMemory(long residentBytes, long peakResidentBytes) {

    /** VmRSS and VmHWM of the process, or -1s when they cannot be read (it has ended). */
    static ProcessMemory of(long pid) {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kibibytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kibibytes(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcessMemory(-1, -1);
        }
        return new ProcessMemory(rss, hwm);
    }

    static ProcessMemory ofThisProcess() {
        return of(ProcessHandle.current().pid());
    }

    private static long kibibytes(String line) {
        String[] fields = line.trim().split("\\s+", -1); // trimmed: no empty fields either way
        return Long.parseLong(fields[1]) * 1024;
    }
}
