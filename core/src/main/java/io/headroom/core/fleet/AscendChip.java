package io.headroom.core.fleet;

import java.util.Locale;
import java.util.Optional;

/**
 * The Ascend chips that can be cut into vNPUs, with what one chip holds: the AI cores and the
 * memory the vNPU templates ({@link VnpuTemplate}) share out.
 */
public enum AscendChip {
    /** Atlas inference cards (Atlas 300I Pro, 300V Pro): 8 AI cores, 24 GB. */
    ASCEND_310P("310P", 8, 24 * 1024),
    /** Atlas training (Atlas 800 model 9000/9010, Atlas 300T): 32 AI cores, 32 GB HBM. */
    ASCEND_910("910", 32, 32 * 1024),
    /** Atlas A2 training (Atlas 800T A2), the 20-core 910B with 64 GB HBM. */
    ASCEND_910B("910B", 20, 64 * 1024);

    private final String marker;
    private final int aiCores;
    private final long memoryMib;

    AscendChip(String marker, int aiCores, long memoryMib) {
        this.marker = marker;
        this.aiCores = aiCores;
        this.memoryMib = memoryMib;
    }

    public int aiCores() {
        return aiCores;
    }

    public long memoryMib() {
        return memoryMib;
    }

    /** The chip of a model name as npu-smi prints it ("910B3", "Ascend910B", "310P3"), if it can be cut. */
    public static Optional<AscendChip> of(String model) {
        String upper = model.toUpperCase(Locale.ROOT);
        if (upper.contains(ASCEND_910B.marker)) {
            return Optional.of(ASCEND_910B);
        }
        if (upper.contains(ASCEND_310P.marker)) {
            return Optional.of(ASCEND_310P);
        }
        return upper.contains(ASCEND_910.marker) ? Optional.of(ASCEND_910) : Optional.empty();
    }
}
