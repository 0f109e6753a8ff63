package io.headroom.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real device outputs in {@code ../shared/fixtures/} (beside the project root), and the
 * sections of the nvidia-smi captures, each of which starts with {@code # $ <command>}.
 */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        String shared = System.getProperty("headroom.shared");
        Path base = shared != null ? Path.of(shared) : Path.of("../../shared");
        Path fixtures = base.resolve("fixtures").normalize();
        if (!Files.isDirectory(fixtures)) {
            throw new IllegalStateException("fixtures not found at " + fixtures.toAbsolutePath()
                    + "; the shared/ folder belongs beside the project root");
        }
        return fixtures;
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The output printed under the {@code occurrence}-th (from 0) section whose command starts
     * with {@code commandPrefix}, e.g. ("nvidia-smi --query-gpu=", 1) for the capture under load.
     */
    public static List<String> captureSection(String capture, String commandPrefix, int occurrence) {
        List<String> lines = read(capture).lines().toList();
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# $ " + commandPrefix) && seen++ == occurrence) {
                int start = i + 1;
                while (start < lines.size() && lines.get(start).startsWith("####")) {
                    start++;
                }
                int end = start;
                while (end < lines.size() && !lines.get(end).startsWith("####")) {
                    end++;
                }
                List<String> section = lines.subList(start, end);
                int last = section.size();
                while (last > 0 && section.get(last - 1).isBlank()) {
                    last--;
                }
                return List.copyOf(section.subList(0, last));
            }
        }
        throw new IllegalArgumentException(capture + " has no section " + occurrence + " for '" + commandPrefix + "'");
    }

    /** The first row of a --query-gpu capture (taken with --format=csv) as field name (units dropped) to value. */
    public static Map<String, String> queryGpuRow(String capture, int occurrence) {
        List<String> section = captureSection(capture, "nvidia-smi --query-gpu=", occurrence);
        List<String> header = Arrays.stream(section.get(0).split(", ")).map(h -> h.replaceAll(" \\[.*]$", "")).toList();
        String[] values = section.get(1).split(", ", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), values[i]);
        }
        return row;
    }
}
