package io.headroom.core.vnpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.mig.MigStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class VnpuPlannerTest {

    private static final VnpuPlanner PLANNER = new VnpuPlanner("npu-smi", false);

    private static Accelerator card(int index, List<MigSlice> vnpus) {
        return new Accelerator("NPU-" + index, Vendor.HUAWEI, "Ascend 910B3", 65536, index, false, vnpus);
    }

    private static VnpuPlanner.CardNow idle(Accelerator card) {
        return new VnpuPlanner.CardNow(card, card.index(), 0, card.index(), SchedulerState.IDLE, false, false);
    }

    private static MigSlice vnpu(int id, String template, long mib) {
        return new MigSlice(
                "vNPU-" + id,
                id,
                0,
                MigSlice.PROFILE_UNKNOWN,
                template,
                MigSlice.PLACEMENT_UNKNOWN,
                MigSlice.PLACEMENT_UNKNOWN,
                mib);
    }

    @Test
    void aRecutDestroysTheOldVnpusThenCreatesTheNewWithTheExactCommands() throws Exception {
        var card = card(2, List.of(vnpu(132, "vir10_3c_32g", 32768), vnpu(133, "vir10_3c_32g", 32768)));
        var plan = PLANNER.plan(
                idle(card),
                List.of(
                        new VnpuPlanner.Request("vir10_3c_32g", 132),
                        new VnpuPlanner.Request("vir05_1c_16g", 133),
                        new VnpuPlanner.Request("vir05_1c_16g", 134)));

        assertThat(plan.steps())
                .extracting(MigStep::commandLine)
                .containsExactly(
                        "npu-smi set -t destroy-vnpu -i 2 -c 0 -v 132",
                        "npu-smi set -t destroy-vnpu -i 2 -c 0 -v 133",
                        "npu-smi set -t create-vnpu -i 2 -c 0 -f vir10_3c_32g -v 132",
                        "npu-smi set -t create-vnpu -i 2 -c 0 -f vir05_1c_16g -v 133",
                        "npu-smi set -t create-vnpu -i 2 -c 0 -f vir05_1c_16g -v 134");
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("plan only"));
    }

    @Test
    void theSameLayoutAgainIsNothingToDo() throws Exception {
        var card = card(0, List.of(vnpu(100, "vir10_3c_32g", 32768), vnpu(101, "vir10_3c_32g", 32768)));
        var plan = PLANNER.plan(
                idle(card),
                List.of(new VnpuPlanner.Request("vir10_3c_32g", 100), new VnpuPlanner.Request("vir10_3c_32g", 101)));
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.notes()).singleElement().asString().contains("already cut this way");
    }

    @Test
    void aTemplateOfAnotherChipIsRefusedNamingTheChipsOwn() {
        assertThatThrownBy(() -> PLANNER.plan(idle(card(0, List.of())), List.of(new VnpuPlanner.Request("vir02", 100))))
                .isInstanceOf(VnpuLayoutProblem.class)
                .hasMessage("vNPU 1 of 1: 'vir02' is no vNPU template of the 910B (its templates: vir05_1c_16g,"
                        + " vir10_3c_32g)");
    }

    @Test
    void anIdAskedForTwiceIsAnOverlap() {
        assertThatThrownBy(() -> PLANNER.plan(
                        idle(card(0, List.of())),
                        List.of(
                                new VnpuPlanner.Request("vir05_1c_16g", 100),
                                new VnpuPlanner.Request("vir05_1c_16g", 100))))
                .isInstanceOf(VnpuLayoutProblem.class)
                .hasMessage("vNPU 2 of 2: vNPU id 100 is asked for twice");
    }

    @Test
    void anIdOutsideTheChipsRangeIsRefused() {
        assertThatThrownBy(() ->
                        PLANNER.plan(idle(card(1, List.of())), List.of(new VnpuPlanner.Request("vir05_1c_16g", 100))))
                .isInstanceOf(VnpuLayoutProblem.class)
                .hasMessage("vNPU 1 of 1: vNPU id 100 is outside this chip's range 116\u2013131");
    }

    @Test
    void moreAiCoresOrMemoryThanTheChipHasIsOverCapacity() {
        // 10 + 10 + 5 = 25 AI cores on a 20-core 910B.
        assertThatThrownBy(() -> PLANNER.plan(
                        idle(card(0, List.of())),
                        List.of(
                                new VnpuPlanner.Request("vir10_3c_32g", 100),
                                new VnpuPlanner.Request("vir10_3c_32g", 101),
                                new VnpuPlanner.Request("vir05_1c_16g", 102))))
                .isInstanceOf(VnpuLayoutProblem.class)
                .hasMessage("the vNPUs take 25 AI cores; the chip has 20");
    }

    @Test
    void aCardInUseOrANodeSlurmStillRunsIsNotCut() {
        var card = card(0, List.of());
        var wanted = List.of(new VnpuPlanner.Request("vir10_3c_32g", 100));
        assertThatThrownBy(() ->
                        PLANNER.plan(new VnpuPlanner.CardNow(card, 0, 0, 0, SchedulerState.MIXED, true, false), wanted))
                .hasMessage("card 0 is allocated to a job; re-cut it once it is free");
        assertThatThrownBy(() -> new VnpuPlanner("npu-smi", true).plan(idle(card), wanted))
                .hasMessageStartingWith("Slurm cannot re-cut a card under a running node");
        var h100 = new Accelerator("GPU-0", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 0, false, List.of());
        assertThatThrownBy(() -> PLANNER.plan(idle(h100), wanted)).hasMessageContaining("is no Ascend NPU");
    }
}
