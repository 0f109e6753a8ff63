package io.headroom.agent.source.ascend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "Key : value" pages of {@code npu-smi info -l} and {@code npu-smi info -t
 * usages|power|temp|board -i N}: one record per NPU (a record starts at each "NPU ID"), each a
 * map of the page's keys as printed ("HBM Capacity(MB)", "NPU Real-time Power(W)"). A key met
 * twice in one record (the temperature page's second "Chip ID") keeps its first value.
 *
 * @param problems each naming the line number and text that is not "Key : value"
 */
public record NpuSmiDetails(List<Map<String, String>> records, List<String> problems) {

    public static NpuSmiDetails parse(String text) {
        List<Map<String, String>> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> record = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(" : ");
            if (colon < 0 && line.endsWith(" :")) {
                colon = line.length() - 2;
            }
            if (colon <= 0) {
                problems.add("line " + (i + 1) + " '" + (line.length() > 160 ? line.substring(0, 160) + "..." : line)
                        + "': not 'Key : value'");
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(Math.min(line.length(), colon + 3)).strip();
            if (key.equals("NPU ID") || record == null) {
                record = new LinkedHashMap<>();
                records.add(record);
            }
            record.putIfAbsent(key, value);
        }
        return new NpuSmiDetails(records.stream().map(Map::copyOf).toList(), List.copyOf(problems));
    }

    /** The first record's value for {@code key}, or null. */
    public String first(String key) {
        return records.isEmpty() ? null : records.getFirst().get(key);
    }
}
