package io.headroom.agent.exporter;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import java.nio.charset.StandardCharsets;

/**
 * The label sets dcgm-exporter puts on each row, written once per inventory as bytes, so a
 * scrape only copies them: for a GPU
 * {@code {gpu="3",UUID="GPU-…",device="nvidia3",modelName="…",Hostname="…",DCGM_FI_DRIVER_VERSION="…"} },
 * for a MIG instance the same with {@code GPU_I_PROFILE} and {@code GPU_I_ID} after the
 * model, in the order the real exporter writes them. A MIG instance's rows carry its GPU's
 * UUID, as the real exporter's do.
 */
final class ExporterLabels {

    /** What dcgm-exporter reports as the driver; the simulator has no driver, so one plausible version. */
    static final String DRIVER_VERSION = "550.127.08";

    private final FleetLayout layout;
    private final byte[][] bySlot;
    private final byte[][] byNode;

    ExporterLabels(FleetLayout layout) {
        this.layout = layout;
        bySlot = new byte[layout.slotCount()][];
        byNode = new byte[layout.nodeCount()][];
        for (int n = 0; n < layout.nodeCount(); n++) {
            Node node = layout.node(n);
            byNode[n] = ("{Hostname=\"" + escape(node.hostname()) + "\"} ").getBytes(StandardCharsets.UTF_8);
            for (int g = layout.firstGpuSlot(n); g < layout.endGpuSlot(n); g++) {
                Accelerator gpu = layout.accelerator(g);
                String common = "{gpu=\"" + gpu.index() + "\",UUID=\"" + escape(gpu.uuid()) + "\",device=\"nvidia"
                        + gpu.index() + "\",modelName=\"" + escape(gpu.model()) + "\"";
                String host = ",Hostname=\"" + escape(node.hostname()) + "\",DCGM_FI_DRIVER_VERSION=\"" + DRIVER_VERSION
                        + "\"} ";
                bySlot[g] = (common + host).getBytes(StandardCharsets.UTF_8);
                for (int s = layout.firstSliceSlot(g); s < layout.endSliceSlot(g); s++) {
                    MigSlice slice = layout.slice(s);
                    bySlot[s] = (common + ",GPU_I_PROFILE=\"" + escape(slice.profileName()) + "\",GPU_I_ID=\""
                                    + slice.gpuInstanceId() + "\"" + host)
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
        }
    }

    FleetLayout layout() {
        return layout;
    }

    /** The labels of a GPU's or MIG slice's rows, braces and the space before the value included. */
    byte[] row(int slot) {
        return bySlot[slot];
    }

    /** {@code {Hostname="…"} } for the node's own rows. */
    byte[] node(int node) {
        return byNode[node];
    }

    /** The exposition format's escapes for label values: backslash, double quote, line feed. */
    static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
