package io.headroom.agent.source.ascend;

import io.headroom.core.fleet.DeviceHealth;
import java.util.Locale;

/** How Headroom names an Ascend chip, the same whether npu-smi or npu-exporter saw it. */
final class Ascend {
    private Ascend() {}

    /** "ASCEND-pci-0000:c1:00.0" by its PCI address; by NPU and chip where the address is not printed. */
    static String uuid(String busId, int npu, int chip) {
        String bus = busId == null ? "" : busId.strip();
        return bus.isEmpty() || bus.equals("NA") || bus.equals("N/A")
                ? "ASCEND-npu" + npu + "-chip" + chip
                : "ASCEND-pci-" + bus.toLowerCase(Locale.ROOT);
    }

    /** npu-smi's Health as a verdict: OK, Warning, Alarm, Critical; another word is a Warning (a word, not OK). */
    static DeviceHealth health(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "ok" -> DeviceHealth.OK;
            case "alarm", "major" -> DeviceHealth.ALARM;
            case "critical" -> DeviceHealth.CRITICAL;
            default -> DeviceHealth.WARNING;
        };
    }

    /**
     * "Huawei Ascend 910A" from what npu-smi prints ("910A", "310") or, when it masks the name as
     * "xxx", the chip name of {@code npu-smi info -m} ("Ascend 910A").
     */
    static String model(String name, String mappedName) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.chars().allMatch(c -> c == 'x' || c == 'X')) {
            n = mappedName == null ? "" : mappedName.strip();
        }
        if (n.isEmpty()) {
            return "Huawei Ascend (name masked)";
        }
        String bare = n.startsWith("Ascend") ? n.substring("Ascend".length()).strip() : n;
        return bare.isEmpty() ? "Huawei Ascend" : "Huawei Ascend " + bare;
    }
}
