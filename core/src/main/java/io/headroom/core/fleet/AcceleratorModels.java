package io.headroom.core.fleet;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Peak dense BF16 (or FP16 where the part has no BF16) matrix rates, in TFLOPS, without
 * sparsity: what idle capacity is worth. One row per model, each with where its figure comes
 * from. A model not in the table counts 0 TFLOPS and is named as unknown on screen
 * ({@link #isKnown}), never passed off as an idle card worth nothing.
 *
 * <p>The rate is per device as its vendor's tool lists it: a Cambricon MLU370-X8 carries two
 * MLU370 chips that cnmon lists as two devices of 24 GB each, so each counts half the card.
 */
public final class AcceleratorModels {

    /**
     * One model's figure.
     *
     * @param marker    found in the tool's model name (upper case) to pick this row
     * @param vendor    who makes it
     * @param tflops    peak dense rate of one listed device, TFLOPS
     * @param precision the precision the figure is for
     * @param source    where the figure comes from, and how sure it is
     */
    public record PeakFigure(String marker, Vendor vendor, double tflops, String precision, String source) {}

    private static final String NVIDIA_SHEET = "NVIDIA data sheet, dense (half the sparsity figure)";

    // Order matters: the first marker found in the model name wins ("H200" before "H20", "910B" before "910").
    private static final List<PeakFigure> TABLE = List.of(
            new PeakFigure("GB200", Vendor.NVIDIA, 2500, "BF16", NVIDIA_SHEET + ", per GPU of GB200 NVL72"),
            new PeakFigure("B200", Vendor.NVIDIA, 2250, "BF16", NVIDIA_SHEET + " (HGX B200)"),
            new PeakFigure("H200", Vendor.NVIDIA, 989, "BF16", NVIDIA_SHEET + " (H200 SXM)"),
            new PeakFigure("H100", Vendor.NVIDIA, 989, "BF16", NVIDIA_SHEET + " (H100 SXM)"),
            new PeakFigure("H800", Vendor.NVIDIA, 989, "BF16", NVIDIA_SHEET + " (H800 SXM, H100 compute)"),
            new PeakFigure("H20", Vendor.NVIDIA, 148, "BF16", NVIDIA_SHEET + " (HGX H20)"),
            new PeakFigure("A100", Vendor.NVIDIA, 312, "BF16", NVIDIA_SHEET + " (A100 SXM4)"),
            new PeakFigure("A800", Vendor.NVIDIA, 312, "BF16", NVIDIA_SHEET + " (A800, A100 compute)"),
            new PeakFigure("L40S", Vendor.NVIDIA, 362, "BF16", NVIDIA_SHEET + " (L40S)"),
            new PeakFigure("L40", Vendor.NVIDIA, 181, "BF16", NVIDIA_SHEET + " (L40)"),
            new PeakFigure("L20", Vendor.NVIDIA, 119.5, "BF16", NVIDIA_SHEET + " (L20)"),
            new PeakFigure("A10", Vendor.NVIDIA, 125, "BF16", NVIDIA_SHEET + " (A10)"),
            new PeakFigure("MI325X", Vendor.AMD, 1307, "BF16", "AMD Instinct MI325X data sheet, dense"),
            new PeakFigure("MI300X", Vendor.AMD, 1307, "BF16", "AMD Instinct MI300X data sheet, dense"),
            new PeakFigure("MI250X", Vendor.AMD, 383, "BF16", "AMD Instinct MI250X data sheet"),
            new PeakFigure(
                    "910B",
                    Vendor.HUAWEI,
                    320,
                    "FP16",
                    "press reports of the Ascend 910B (Huawei publishes no per-chip figure for the 910B;"
                            + " 910B3 variants are reported near 313)"),
            new PeakFigure(
                    "910",
                    Vendor.HUAWEI,
                    256,
                    "FP16",
                    "Huawei, Ascend 910 launch (August 2019): 256 TFLOPS FP16; the 910A of npu-smi"),
            new PeakFigure(
                    "310P", Vendor.HUAWEI, 70, "FP16", "Huawei Atlas 300I Pro data sheet: 70 TFLOPS FP16 per card"),
            new PeakFigure(
                    "K100_AI",
                    Vendor.HYGON,
                    196,
                    "FP16",
                    "press reports of the Hygon K100-AI (2024); Hygon publishes no data sheet figure"),
            new PeakFigure(
                    "MLU370-X8",
                    Vendor.CAMBRICON,
                    48,
                    "FP16",
                    "Cambricon MLU370-X8 product page: 96 TFLOPS FP16 per card of two chips; cnmon lists"
                            + " each chip (24 GB) as a device"),
            new PeakFigure(
                    "R200",
                    Vendor.KUNLUNXIN,
                    128,
                    "FP16",
                    "Kunlunxin R200 product page: 128 TFLOPS FP16 (Kunlun II, XPU-R)"),
            new PeakFigure(
                    "R300",
                    Vendor.KUNLUNXIN,
                    128,
                    "FP16",
                    "assumed equal to the R200 (same Kunlun II XPU-R chip); no separate R300 figure found"));

    private AcceleratorModels() {}

    /** Every row, in matching order. */
    public static List<PeakFigure> table() {
        return TABLE;
    }

    /** The row for a model name as its tool reports it, empty when the table does not know the model. */
    public static Optional<PeakFigure> figure(String model) {
        // Tools differ in "K100_AI" against "K100-AI": compare with dashes as underscores.
        String upper = model.toUpperCase(Locale.ROOT).replace('-', '_');
        for (PeakFigure figure : TABLE) {
            if (upper.contains(figure.marker().replace('-', '_'))) {
                return Optional.of(figure);
            }
        }
        return Optional.empty();
    }

    /** Whether the table has a figure for the model. */
    public static boolean isKnown(String model) {
        return figure(model).isPresent();
    }

    /** The model's peak dense rate in TFLOPS, or 0 when the model is not in the table (see {@link #isKnown}). */
    public static double peakDenseTflops(String model) {
        return figure(model).map(PeakFigure::tflops).orElse(0.0);
    }
}
