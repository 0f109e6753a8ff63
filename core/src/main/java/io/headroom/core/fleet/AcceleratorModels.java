package io.headroom.core.fleet;

import java.util.List;
import java.util.Locale;

/**
 * Peak dense BF16 (or FP16 where the part has no BF16) tensor rates, in TFLOPS, without
 * sparsity: what idle capacity is worth. From the vendors' data sheets, SXM/OAM parts.
 */
public final class AcceleratorModels {

    private record Peak(String marker, double tflops) {}

    // Order matters: the first marker found in the model name wins ("H200" before "H20").
    private static final List<Peak> PEAKS = List.of(
            new Peak("GB200", 2500),
            new Peak("B200", 2250),
            new Peak("H200", 989),
            new Peak("H100", 989),
            new Peak("H800", 989),
            new Peak("H20", 148),
            new Peak("A100", 312),
            new Peak("A800", 312),
            new Peak("L40S", 362),
            new Peak("L40", 181),
            new Peak("L20", 119.5),
            new Peak("A10", 125),
            new Peak("MI325X", 1307),
            new Peak("MI300X", 1307),
            new Peak("MI250X", 383),
            new Peak("910B", 320));

    private AcceleratorModels() {}

    /** The model's peak dense rate in TFLOPS, or 0 when the model is not in the table. */
    public static double peakDenseTflops(String model) {
        String upper = model.toUpperCase(Locale.ROOT);
        for (Peak peak : PEAKS) {
            if (upper.contains(peak.marker())) {
                return peak.tflops();
            }
        }
        return 0;
    }
}
