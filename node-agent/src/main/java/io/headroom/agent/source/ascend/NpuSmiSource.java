package io.headroom.agent.source.ascend;

import io.headroom.agent.source.DeviceTool;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.PolledToolSource;
import io.headroom.agent.source.ToolOutput;
import io.headroom.agent.source.table.Values;
import io.headroom.core.fleet.SampleBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Huawei Ascend NPUs through {@code npu-smi info}, run once per interval. The chips' logic ids
 * (the device index Ascend's runtime and containers use) and their unmasked names come from
 * {@code npu-smi info -m}, read at the first run and again after a run where it failed. Where
 * the table prints no power ("NA", as on 310P cards), {@code npu-smi info -t power -i N -c C}
 * is asked for that chip's real-time power in the same interval.
 */
public final class NpuSmiSource {
    public static final String NAME = "npu-smi";

    private NpuSmiSource() {}

    public static PolledToolSource create(Path executable, int intervalMs, Duration runTimeout, InstantSource clock) {
        var tool = new DeviceTool(NAME, executable, "sources.npu_smi.path");
        AtomicReference<NpuSmiMapping> mapping = new AtomicReference<>();
        return new PolledToolSource(
                tool, (run, timeout, now) -> read(run, timeout, now, mapping), intervalMs, runTimeout, clock);
    }

    private static ToolOutput read(DeviceTool tool, Duration timeout, long now, AtomicReference<NpuSmiMapping> cache)
            throws IOException {
        List<String> mappingProblems = new ArrayList<>();
        NpuSmiMapping mapping = cache.get();
        if (mapping == null) {
            try {
                mapping = NpuSmiMapping.parse(tool.run(timeout, "info", "-m"));
                mapping.problems().forEach(p -> mappingProblems.add("info -m: " + p));
                if (!mapping.logicIds().isEmpty()) {
                    cache.set(mapping);
                }
            } catch (IOException e) {
                mappingProblems.add("info -m failed, so indices are NPU ids until it answers: " + e.getMessage());
                mapping = NpuSmiMapping.NONE;
            }
        }
        NpuSmiInfo.Parsed parsed =
                NpuSmiInfo.parse(tool.run(timeout, "info"), now, mapping.logicIds(), mapping.names());
        ToolOutput info = withPower(tool, timeout, parsed, mappingProblems);
        if (mappingProblems.isEmpty()) {
            return info;
        }
        List<String> problems = new ArrayList<>(mappingProblems);
        problems.addAll(info.problems());
        return new ToolOutput(info.accelerators(), info.readings(), info.faults(), problems);
    }

    /** The table's readings, with the power of each chip whose row has none asked of {@code -t power}. */
    private static ToolOutput withPower(
            DeviceTool tool, Duration timeout, NpuSmiInfo.Parsed parsed, List<String> problems) throws IOException {
        ToolOutput info = parsed.output();
        Map<String, GpuReading> readings = new HashMap<>(info.readings());
        for (var entry : info.readings().entrySet()) {
            if (!Float.isNaN(entry.getValue().powerW())) {
                continue;
            }
            NpuSmiInfo.ChipId chip = parsed.chips().get(entry.getKey());
            NpuSmiDetails page = NpuSmiDetails.parse(tool.run(
                    timeout,
                    "info",
                    "-t",
                    "power",
                    "-i",
                    Integer.toString(chip.npu()),
                    "-c",
                    Integer.toString(chip.chip())));
            page.problems().forEach(p -> problems.add("info -t power -i " + chip.npu() + ": " + p));
            String watts = page.first("NPU Real-time Power(W)");
            if (watts == null) {
                watts = page.first("Power Dissipation(W)");
            }
            if (watts == null || Values.absent(watts)) {
                continue;
            }
            try {
                readings.put(entry.getKey(), withPowerW(entry.getValue(), (float) Values.number("power", watts)));
            } catch (IllegalArgumentException e) {
                problems.add("info -t power -i " + chip.npu() + ": " + e.getMessage());
            }
        }
        return new ToolOutput(info.accelerators(), readings, info.faults(), info.problems());
    }

    private static GpuReading withPowerW(GpuReading r, float watts) {
        var sample = r.writeTo(new SampleBuffer());
        sample.powerW = watts;
        return GpuReading.of(sample);
    }
}
