package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigProfile;
import io.headroom.core.fleet.MigSlice;
import java.util.HashSet;
import java.util.Set;

/** Checks a GPU's MIG slices against NVIDIA's placement rules, straight from {@link MigProfile}'s table. */
final class MigRules {

    private MigRules() {}

    static void assertValidLayout(Accelerator gpu) {
        boolean[] memory = new boolean[MigProfile.MEMORY_SLICES];
        boolean[] compute = new boolean[MigProfile.COMPUTE_SLICES];
        int[] perProfile = new int[32];
        Set<Integer> instanceIds = new HashSet<>();
        for (MigSlice slice : gpu.slices()) {
            String where = gpu.uuid() + " " + slice;
            MigProfile profile = MigProfile.byId(slice.profileId())
                    .orElseThrow(() -> new AssertionError("unknown profile " + where));
            assertThat(profile.startPositions()).as(where).contains(slice.placementStart());
            assertThat(++perProfile[profile.id()]).as(where).isLessThanOrEqualTo(profile.maxPerGpu());
            assertThat(slice.placementSize()).as(where).isEqualTo(profile.memorySlices());
            assertThat(slice.profileName()).as(where).isEqualTo(profile.nameFor(gpu.memoryTotalMib()));
            assertThat(slice.memoryTotalMib()).as(where).isEqualTo(profile.memoryMibFor(gpu.memoryTotalMib()));
            assertThat(slice.gpuInstanceId()).as(where).isPositive();
            assertThat(instanceIds.add(slice.gpuInstanceId()))
                    .as("distinct GPU instance ids " + where)
                    .isTrue();
            assertThat(slice.uuid())
                    .as(where)
                    .matches("MIG-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            occupy(memory, slice.placementStart(), profile.memorySlices(), "memory " + where);
            occupy(compute, slice.placementStart(), profile.computeSlices(), "compute " + where);
        }
    }

    private static void occupy(boolean[] slices, int start, int size, String what) {
        assertThat(start + size).as("fits: " + what).isLessThanOrEqualTo(slices.length);
        for (int i = start; i < start + size; i++) {
            assertThat(slices[i]).as("overlap at slice " + i + ": " + what).isFalse();
            slices[i] = true;
        }
    }
}
