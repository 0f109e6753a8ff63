package io.headroom.agent.simulator;

import io.headroom.core.fleet.AscendChip;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.VnpuTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * The vNPU layouts of the simulated Ascend 910B cards that serve inference: each fills the
 * chip's 20 AI cores and 64 GB with {@link VnpuTemplate}s of the 910B. A vNPU's id is
 * {@code 100 + 16 * card + k}, the range npu-smi gives the vNPUs of a physical NPU.
 */
final class VnpuLayouts {

    private static final List<List<VnpuTemplate>> LAYOUTS = List.of(
            List.of(VnpuTemplate.VIR10_3C_32G_910B, VnpuTemplate.VIR10_3C_32G_910B),
            List.of(VnpuTemplate.VIR10_3C_32G_910B, VnpuTemplate.VIR05_1C_16G_910B, VnpuTemplate.VIR05_1C_16G_910B),
            List.of(
                    VnpuTemplate.VIR05_1C_16G_910B,
                    VnpuTemplate.VIR05_1C_16G_910B,
                    VnpuTemplate.VIR05_1C_16G_910B,
                    VnpuTemplate.VIR05_1C_16G_910B));

    private VnpuLayouts() {}

    /** The vNPUs of one card: layout drawn from {@code uniform}, the card's index on its node. */
    static List<MigSlice> slices(double uniform, int cardIndex, long identitySeed, int gpu) {
        List<VnpuTemplate> layout = LAYOUTS.get(Math.min(LAYOUTS.size() - 1, (int) (uniform * LAYOUTS.size())));
        List<MigSlice> slices = new ArrayList<>(layout.size());
        for (int k = 0; k < layout.size(); k++) {
            VnpuTemplate template = layout.get(k);
            if (template.chip() != AscendChip.ASCEND_910B) {
                throw new IllegalStateException("a 910B layout names " + template);
            }
            int vnpuId = 100 + 16 * cardIndex + k;
            slices.add(new MigSlice(
                    Identifiers.vnpuUuid(identitySeed, gpu, vnpuId),
                    vnpuId,
                    0,
                    MigSlice.PROFILE_UNKNOWN,
                    template.templateName(),
                    MigSlice.PLACEMENT_UNKNOWN,
                    MigSlice.PLACEMENT_UNKNOWN,
                    template.memoryMib()));
        }
        return List.copyOf(slices);
    }
}
