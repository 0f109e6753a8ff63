package io.headroom.agent.source.ascend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code npu-smi info -m}: each chip's NPU id, chip id, logic id and name, in columns under
 * headers with spaces in them ("Chip Logic ID"), set apart by two spaces or more and read by
 * their header's name. A chip with
 * no logic id ("-", the card's MCU) is no accelerator and is left out.
 *
 * @param logicIds by "npu/chip"
 * @param names    by "npu/chip"
 * @param problems each naming the line number and text
 */
public record NpuSmiMapping(Map<String, Integer> logicIds, Map<String, String> names, List<String> problems) {

    public static final NpuSmiMapping NONE = new NpuSmiMapping(Map.of(), Map.of(), List.of());

    public static NpuSmiMapping parse(String text) {
        Map<String, Integer> logicIds = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String[] headers = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.isBlank()) {
                continue;
            }
            if (headers == null) {
                if (line.strip().startsWith("NPU ID")) {
                    headers = line.strip().split("\\s{2,}", -1);
                }
                continue;
            }
            String[] values = line.strip().split("\\s{2,}", -1);
            if (values.length != headers.length || !Character.isDigit(values[0].charAt(0))) {
                if (!line.startsWith("http")) {
                    problems.add("line " + (i + 1) + " '" + line.strip() + "': " + headers.length
                            + " columns under the header, found " + values.length);
                }
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int h = 0; h < headers.length; h++) {
                row.put(headers[h], values[h]);
            }
            try {
                String key = Integer.parseInt(row.getOrDefault("NPU ID", "?")) + "/"
                        + Integer.parseInt(row.getOrDefault("Chip ID", "?"));
                String logic = row.getOrDefault("Chip Logic ID", "-");
                if (!logic.equals("-")) {
                    logicIds.put(key, Integer.parseInt(logic));
                    names.put(key, row.getOrDefault("Chip Name", ""));
                }
            } catch (NumberFormatException e) {
                problems.add("line " + (i + 1) + " '" + line.strip() + "': an id is not a whole number");
            }
        }
        if (headers == null) {
            problems.add("no header 'NPU ID  Chip ID  Chip Logic ID' in npu-smi info -m");
        }
        return new NpuSmiMapping(Map.copyOf(logicIds), Map.copyOf(names), List.copyOf(problems));
    }
}
