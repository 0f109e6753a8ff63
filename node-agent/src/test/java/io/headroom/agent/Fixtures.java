package io.headroom.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real device outputs kept as test resources under {@code fixtures/} (their provenance and
 * licences are in {@code fixtures/NOTICE.md} beside them), and the sections of the nvidia-smi
 * captures, each of which starts with {@code # $ <command>}. Read from the class path, so the
 * module's own tests and the tests of modules that use its test jar find the same files.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The text of one capture, by its path under {@code fixtures/}, e.g. "redfish/dell_power.json". */
    public static String read(String relative) {
        String resource = "/fixtures/" + relative;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource + " on the test class path"
                        + " (captures live in node-agent/src/test/resources/fixtures/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
        List<String> header = Arrays.stream(section.get(0).split(", "))
                .map(h -> h.replaceAll(" \\[.*]$", ""))
                .toList();
        String[] values = section.get(1).split(", ", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), values[i]);
        }
        return row;
    }
}
