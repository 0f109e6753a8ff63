package io.headroom.views.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** An Ascend server's page speaks Ascend: NPUs, vNPUs, AI Core, HBM, and the chip's own health. */
class AscendRowTest {

    @Test
    void npusAndVnpusInAscendWordsWithTheChipsHealthAsAFault() {
        var vnpu = new MigSlice(
                "vNPU-100",
                100,
                0,
                MigSlice.PROFILE_UNKNOWN,
                "vir10_3c_32g",
                MigSlice.PLACEMENT_UNKNOWN,
                MigSlice.PLACEMENT_UNKNOWN,
                32768);
        var card = new Accelerator("NPU-0", Vendor.HUAWEI, "Ascend 910B3", 65536, 0, false, List.of(vnpu));
        var node = new Node("npu-1", "S1", "r1", 1, 4, "infer", "acme", SchedulerState.IDLE, 1, 1000, List.of(card));
        var fleet = new FleetState(IdleThresholds.DEFAULTS) // the telemetry table of the installed inventory
                .install(new Inventory(
                        "t", 1, List.of(), List.of(), List.of(new Rack("r1", "h1", "A", 1, 42, 40)), List.of(node)));
        var sample = new SampleBuffer();
        sample.timeMillis = 1000;
        sample.utilizationPct = 10;
        sample.health = DeviceHealth.WARNING;
        fleet.writeAccelerator(0, sample);
        fleet.writeNode(0, 1000, SchedulerState.IDLE, 1);
        var messages = new Messages(Locale.US);
        var model = new NodeDetailViewModel(messages, new IdleClassifier(IdleThresholds.DEFAULTS));
        model.showNode("npu-1");
        model.update(fleet, 1000);

        assertThat(model.rows()).extracting(GpuRow::title).containsExactly("NPU 0", "vNPU vir10_3c_32g #100");
        assertThat(model.terms().activity()).isEqualTo("AI Core");
        assertThat(model.terms().memory()).isEqualTo("HBM");
        assertThat(model.accelerators()).isEqualTo("1 \u00d7 Ascend 910B3 (Huawei Ascend)");
        assertThat(model.rows().getFirst().badges(messages)).isEqualTo("Health Warning");
        assertThat(model.faults()).contains("NPU 0: The chip reports Warning (a minor fault; it still works)");

        sample.health = DeviceHealth.OK;
        fleet.writeAccelerator(0, sample);
        model.update(fleet, 1000);
        assertThat(model.rows().getFirst().badges(messages)).isEmpty();
        assertThat(model.faults()).noneMatch(line -> line.contains("reports"));
        assertThat(new IdleClassifier(IdleThresholds.DEFAULTS).classify(fleet, 0, 1000))
                .isNotEqualTo(IdleState.FAULTED);
    }
}
