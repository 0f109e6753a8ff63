package io.headroom.core.mig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigLayoutTest {

    private static final long H100 = 81_559;
    private static final long A100_40 = 40_960;

    private static List<int[]> slices(int... profileAndStart) {
        var list = new java.util.ArrayList<int[]>();
        for (int i = 0; i < profileAndStart.length; i += 2) {
            list.add(new int[] {profileAndStart[i], profileAndStart[i + 1]});
        }
        return list;
    }

    @Test
    void sevenSmallestSlicesFillAnH100() throws MigLayoutProblem {
        MigLayout layout =
                MigLayout.check("NVIDIA H100 80GB HBM3", H100, slices(19, 6, 19, 0, 19, 1, 19, 2, 19, 3, 19, 4, 19, 5));
        assertThat(layout.instances()).extracting(MigInstance::start).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void aFourAndAThreeShareAGpu() throws MigLayoutProblem {
        MigLayout layout = MigLayout.check("NVIDIA A100-SXM4-40GB", A100_40, slices(5, 0, 9, 4));
        assertThat(layout.instances())
                .extracting(MigInstance::placementArgument)
                .containsExactly("5:0", "9:4");
    }

    @Test
    void aStartTheProfileDoesNotAllowIsRefusedWithTheAllowedOnes() {
        assertThatThrownBy(() -> MigLayout.check("NVIDIA H100 80GB HBM3", H100, slices(9, 2)))
                .isInstanceOf(MigLayoutProblem.class)
                .hasMessage("profile 9 (3g.40gb) cannot start at memory slice 2; it can start at 0, 4");
    }

    @Test
    void overlappingInstancesNameTheSliceTheyFightOver() {
        assertThatThrownBy(() -> MigLayout.check("NVIDIA H100 80GB HBM3", H100, slices(9, 0, 14, 2)))
                .hasMessage("2g.20gb@2 and 3g.40gb@0 both need memory slice 2");
    }

    @Test
    void moreInstancesOfAProfileThanAGpuHoldsAreRefused() {
        assertThatThrownBy(() -> MigLayout.check("NVIDIA H200", 143_771, slices(20, 0, 20, 1)))
                .hasMessage("asked for 2 x profile 20 (1g.18gb+me); a GPU holds at most 1");
    }

    @Test
    void aFullGpuOfMixedSlicesFitsAndOneMoreDoesNot() {
        // With the table's start positions the memory slices run out before the compute slices do.
        assertThatCode(() -> MigLayout.check("NVIDIA A100-SXM4-40GB", A100_40, slices(14, 0, 14, 2, 14, 4, 15, 6)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() ->
                        MigLayout.check("NVIDIA A100-SXM4-40GB", A100_40, slices(14, 0, 14, 2, 14, 4, 15, 6, 19, 6)))
                .hasMessage("1g.5gb@6 and 1g.10gb@6 both need memory slice 6");
    }

    @Test
    void unknownProfilesAndModelsAreRefused() {
        assertThatThrownBy(() -> MigLayout.check("NVIDIA H100 80GB HBM3", H100, slices(7, 0)))
                .hasMessage("MIG profile 7 does not exist; the profiles are 19, 20, 15, 14, 9, 5, 0");
        assertThatThrownBy(() -> MigLayout.check("NVIDIA L40S", 46_068, slices(19, 0)))
                .hasMessageStartingWith("NVIDIA L40S has no MIG profile table here");
        assertThatThrownBy(() -> MigLayout.check("NVIDIA H100 80GB HBM3", H100, List.of()))
                .hasMessageContaining("empty");
    }
}
