package io.headroom.agent.source.ascend;

import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.ToolOutput;
import io.headroom.agent.source.dcgm.PrometheusText;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chips in one scrape of Ascend's npu-exporter ({@code npu_chip_info_*}). Labels differ
 * between exporter releases, so a chip is keyed by {@code id} (its logic id) and, where set,
 * {@code vdie_id}; its PCI address ({@code pcie_bus_info}) and name ({@code model_name}, or
 * {@code name} on {@code npu_chip_info_name}) are used where present. Samples carry the
 * exporter's own timestamps, which are its cache's and not when the chip was read; the reading
 * is timed at the scrape.
 *
 * <p>Health status 1 is healthy; anything else is a fault, with the exporter's error code.
 * Memory is HBM where the exporter reports an HBM total above 0, else the chip's DDR; a total
 * of 0 is "not reported", never a chip without memory.
 */
public final class NpuExporterMetrics {
    private static final String PREFIX = "npu_chip_info_";

    private NpuExporterMetrics() {}

    private static final class Chip {
        final String id;
        final Map<String, Double> values = new HashMap<>();
        String bus = "";
        String name = "";

        Chip(String id) {
            this.id = id;
        }

        double get(String metric) {
            return values.getOrDefault(metric, Double.NaN);
        }
    }

    public static ToolOutput of(List<PrometheusText.Sample> samples, long timeMillis) {
        Map<String, Chip> chips = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (PrometheusText.Sample s : samples) {
            if (!s.name().startsWith(PREFIX)) {
                continue;
            }
            String id = s.label("id");
            if (id == null || id.isBlank()) {
                problems.add("line " + s.line() + ": " + s.name() + " has no id label, so no chip to put it on");
                continue;
            }
            String vdie = s.label("vdie_id");
            String key = vdie == null || vdie.isBlank() ? id : id + "/" + vdie;
            Chip chip = chips.computeIfAbsent(key, Chip::new);
            String metric = s.name().substring(PREFIX.length());
            chip.values.put(metric, s.value());
            String bus = s.label("pcie_bus_info");
            if (bus != null && !bus.isBlank()) {
                chip.bus = bus;
            }
            String name = metric.equals("name") ? s.label("name") : s.label("model_name");
            if (name != null && !name.isBlank()) {
                chip.name = name;
            }
        }
        List<Accelerator> accelerators = new ArrayList<>();
        Map<String, GpuReading> readings = new HashMap<>();
        Map<String, String> faults = new HashMap<>();
        for (Chip chip : chips.values()) {
            int index;
            try {
                index = Integer.parseInt(chip.id.contains("/") ? chip.id.substring(0, chip.id.indexOf('/')) : chip.id);
            } catch (NumberFormatException e) {
                problems.add("chip id '" + chip.id + "' is not a whole number; left out");
                continue;
            }
            String uuid =
                    chip.bus.isEmpty() ? "ASCEND-id" + chip.id.replace('/', '-') : Ascend.uuid(chip.bus, index, 0);
            double hbmTotal = chip.get("hbm_total_memory");
            boolean hbm = hbmTotal > 0;
            double total = hbm ? hbmTotal : chip.get("total_memory");
            var sample = new SampleBuffer();
            sample.timeMillis = timeMillis;
            sample.utilizationPct = (float) chip.get("utilization");
            sample.powerW = (float) chip.get("power");
            sample.gpuTempC = (float) chip.get("temperature");
            sample.smClockMhz = (float) chip.get("aicore_current_freq");
            sample.memoryUsedMib = (float) (total > 0 ? chip.get(hbm ? "hbm_used_memory" : "used_memory") : Double.NaN);
            double health = chip.get("health_status");
            if (!Double.isNaN(health)) {
                sample.health = health == 1 ? DeviceHealth.OK : DeviceHealth.ALARM;
            }
            if (!Double.isNaN(health) && health != 1) {
                double code = chip.get("error_code");
                faults.put(uuid, "unhealthy" + (Double.isNaN(code) || code == 0 ? "" : ", error code " + (long) code));
                // the exporter says unhealthy, not how badly: an alarm (above)
            }
            readings.put(uuid, GpuReading.of(sample));
            accelerators.add(new Accelerator(
                    uuid,
                    Vendor.HUAWEI,
                    Ascend.model(chip.name.replaceAll("-Ascend-V\\d+$", ""), null),
                    total > 0 ? (long) total : 0,
                    index,
                    false,
                    List.of()));
        }
        return new ToolOutput(accelerators, readings, faults, problems);
    }
}
