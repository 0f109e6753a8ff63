package io.headroom.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.SourceHealth;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's allocation reaches each GPU's sample, so an idle GPU a job holds is held
 * idle and an idle GPU nobody holds is free idle: four H100s, all at 1 %, Slurm says jobs
 * hold GPUs 0 and 2.
 */
class HeldIdleFromSchedulerTest {

    private static final AgentConfig.NodeIdentity IDENTITY =
            new AgentConfig.NodeIdentity("", "", "default", "hall-1", "rack-1", "", 1, 1, 0, "default", "");

    /** Four idle GPUs, read at whatever time the test says. */
    private static final class IdleGpus implements DeviceSource {
        long time;
        final List<Accelerator> gpus = new ArrayList<>();

        IdleGpus() {
            for (int i = 0; i < 4; i++) {
                gpus.add(new Accelerator(
                        "GPU-" + i, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, i, false, List.of()));
            }
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public void start() {}

        @Override
        public List<Accelerator> accelerators() {
            return gpus;
        }

        @Override
        public GpuReading reading(String uuid) {
            return new GpuReading(time, 1f, Float.NaN, 512, 70, 700, 35, Float.NaN, 1980, 0, 0, 0, 0, 0);
        }

        @Override
        public SourceHealth health() {
            return new SourceHealth("test");
        }

        @Override
        public void close() {}
    }

    private static IdleState[] states(FleetTelemetry telemetry, long now) {
        var classifier = new IdleClassifier(new IdleThresholds(5f, Duration.ofMinutes(10), 3));
        IdleState[] states = new IdleState[4];
        for (int i = 0; i < 4; i++) {
            states[i] = classifier.classify(telemetry, telemetry.layout().gpuSlot(0, i), now);
        }
        return states;
    }

    @Test
    void gpusTheSchedulerAllocatedAreHeldIdleTheOthersFreeIdle() {
        var gpus = new IdleGpus();
        var status = new AtomicReference<>(
                new SchedulerView.Status(SchedulerState.MIXED, 3, "train", null, new GpuAllocation(2, Set.of(0, 2))));
        var source = new NodeSource("gpu-a01", IDENTITY, 1000, List.of(gpus), null, status::get);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        FleetTelemetry telemetry = fleet.install(source.inventory());

        long start = 1_764_000_000_000L;
        for (long t = start; t <= start + Duration.ofMinutes(11).toMillis(); t += 60_000) {
            gpus.time = t;
            source.tick(t, telemetry);
        }
        long now = start + Duration.ofMinutes(11).toMillis();
        assertThat(telemetry.allocated(telemetry.layout().gpuSlot(0, 0))).isTrue();
        assertThat(telemetry.allocated(telemetry.layout().gpuSlot(0, 1))).isFalse();
        assertThat(states(telemetry, now))
                .containsExactly(IdleState.HELD_IDLE, IdleState.FREE_IDLE, IdleState.HELD_IDLE, IdleState.FREE_IDLE);

        // The jobs end: the next samples say so, and the inventory is not rebuilt for it.
        var inventory = source.inventory();
        status.set(new SchedulerView.Status(SchedulerState.MIXED, 3, "train", null, GpuAllocation.NONE));
        assertThat(source.inventory()).isSameAs(inventory);
        gpus.time = now + 60_000;
        source.tick(now + 60_000, telemetry);
        assertThat(states(telemetry, now + 60_000)).containsOnly(IdleState.FREE_IDLE);
    }

    @Test
    void migInstancesThePodsHoldAreMarkedAllocatedAndTheirSiblingsNot() {
        var gpus = new IdleGpus();
        gpus.gpus.set(
                3,
                new Accelerator(
                        "GPU-3",
                        Vendor.NVIDIA,
                        "NVIDIA H100 80GB HBM3",
                        81_559,
                        3,
                        true,
                        List.of(
                                new MigSlice("MIG-3-1", 1, 0, 15, "3g.40gb", 0, 4, 40_192),
                                new MigSlice("MIG-3-2", 2, 0, 15, "3g.40gb", 4, 4, 40_192))));
        // As the kubelet says on Kubernetes: GPU 0 whole, and MIG instance 2 of GPU 3.
        var allocation = new GpuAllocation(1, Set.of(0), Set.of(new GpuAllocation.Slice(3, 2)));
        var source = new NodeSource(
                "gpu-a01",
                IDENTITY,
                1000,
                List.of(gpus),
                null,
                () -> new SchedulerView.Status(SchedulerState.MIXED, 3, "train", null, allocation));
        FleetTelemetry telemetry = new FleetState(IdleThresholds.DEFAULTS).install(source.inventory());
        gpus.time = 1_764_000_000_000L;
        source.tick(gpus.time, telemetry);

        var layout = telemetry.layout();
        int gpu3 = layout.gpuSlot(0, 3);
        assertThat(telemetry.allocated(layout.gpuSlot(0, 0))).isTrue();
        assertThat(telemetry.allocated(layout.sliceSlot(gpu3, 2))).isTrue();
        assertThat(telemetry.allocated(layout.sliceSlot(gpu3, 1))).isFalse();
        assertThat(telemetry.allocated(layout.gpuSlot(0, 1))).isFalse();
    }

    @Test
    void aCountWithoutIndicesMarksGpusOnlyWhenItCoversThemAll() {
        assertThat(GpuAllocation.count(4).holds(1, 4)).isTrue();
        assertThat(GpuAllocation.count(3).holds(1, 4)).isFalse(); // which three is unknown: none is guessed
        assertThat(GpuAllocation.count(0).holds(0, 4)).isFalse();
        assertThat(new GpuAllocation(1, Set.of(3)).holds(3, 4)).isTrue();
    }
}
