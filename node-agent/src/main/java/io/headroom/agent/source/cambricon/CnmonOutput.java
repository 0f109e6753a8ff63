package io.headroom.agent.source.cambricon;

import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.ToolOutput;
import io.headroom.agent.source.table.BoxTable;
import io.headroom.agent.source.table.Values;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cambricon's {@code cnmon}: two lines per card (card, VF, name, firmware, bus, use, ECC errors;
 * fan, temperature, power used and cap, memory), whose columns differ between driver releases
 * and are found by their header. Then the processes on each card.
 *
 * <p>The card's ECC error count is its uncorrectable-ECC reading (and a fault when above 0);
 * "N/A" there is unmeasured, never 0. cnmon prints no clock and no memory temperature.
 */
public final class CnmonOutput {

    /** One process on a card; memory NaN when not printed. */
    public record CardProcess(int card, int pid, String command, float memoryMib) {}

    public record Parsed(ToolOutput output, List<CardProcess> processes) {}

    private static final Set<String> HEADER_WORDS = Set.of("Card", "Fan");

    private CnmonOutput() {}

    public static Parsed parse(String text, long timeMillis) {
        BoxTable.Parsed box = BoxTable.parse(text, HEADER_WORDS, true);
        List<String> problems = new ArrayList<>(box.problems());
        List<Accelerator> accelerators = new ArrayList<>();
        Map<String, GpuReading> readings = new HashMap<>();
        Map<String, String> faults = new HashMap<>();
        List<CardProcess> processes = new ArrayList<>();
        boolean sawCards = false;
        for (BoxTable.Table table : box.tables()) {
            if (table.hasColumn("Bus-Id")) {
                sawCards = true;
                for (BoxTable.Row row : table.rows()) {
                    try {
                        card(row, timeMillis, accelerators, readings, faults);
                    } catch (IllegalArgumentException e) {
                        problems.add(BoxTable.at(
                                        row.line(),
                                        row.text().lines().findFirst().orElse(""))
                                + e.getMessage());
                    }
                }
            } else if (table.columns().stream().anyMatch(c -> c.contains("PID"))) {
                for (BoxTable.Row row : table.rows()) {
                    try {
                        processes.add(process(row));
                    } catch (IllegalArgumentException e) {
                        problems.add(BoxTable.at(row.line(), row.text()) + e.getMessage());
                    }
                }
            }
        }
        if (!sawCards) {
            problems.add("no card table (a header with Card, Name and Bus-Id) in "
                    + text.lines().count() + " lines of cnmon");
        }
        return new Parsed(new ToolOutput(accelerators, readings, faults, problems), List.copyOf(processes));
    }

    private static void card(
            BoxTable.Row row,
            long time,
            List<Accelerator> accelerators,
            Map<String, GpuReading> readings,
            Map<String, String> faults) {
        int card = whole("Card", require(row, "Card"));
        String bus = require(row, "Bus-Id");
        String uuid = "CAMBRICON-pci-" + bus.toLowerCase(Locale.ROOT);
        var sample = new SampleBuffer();
        sample.timeMillis = time;
        sample.utilizationPct = number(row, "Util");
        sample.gpuTempC = number(row, "Temp");
        if (row.has("Pwr:Usage/Cap")) {
            double[] power = Values.pair("Pwr:Usage/Cap", row.get("Pwr:Usage/Cap"));
            sample.powerW = (float) power[0];
            sample.powerLimitW = (float) power[1];
        }
        double[] memory = Values.pair("Memory-Usage", require(row, "Memory-Usage"));
        sample.memoryUsedMib = (float) memory[0];
        String ecc = row.get("Ecc-Error");
        if (ecc != null && !Values.absent(ecc)) {
            int errors = whole("Ecc-Error", ecc);
            sample.measured(IntegerReading.ECC_UNCORRECTABLE, errors);
            if (errors > 0) {
                faults.put(uuid, "ECC errors " + errors);
            }
        }
        readings.put(uuid, GpuReading.of(sample));
        String name = row.values().getOrDefault("Name", "").strip();
        accelerators.add(new Accelerator(
                uuid,
                Vendor.CAMBRICON,
                name.isEmpty() ? "Cambricon MLU" : "Cambricon " + name,
                Double.isNaN(memory[1]) ? 0 : (long) memory[1],
                card,
                false,
                List.of()));
    }

    /** "0  /  12345  python train.py  1024 MiB" under "Card MI PID Command Line MLU Memory Usage". */
    private static CardProcess process(BoxTable.Row row) {
        String line = String.join(" ", row.values().values()).strip();
        String[] words = line.split("\\s+");
        if (words.length < 5) {
            throw new IllegalArgumentException(
                    "a process needs card, MI, PID, command and memory; found '" + line + "'");
        }
        int card = whole("Card", words[0]);
        int pid = whole("PID", words[2]);
        String memoryText = words[words.length - 1].matches("[A-Za-z]+")
                ? words[words.length - 2] + " " + words[words.length - 1]
                : words[words.length - 1];
        int commandEnd = words.length - (memoryText.contains(" ") ? 2 : 1);
        String command = String.join(" ", java.util.Arrays.copyOfRange(words, 3, commandEnd));
        return new CardProcess(card, pid, command, (float) Values.number("MLU Memory Usage", memoryText));
    }

    private static String require(BoxTable.Row row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("no value under " + column);
        }
        return value;
    }

    private static float number(BoxTable.Row row, String column) {
        String text = row.get(column);
        return text == null ? Float.NaN : (float) Values.number(column, text);
    }

    private static int whole(String column, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is '" + text.strip() + "', not a whole number", e);
        }
    }
}
