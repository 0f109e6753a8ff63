package io.headroom.core.mig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigPlannerTest {

    private static final List<int[]> TWO_HALVES = List.of(new int[] {9, 0}, new int[] {9, 4});

    private static Accelerator h100(boolean mig, List<MigSlice> slices) {
        return new Accelerator("GPU-1", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 3, mig, slices);
    }

    private static MigSlice slice(int profile, String name, int start, int size) {
        return new MigSlice("MIG-" + start, start + 1, 0, profile, name, start, size, 10_000);
    }

    @Test
    void aSlicedGpuIsEmptiedThenCutInOrder() throws MigLayoutProblem {
        var gpu = h100(true, List.of(slice(19, "1g.10gb", 0, 1), slice(19, "1g.10gb", 1, 1)));
        MigPlan plan = new MigPlanner("nvidia-smi", MigPlanner.Owner.SLURM)
                .plan(new MigPlanner.GpuNow(gpu, SchedulerState.DRAINED, false, false), TWO_HALVES);
        assertThat(plan.steps())
                .extracting(MigStep::commandLine)
                .containsExactly(
                        "nvidia-smi mig -i 3 -dci", "nvidia-smi mig -i 3 -dgi", "nvidia-smi mig -i 3 -cgi 9:0,9:4 -C");
        assertThat(plan.notes()).singleElement().asString().contains("gres.conf");
        assertThat(plan.describe()).last().asString().startsWith("# Slurm cannot re-slice MIG dynamically");
    }

    @Test
    void anEmptyMigGpuNeedsNothingDestroyed() throws MigLayoutProblem {
        MigPlan plan = new MigPlanner("/usr/bin/nvidia-smi", MigPlanner.Owner.STANDALONE)
                .plan(new MigPlanner.GpuNow(h100(true, List.of()), SchedulerState.IDLE, false, false), TWO_HALVES);
        assertThat(plan.steps())
                .extracting(MigStep::commandLine)
                .containsExactly("/usr/bin/nvidia-smi mig -i 3 -cgi 9:0,9:4 -C");
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void theSameLayoutAgainIsAPlanWithNothingToRun() throws MigLayoutProblem {
        var gpu = h100(true, List.of(slice(9, "3g.40gb", 0, 4), slice(9, "3g.40gb", 4, 4)));
        MigPlan plan = new MigPlanner("nvidia-smi", MigPlanner.Owner.STANDALONE)
                .plan(new MigPlanner.GpuNow(gpu, SchedulerState.IDLE, false, false), TWO_HALVES);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.notes()).containsExactly("GPU 3 is already sliced this way; nothing to do");
    }

    @Test
    void aGpuThatMayNotBeCutNowIsRefusedWithTheReason() {
        var slurm = new MigPlanner("nvidia-smi", MigPlanner.Owner.SLURM);
        var alone = new MigPlanner("nvidia-smi", MigPlanner.Owner.STANDALONE);
        assertThatThrownBy(() -> slurm.plan(
                        new MigPlanner.GpuNow(h100(true, List.of()), SchedulerState.DRAINING, false, false),
                        TWO_HALVES))
                .hasMessage("Slurm cannot re-slice a GPU under a running node: drain the node first (it is draining)");
        assertThatThrownBy(() -> alone.plan(
                        new MigPlanner.GpuNow(h100(true, List.of()), SchedulerState.MIXED, true, false), TWO_HALVES))
                .hasMessage("GPU 3 is allocated to a job; re-slice it once it is free");
        assertThatThrownBy(() -> alone.plan(
                        new MigPlanner.GpuNow(h100(true, List.of()), SchedulerState.IDLE, false, true), TWO_HALVES))
                .hasMessageContaining("busy");
        assertThatThrownBy(() -> alone.plan(
                        new MigPlanner.GpuNow(h100(false, List.of()), SchedulerState.IDLE, false, false), TWO_HALVES))
                .hasMessageStartingWith("MIG mode is off on GPU 3")
                .hasMessageContaining("-mig 1");
    }

    @Test
    void anInvalidLayoutIsRefusedBeforeTheGpuIsLookedAt() {
        var planner = new MigPlanner("nvidia-smi", MigPlanner.Owner.SLURM);
        assertThatThrownBy(() -> planner.plan(
                        new MigPlanner.GpuNow(h100(false, List.of()), SchedulerState.ALLOCATED, true, true),
                        List.of(new int[] {5, 0}, new int[] {5, 4})))
                .hasMessage("profile 5 (4g.40gb) cannot start at memory slice 4; it can start at 0");
    }
}
