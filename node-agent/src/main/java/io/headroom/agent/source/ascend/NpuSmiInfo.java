package io.headroom.agent.source.ascend;

import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.ToolOutput;
import io.headroom.agent.source.table.BoxTable;
import io.headroom.agent.source.table.Values;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code npu-smi info}: two lines per chip (NPU and name, health, power, temperature, then chip,
 * bus, AI Core use and memory), in a box whose columns differ between releases: 310-class cards
 * carry several chips each and add a Device column, 910 releases add HBM, and some servers mask
 * the name as "xxx". Then, on releases that print it, a table of the processes on each chip.
 *
 * <p>What npu-smi does not print is unavailable: no power limit, no memory temperature, no clock.
 * Health other than OK (Warning, Alarm, Critical) is a fault of that chip.
 */
public final class NpuSmiInfo {

    /** One process on a chip, from the process table; memory NaN when not printed. */
    public record ChipProcess(int npu, int chip, int pid, String name, float memoryMib) {}

    /** A chip's NPU id and chip id, for the commands that take them ({@code -i npu -c chip}). */
    public record ChipId(int npu, int chip) {}

    /** The chips, their readings, faults and problems, the process table, and each chip's ids by UUID. */
    public record Parsed(ToolOutput output, List<ChipProcess> processes, Map<String, ChipId> chips) {}

    private static final Set<String> HEADER_WORDS = Set.of("NPU", "Chip");
    private static final String HEALTH = "Health";

    private NpuSmiInfo() {}

    /**
     * Reads one {@code npu-smi info} output; never throws, every unreadable line is a problem.
     *
     * @param logicIds the chips' logic ids by "npu/chip" from {@code npu-smi info -m}, which is the
     *                 device index Ascend's own tools and containers use; empty when not known
     * @param chipNames the chips' names by "npu/chip" from the same mapping, for names masked as "xxx"
     */
    public static Parsed parse(
            String text, long timeMillis, Map<String, Integer> logicIds, Map<String, String> chipNames) {
        BoxTable.Parsed box = BoxTable.parse(text, HEADER_WORDS, true);
        List<String> problems = new ArrayList<>(box.problems());
        List<Accelerator> accelerators = new ArrayList<>();
        Map<String, GpuReading> readings = new HashMap<>();
        Map<String, String> faults = new HashMap<>();
        List<ChipProcess> processes = new ArrayList<>();
        Map<String, ChipId> chips = new HashMap<>();
        boolean sawChips = false;
        for (BoxTable.Table table : box.tables()) {
            if (table.hasColumn(HEALTH)) {
                sawChips = true;
                for (BoxTable.Row row : table.rows()) {
                    try {
                        chip(row, timeMillis, logicIds, chipNames, accelerators, readings, faults, chips);
                    } catch (IllegalArgumentException e) {
                        problems.add(BoxTable.at(
                                        row.line(),
                                        row.text().lines().findFirst().orElse(""))
                                + e.getMessage());
                    }
                }
            } else if (table.hasColumn("Process id")) {
                for (BoxTable.Row row : table.rows()) {
                    try {
                        processes.add(new ChipProcess(
                                integer(row, "NPU"),
                                integer(row, "Chip"),
                                integer(row, "Process id"),
                                row.values().getOrDefault("Process name", ""),
                                (float) Values.number("Process memory(MB)", row.get("Process memory(MB)"))));
                    } catch (IllegalArgumentException e) {
                        problems.add(BoxTable.at(row.line(), row.text()) + e.getMessage());
                    }
                }
            }
        }
        if (!sawChips) {
            problems.add("no chip table (a header with NPU, Name and Health) in "
                    + text.lines().count() + " lines of npu-smi info");
        }
        return new Parsed(
                new ToolOutput(accelerators, readings, faults, problems), List.copyOf(processes), Map.copyOf(chips));
    }

    private static void chip(
            BoxTable.Row row,
            long time,
            Map<String, Integer> logicIds,
            Map<String, String> chipNames,
            List<Accelerator> accelerators,
            Map<String, GpuReading> readings,
            Map<String, String> faults,
            Map<String, ChipId> chips) {
        int npu = integer(row, "NPU");
        int chip = integer(row, "Chip");
        String key = npu + "/" + chip;
        String bus = row.values().getOrDefault("Bus-Id", "");
        String uuid = Ascend.uuid(bus, npu, chip);
        int index;
        if (logicIds.containsKey(key)) {
            index = logicIds.get(key);
        } else if (row.has("Device")) {
            index = integer(row, "Device");
        } else {
            index = npu;
        }
        var sample = new SampleBuffer();
        sample.timeMillis = time;
        sample.powerW = (float) Values.number("Power(W)", require(row, "Power(W)"));
        sample.gpuTempC = (float) Values.number("Temp(C)", require(row, "Temp(C)"));
        sample.utilizationPct = (float) Values.number("AICore(%)", require(row, "AICore(%)"));
        // The 910's workloads live in HBM; Memory-Usage is the chip's DDR for its own CPUs. A 310 has DDR only.
        double[] hbm = row.has("HBM-Usage(MB)") ? Values.pair("HBM-Usage(MB)", row.get("HBM-Usage(MB)")) : null;
        double[] memory =
                hbm != null && hbm[1] > 0 ? hbm : Values.pair("Memory-Usage(MB)", require(row, "Memory-Usage(MB)"));
        sample.memoryUsedMib = (float) memory[0];
        String health = require(row, HEALTH);
        sample.health = Ascend.health(health);
        if (sample.health.troubled()) {
            faults.put(uuid, health);
        }
        readings.put(uuid, GpuReading.of(sample));
        chips.put(uuid, new ChipId(npu, chip));
        accelerators.add(new Accelerator(
                uuid,
                Vendor.HUAWEI,
                Ascend.model(row.values().getOrDefault("Name", ""), chipNames.get(key)),
                Double.isNaN(memory[1]) ? 0 : (long) memory[1],
                index,
                false,
                List.of()));
    }

    private static String require(BoxTable.Row row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("no value under " + column);
        }
        return value;
    }

    static int integer(BoxTable.Row row, String column) {
        String text = require(row, column);
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is '" + text + "', not a whole number", e);
        }
    }
}
