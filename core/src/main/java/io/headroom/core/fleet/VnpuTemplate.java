package io.headroom.core.fleet;

import java.util.Arrays;
import java.util.Optional;

/**
 * The vNPU templates {@code npu-smi set -t create-vnpu -f <template>} accepts, per chip: how
 * many AI cores and how much memory of the chip each takes.
 *
 * <p>AI CPUs (the {@code _1c}, {@code _3c} in a name) are the driver's business and not counted here.
 *
 * <p>Source: Huawei Ascend documentation, "vNPU templates" / 虚拟化实例模板 of the Ascend HDK
 * (npu-smi command reference and MindX DL "Static vNPU" guide): inference series (310P) vir01,
 * vir02, vir02_1c, vir04, vir04_3c, vir04_3c_ndvpp, vir04_4c_dvpp; training series (910) vir02,
 * vir04, vir08, vir16; Atlas A2 training series (20-core 910B, 64 GB) vir05_1c_16g and
 * vir10_3c_32g. A machine lists its own with {@code npu-smi info -t template-info}; where the two
 * differ, the machine is right.
 */
public enum VnpuTemplate {
    VIR01_310P(AscendChip.ASCEND_310P, "vir01", 1, 3 * 1024),
    VIR02_310P(AscendChip.ASCEND_310P, "vir02", 2, 6 * 1024),
    VIR02_1C_310P(AscendChip.ASCEND_310P, "vir02_1c", 2, 6 * 1024),
    VIR04_310P(AscendChip.ASCEND_310P, "vir04", 4, 12 * 1024),
    VIR04_3C_310P(AscendChip.ASCEND_310P, "vir04_3c", 4, 12 * 1024),
    VIR04_3C_NDVPP_310P(AscendChip.ASCEND_310P, "vir04_3c_ndvpp", 4, 12 * 1024),
    VIR04_4C_DVPP_310P(AscendChip.ASCEND_310P, "vir04_4c_dvpp", 4, 12 * 1024),
    VIR02_910(AscendChip.ASCEND_910, "vir02", 2, 2 * 1024),
    VIR04_910(AscendChip.ASCEND_910, "vir04", 4, 4 * 1024),
    VIR08_910(AscendChip.ASCEND_910, "vir08", 8, 8 * 1024),
    VIR16_910(AscendChip.ASCEND_910, "vir16", 16, 16 * 1024),
    VIR05_1C_16G_910B(AscendChip.ASCEND_910B, "vir05_1c_16g", 5, 16 * 1024),
    VIR10_3C_32G_910B(AscendChip.ASCEND_910B, "vir10_3c_32g", 10, 32 * 1024);

    private final AscendChip chip;
    private final String templateName;
    private final int aiCores;
    private final long memoryMib;

    VnpuTemplate(AscendChip chip, String templateName, int aiCores, long memoryMib) {
        this.chip = chip;
        this.templateName = templateName;
        this.aiCores = aiCores;
        this.memoryMib = memoryMib;
    }

    public AscendChip chip() {
        return chip;
    }

    /** The name npu-smi takes and prints, e.g. "vir02". */
    public String templateName() {
        return templateName;
    }

    public int aiCores() {
        return aiCores;
    }

    public long memoryMib() {
        return memoryMib;
    }

    /** The share of its chip's compute a vNPU of this template holds. */
    public float computeShare() {
        return aiCores / (float) chip.aiCores();
    }

    /** The template of this name on this chip, if the chip has one. */
    public static Optional<VnpuTemplate> of(AscendChip chip, String name) {
        return Arrays.stream(values())
                .filter(t -> t.chip == chip && t.templateName.equals(name))
                .findFirst();
    }
}
