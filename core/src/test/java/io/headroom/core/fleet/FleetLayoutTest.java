package io.headroom.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.TestFleets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetLayoutTest {

    @Test
    void gpuSlotsComeFirstInInventoryOrderThenSlices() {
        var layout = new FleetLayout(TestFleets.withMig());
        assertThat(layout.gpuCount()).isEqualTo(2);
        assertThat(layout.sliceCount()).isEqualTo(2);
        assertThat(layout.gpuSlot(0, 1)).isEqualTo(1);
        int slice = layout.sliceSlot(1, 2);
        assertThat(slice).isEqualTo(3);
        assertThat(layout.isSlice(slice)).isTrue();
        assertThat(layout.parentGpuSlot(slice)).isEqualTo(1);
        assertThat(layout.describe(slice)).isEqualTo("mig GPU 1 MIG 4g.40gb #2");
        assertThat(layout.sliceSlot(0, 1)).isEqualTo(FleetLayout.NONE);
        assertThat(layout.nodeIndex("nope")).isEqualTo(FleetLayout.NONE);
    }

    @Test
    void aSliceIsWorthItsShareOfTheGpu() {
        var layout = new FleetLayout(TestFleets.withMig());
        assertThat(layout.peakTflops(0)).isEqualTo(989f);
        assertThat(layout.peakTflops(layout.sliceSlot(1, 1))).isEqualTo(989f * 3 / 7);
    }

    @Test
    void findsGpusWhoseIndicesAreNotDense() {
        var a = new Accelerator("GPU-x", Vendor.NVIDIA, "NVIDIA L40S", 46068, 4, false, List.of());
        var node = new Node("n", "s", "r", 1, 2, "p", "t", SchedulerState.IDLE, 1, 1000, List.of(a));
        var layout = new FleetLayout(new Inventory("t", 1, List.of(), List.of(), List.of(), List.of(node)));
        assertThat(layout.gpuSlot(0, 4)).isZero();
        assertThat(layout.gpuSlot(0, 0)).isEqualTo(FleetLayout.NONE);
        assertThat(layout.rackOfNode(0)).isEqualTo(FleetLayout.NONE);
    }

    @Test
    void aHostnameTwiceIsRefused() {
        var node = TestFleets.plain(1, 1).nodes().getFirst();
        var twice = new Inventory("t", 1, List.of(), List.of(), List.of(), List.of(node, node));
        assertThatThrownBy(() -> new FleetLayout(twice)).hasMessageContaining("names node n0 twice");
    }

    @Test
    void peakRatesMatchTheLongestKnownMarker() {
        assertThat(AcceleratorModels.peakDenseTflops("NVIDIA H200")).isEqualTo(989);
        assertThat(AcceleratorModels.peakDenseTflops("NVIDIA H20")).isEqualTo(148);
        assertThat(AcceleratorModels.peakDenseTflops("NVIDIA A100-SXM4-80GB")).isEqualTo(312);
        assertThat(AcceleratorModels.peakDenseTflops("Mystery 9000")).isZero();
    }

    @Test
    void knowsItsVendorsAndEachNodesSampleIntervalWithoutAPassOverTheGpus() {
        var nvidia = new Accelerator("GPU-a", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 0, false, List.of());
        var amd = new Accelerator("GPU-b", Vendor.AMD, "AMD Instinct MI300X", 196_592, 0, false, List.of());
        var fast = new Node("fast", "s1", "r", 1, 2, "p", "t", SchedulerState.IDLE, 1, 500, List.of(nvidia));
        var slow = new Node("slow", "s2", "r", 3, 2, "p", "t", SchedulerState.IDLE, 1, 5_000, List.of(amd));
        var layout = new FleetLayout(new Inventory("t", 1, List.of(), List.of(), List.of(), List.of(slow, fast)));

        assertThat(layout.vendors()).containsExactly(Vendor.NVIDIA, Vendor.AMD);
        assertThat(layout.sampleIntervalMs(0)).isEqualTo(5_000);
        assertThat(layout.sampleIntervalMs(1)).isEqualTo(500);
        assertThat(new FleetLayout(Inventory.EMPTY).vendors()).isEmpty();
    }
}
