package io.headroom.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceleratorModelsTest {

    @Test
    void everyRowHasAFigureAPrecisionAndASource() {
        for (var row : AcceleratorModels.table()) {
            assertThat(row.tflops()).as(row.marker()).isPositive();
            assertThat(row.precision()).as(row.marker()).isIn("BF16", "FP16");
            assertThat(row.source()).as(row.marker()).isNotBlank();
        }
    }

    @Test
    void namesAsEachVendorsToolPrintsThemFindTheirRow() {
        assertThat(AcceleratorModels.peakDenseTflops("NVIDIA H100 80GB HBM3")).isEqualTo(989);
        assertThat(AcceleratorModels.peakDenseTflops("NVIDIA H200")).isEqualTo(989);
        assertThat(AcceleratorModels.peakDenseTflops("NVIDIA H20")).isEqualTo(148);
        assertThat(AcceleratorModels.peakDenseTflops("NVIDIA A100-SXM4-80GB")).isEqualTo(312);
        assertThat(AcceleratorModels.peakDenseTflops("NVIDIA L40S")).isEqualTo(362);
        assertThat(AcceleratorModels.peakDenseTflops("AMD Instinct MI300X")).isEqualTo(1307);
        assertThat(AcceleratorModels.peakDenseTflops("910B3")).isEqualTo(320);
        assertThat(AcceleratorModels.peakDenseTflops("Ascend 910B3")).isEqualTo(320);
        assertThat(AcceleratorModels.peakDenseTflops("910A")).isEqualTo(256);
        assertThat(AcceleratorModels.peakDenseTflops("310P3")).isEqualTo(70);
        assertThat(AcceleratorModels.peakDenseTflops("K100_AI")).isEqualTo(196);
        assertThat(AcceleratorModels.peakDenseTflops("K100-AI")).isEqualTo(196);
        assertThat(AcceleratorModels.peakDenseTflops("MLU370-X8")).isEqualTo(48);
        assertThat(AcceleratorModels.peakDenseTflops("R200")).isEqualTo(128);
        assertThat(AcceleratorModels.peakDenseTflops("R300")).isEqualTo(128);
        assertThat(AcceleratorModels.figure("910B3").orElseThrow().vendor()).isEqualTo(Vendor.HUAWEI);
        assertThat(AcceleratorModels.figure("MLU370-X8").orElseThrow().vendor()).isEqualTo(Vendor.CAMBRICON);
    }

    @Test
    void modelsWithoutAPublishedFigureAreUnknownNotZeroWorth() {
        // No data sheet figure found for these: they count 0 and are named as unknown.
        for (String model : new String[] {"MLU590", "Hygon Z100", "xxx", ""}) {
            assertThat(AcceleratorModels.isKnown(model)).as(model).isFalse();
            assertThat(AcceleratorModels.peakDenseTflops(model)).as(model).isZero();
        }
    }

    @Test
    void theLayoutNamesTheModelsItCannotValue() {
        var known = new Accelerator("NPU-0", Vendor.HUAWEI, "910B3", 65536, 0, false, java.util.List.of());
        var unknown = new Accelerator("MLU-0", Vendor.CAMBRICON, "MLU590", 81920, 1, false, java.util.List.of());
        var node = new Node(
                "n", "SN", "r1", 1, 4, "p", "t", SchedulerState.IDLE, 1, 1000, java.util.List.of(known, unknown));
        var layout = new FleetLayout(new Inventory(
                "test",
                1,
                java.util.List.of(),
                java.util.List.of(),
                java.util.List.of(new Rack("r1", "h1", "A", 1, 42, 40)),
                java.util.List.of(node)));
        assertThat(layout.unknownModelGpus()).containsExactly(java.util.Map.entry("MLU590", 1));
        assertThat(layout.vendor(0)).isEqualTo(Vendor.HUAWEI);
        assertThat(layout.vendor(1)).isEqualTo(Vendor.CAMBRICON);
        assertThat(layout.peakTflops(1)).isZero();
    }
}
