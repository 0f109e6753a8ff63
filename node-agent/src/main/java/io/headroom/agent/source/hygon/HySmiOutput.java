package io.headroom.agent.source.hygon;

import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.ToolOutput;
import io.headroom.agent.source.table.Values;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hygon's {@code hy-smi}: one line per card under a header of words, between rules of "=". The
 * newer releases call the card an HCU and add decoder and encoder use ({@code HCU ... HCU% Dec%
 * Enc%}); the older ones a DCU ({@code DCU ... DCU%}). Columns are found by their header.
 *
 * <p>hy-smi prints memory only as a percentage of a total it does not print, so memory used
 * and total are unavailable from it (rocm-smi on the same card has them); there is no clock,
 * no memory temperature and no ECC.
 */
public final class HySmiOutput {
    private HySmiOutput() {}

    public static ToolOutput parse(String text, long timeMillis) {
        List<Accelerator> accelerators = new ArrayList<>();
        Map<String, GpuReading> readings = new HashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String[] header = null;
        String card = null;
        int open = 0; // the last card line not yet followed by the closing rule, or 0
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("=")) {
                open = 0;
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (header != null) {
                open = i + 1;
            }
            String[] words = line.split("\\s+");
            if (words[0].equals("HCU") || words[0].equals("DCU")) {
                header = words;
                card = words[0];
                continue;
            }
            if (header == null) {
                problems.add(at(i, line) + "a card before the header (HCU or DCU ...)");
                continue;
            }
            if (words.length != header.length) {
                problems.add(at(i, line) + header.length + " columns under the header, found " + words.length);
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], words[c]);
            }
            try {
                card(card, row, timeMillis, accelerators, readings);
            } catch (IllegalArgumentException e) {
                problems.add(at(i, line) + e.getMessage());
            }
        }
        if (open > 0) {
            problems.add(at(open - 1, lines[open - 1].strip())
                    + "the table ends here without its closing rule: the output was cut short");
        }
        if (header == null) {
            problems.add("no header line (HCU Temp AvgPwr ... or DCU Temp AvgPwr ...) in " + lines.length
                    + " lines of hy-smi");
        }
        return new ToolOutput(accelerators, readings, Map.of(), problems);
    }

    private static void card(
            String card,
            Map<String, String> row,
            long time,
            List<Accelerator> accelerators,
            Map<String, GpuReading> readings) {
        int index;
        try {
            index = Integer.parseInt(row.get(card));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(card + " is '" + row.get(card) + "', not a card number", e);
        }
        var sample = new SampleBuffer();
        sample.timeMillis = time;
        sample.gpuTempC = number(row, "Temp");
        sample.powerW = number(row, "AvgPwr");
        sample.powerLimitW = number(row, "PwrCap");
        sample.utilizationPct = number(row, card + "%");
        String uuid = "HYGON-" + card.toLowerCase(java.util.Locale.ROOT) + index;
        readings.put(uuid, GpuReading.of(sample));
        accelerators.add(new Accelerator(uuid, Vendor.HYGON, "Hygon " + card, 0, index, false, List.of()));
    }

    private static float number(Map<String, String> row, String column) {
        String text = row.get(column);
        return text == null ? Float.NaN : (float) Values.number(column, text);
    }

    private static String at(int index, String line) {
        return "line " + (index + 1) + " '" + (line.length() > 160 ? line.substring(0, 160) + "..." : line) + "': ";
    }
}
