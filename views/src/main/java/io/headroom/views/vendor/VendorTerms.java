package io.headroom.views.vendor;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Vendor;
import io.headroom.views.Messages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The words a vendor's operators use, from the one table in the message bundles
 * ({@code vendor.<vendor>.name|device|activity|memory|slice}): an Ascend operator reads "NPU",
 * "AI Core" and "HBM" where an NVIDIA one reads "GPU", "Utilization" and "Memory".
 *
 * @param name     the vendor as shown: "Huawei Ascend", "Cambricon"
 * @param device   one accelerator: "GPU", "NPU", "DCU", "MLU", "XPU"
 * @param activity what its busy figure is called: "Utilization", "AI Core"
 * @param memory   what its memory is called: "Memory", "HBM"
 * @param slice    what a slice of it is called: "MIG", "vNPU", "VF"
 */
public record VendorTerms(String name, String device, String activity, String memory, String slice) {

    public static VendorTerms of(Messages messages, Vendor vendor) {
        String prefix = "vendor." + vendor.name().toLowerCase(Locale.ROOT) + ".";
        return new VendorTerms(
                messages.get(prefix + "name"),
                messages.get(prefix + "device"),
                messages.get(prefix + "activity"),
                messages.get(prefix + "memory"),
                messages.get(prefix + "slice"));
    }

    /** "NPU 3". */
    public String device(Messages messages, int index) {
        return messages.format("vendor.device", device, index);
    }

    /** "vNPU vir05_1c_16g #101", "MIG 3g.40gb #1". */
    public String slice(Messages messages, String profile, int id) {
        return messages.format("vendor.slice", slice, profile, id);
    }

    /** "8 × Ascend 910B3 (Huawei Ascend)" for each model a server holds, by model name. */
    public static List<String> accelerators(Messages messages, Node node) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Vendor> vendors = new HashMap<>();
        for (Accelerator a : node.accelerators()) {
            counts.merge(a.model(), 1, Integer::sum);
            vendors.put(a.model(), a.vendor());
        }
        List<String> lines = new ArrayList<>(counts.size());
        counts.forEach((model, count) -> lines.add(messages.format(
                "vendor.rack.accelerators",
                messages.integer(count),
                model,
                of(messages, vendors.get(model)).name())));
        return lines;
    }
}
