package io.headroom.views.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.overview.FleetTilesViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A mixed fleet through the heatmap's vendor/model filter, its words under the pointer and the idle tile's split. */
class VendorFilterTest {

    /** Node 0: two H100s; node 1: two Ascend 910B3 (card 1 cut into two vNPUs); node 2: an MLU370-X8 and an MLU590. */
    private static Inventory mixed() {
        var nodes = List.of(
                node(
                        "gpu-1",
                        List.of(
                                card("GPU-0", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 0, List.of()),
                                card("GPU-1", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 1, List.of()))),
                node(
                        "npu-1",
                        List.of(
                                card("NPU-0", Vendor.HUAWEI, "Ascend 910B3", 0, List.of()),
                                card(
                                        "NPU-1",
                                        Vendor.HUAWEI,
                                        "Ascend 910B3",
                                        1,
                                        List.of(vnpu(116, "vir10_3c_32g"), vnpu(117, "vir10_3c_32g"))))),
                node(
                        "mlu-1",
                        List.of(
                                card("MLU-0", Vendor.CAMBRICON, "MLU370-X8", 0, List.of()),
                                card("MLU-1", Vendor.CAMBRICON, "MLU590", 1, List.of()))));
        return new Inventory("test", 1, List.of(), List.of(), List.of(new Rack("r1", "h1", "A", 1, 42, 40)), nodes);
    }

    private static Accelerator card(String uuid, Vendor vendor, String model, int index, List<MigSlice> slices) {
        return new Accelerator(uuid, vendor, model, 65536, index, false, slices);
    }

    private static MigSlice vnpu(int id, String template) {
        return new MigSlice(
                "vNPU-" + id,
                id,
                0,
                MigSlice.PROFILE_UNKNOWN,
                template,
                MigSlice.PLACEMENT_UNKNOWN,
                MigSlice.PLACEMENT_UNKNOWN,
                32768);
    }

    private static Node node(String host, List<Accelerator> accelerators) {
        int u = host.startsWith("gpu") ? 1 : host.startsWith("npu") ? 5 : 9;
        return new Node(host, "SN-" + host, "r1", u, 4, "p", "t", SchedulerState.IDLE, 1, 1000, accelerators);
    }

    private static List<Integer> matching(HeatmapFilter filter, FleetLayout layout) {
        List<Integer> slots = new ArrayList<>();
        for (int slot = 0; slot < layout.gpuCount(); slot++) {
            if (filter.matches(layout, slot, (byte) 0)) {
                slots.add(slot);
            }
        }
        return slots;
    }

    @Test
    void choosingAVendorKeepsEveryModelOfItChoosingAModelOnlyThatModel() {
        var layout = new FleetLayout(mixed());
        var choices = HeatmapFilter.Choices.of(layout);
        assertThat(choices.models())
                .containsExactly(
                        "vendor:NVIDIA",
                        "NVIDIA H100 80GB HBM3",
                        "vendor:HUAWEI",
                        "Ascend 910B3",
                        "vendor:CAMBRICON",
                        "MLU370-X8",
                        "MLU590");

        var filter = new HeatmapFilter();
        filter.choose(Set.of(), Set.of(), Set.of(HeatmapFilter.vendorChoice(Vendor.CAMBRICON)), Set.of());
        assertThat(filter.active()).isTrue();
        assertThat(matching(filter, layout)).containsExactly(4, 5);

        filter.choose(Set.of(), Set.of(), Set.of("MLU590", HeatmapFilter.vendorChoice(Vendor.HUAWEI)), Set.of());
        assertThat(matching(filter, layout)).containsExactly(2, 3, 5);

        filter.choose(Set.of(), Set.of(), Set.of(), Set.of());
        assertThat(matching(filter, layout)).hasSize(6);
    }

    @Test
    void underThePointerAnAscendCardSpeaksAscendAndAnUnknownModelIsNamed() {
        FleetTelemetry t = new FleetState(IdleThresholds.DEFAULTS).install(mixed());
        var layout = t.layout();
        var sample = new SampleBuffer();
        sample.timeMillis = 1000;
        sample.utilizationPct = 37;
        sample.powerW = 180;
        sample.gpuTempC = 51;
        sample.health = DeviceHealth.OK;
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            t.writeAccelerator(slot, sample);
        }
        var messages = new Messages(Locale.US);

        String npu = CellDescription.describe(messages, t, IdleState.BUSY, 2, 1000);
        assertThat(npu)
                .startsWith("npu-1 NPU 0\nHuawei Ascend \u00b7 Ascend 910B3\n")
                .contains("AI Core 37%");
        String vnpuText = CellDescription.describe(messages, t, IdleState.BUSY, layout.sliceSlot(3, 117), 1000);
        assertThat(vnpuText).startsWith("npu-1 NPU 1 vNPU vir10_3c_32g #117\n");
        String unknown = CellDescription.describe(messages, t, IdleState.BUSY, 5, 1000);
        assertThat(unknown).contains("Cambricon \u00b7 MLU590 \u00b7 model without a peak figure: counts 0 PFLOPS");
        String nvidia = CellDescription.describe(messages, t, IdleState.BUSY, 0, 1000);
        assertThat(nvidia).startsWith(layout.describe(0) + "\n").contains("Utilization 37%");

        String chinese = CellDescription.describe(new Messages(Locale.SIMPLIFIED_CHINESE), t, IdleState.BUSY, 2, 1000);
        assertThat(chinese).contains("华为昇腾", "AI Core 利用率");
    }

    @Test
    void theIdleTileSplitsByVendorOnDemandAndNamesWhatItCannotValue() {
        FleetTelemetry t = new FleetState(IdleThresholds.DEFAULTS).install(mixed());
        var layout = t.layout();
        var free = new SampleBuffer();
        free.timeMillis = 1000;
        free.utilizationPct = 0;
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            t.writeAccelerator(slot, free);
        }
        var model = new FleetTilesViewModel(new Messages(Locale.US));
        model.update(FleetSummary.of(t, new IdleClassifier(IdleThresholds.DEFAULTS), 1000), layout);

        // Idle by hand: 2 H100 x 989; 910B3 320 + two vir10 halves 160 + 160; MLU370-X8 chip 48, MLU590 no figure.
        assertThat(model.idleByVendorProperty().get())
                .isEqualTo("Idle capacity by vendor\nNVIDIA: 2.0 PFLOPS\nHuawei Ascend: 640 TFLOPS\n"
                        + "Cambricon: 48 TFLOPS\nNot counted (no peak figure): 1 \u00d7 MLU590");
        assertThat(model.showingByVendorProperty().get()).isFalse();
        model.toggleByVendor();
        assertThat(model.showingByVendorProperty().get()).isTrue();
        assertThat(model.idleByVendorLineProperty().get())
                .isEqualTo(
                        "NVIDIA 2.0 \u00b7 Huawei Ascend 0.6 \u00b7 Cambricon <0.1 \u00b7 Not counted (no peak figure): 1 \u00d7 MLU590");
        assertThat(model.migLineProperty().get()).isEqualTo("2 of 2 slices idle (MIG, vNPU, VF)");
        model.toggleByVendor();
        assertThat(model.showingByVendorProperty().get()).isFalse();
    }
}
