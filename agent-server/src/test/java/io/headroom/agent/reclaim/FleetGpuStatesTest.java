package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Site;
import io.headroom.core.fleet.Vendor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A workload's GPUs read from the agent's own fleet table. */
class FleetGpuStatesTest {

    @Test
    void heldIdleSinceIsTheLatestIdleStartOfItsGpusAndUnknownGpusAreNotIdle() {
        var a = new Accelerator("GPU-a", Vendor.NVIDIA, "A100", 81_920, 0, false, List.of());
        var b = new Accelerator("GPU-b", Vendor.NVIDIA, "A100", 81_920, 1, false, List.of());
        var node = new Node("gpu-07", "S1", "R1", 1, 2, "a100", "", SchedulerState.ALLOCATED, 1, 1000, List.of(a, b));
        var inventory = new Inventory(
                "test",
                1,
                List.of(new Site("s", "S")),
                List.of(new Hall("h", "s", "H")),
                List.of(new Rack("R1", "h", "A", 1, 42, 40)),
                List.of(node));
        FleetTelemetry table = new FleetState(IdleThresholds.DEFAULTS).install(inventory);
        var sample = new SampleBuffer();
        sample.utilizationPct = 1;
        sample.allocated = true;
        sample.timeMillis = 1_000;
        table.writeAccelerator(0, sample);
        sample.timeMillis = 5_000;
        table.writeAccelerator(1, sample);
        var gpus = new FleetGpuStates(() -> table);

        assertThat(gpus.activityPct(Notices.gpu("gpu-07", 0))).isEqualTo(1f);
        assertThat(gpus.heldIdleSince(Notices.job(), 10)).hasValue(5_000);
        assertThat(gpus.heldIdleSince(Notices.job(), 0.5f)).isEmpty();
        assertThat(gpus.activityPct(Notices.gpu("gpu-99", 0))).isNaN();
        assertThat(gpus.idleSinceMillis(Notices.gpu("gpu-07", 5))).isEqualTo(GpuStates.NOT_IDLE);
        assertThat(gpus.gpuHoursIdle(Notices.job(), 3_600_000 + 1_000))
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    }
}
