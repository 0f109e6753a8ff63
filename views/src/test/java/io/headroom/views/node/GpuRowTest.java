package io.headroom.views.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.ComputeInstance;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.views.Messages;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A GPU instance split into compute instances is one row, named with its split. */
class GpuRowTest {

    @Test
    void aSplitGpuInstanceIsOneRowWithItsComputeInstances() {
        var split = new MigSlice(
                "MIG-a/1/0",
                1,
                0,
                9,
                "3g.40gb",
                -1,
                4,
                40192,
                List.of(new ComputeInstance(0, "", 14, 1), new ComputeInstance(1, "", 28, 2)));
        var whole =
                new MigSlice("MIG-a/2/0", 2, 0, 9, "3g.40gb", -1, 4, 40192, List.of(new ComputeInstance(0, "", 42, 3)));
        var gpu =
                new Accelerator("GPU-a", Vendor.NVIDIA, "NVIDIA A100-SXM4-80GB", 81920, 0, true, List.of(split, whole));
        var node = new Node("n1", "S1", "r1", 1, 4, "train", "acme", SchedulerState.IDLE, 3, 1000, List.of(gpu));
        var layout = new FleetLayout(new Inventory(
                "t", 1, List.of(), List.of(), List.of(new Rack("r1", "h1", "A", 1, 42, 40)), List.of(node)));
        Messages messages = new Messages(Locale.US);

        int first = layout.firstSliceSlot(layout.firstGpuSlot(0));
        assertThat(layout.slotCount()).isEqualTo(3);
        assertThat(new GpuRow(messages, layout, first).title())
                .isEqualTo("MIG 3g.40gb #1 \u00b7 2 compute instances (1c, 2c)");
        assertThat(new GpuRow(messages, layout, first + 1).title()).isEqualTo("MIG 3g.40gb #2");
        assertThat(new GpuRow(new Messages(Locale.SIMPLIFIED_CHINESE), layout, first).title())
                .contains("1c, 2c");
    }
}
