package io.headroom.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.ComputeInstance;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MIG GPU instances and their compute instances over the wire, both directions. */
class InventoryCodecTest {

    private static Inventory withSlices(List<MigSlice> slices) {
        var gpu = new Accelerator("GPU-a", Vendor.NVIDIA, "NVIDIA A100-SXM4-80GB", 81920, 0, true, slices);
        var node = new Node("n1", "S1", "r1", 1, 4, "train", "acme", SchedulerState.IDLE, 3, 1000, List.of(gpu));
        return new Inventory(
                "t", 1, List.of(), List.of(), List.of(new Rack("r1", "h1", "A", 1, 42, 40)), List.of(node));
    }

    @Test
    void anUnknownPlacementIsTheDocumentedAllOnesOnTheWireAndUnknownAgain() {
        var fromDcgm = new MigSlice(
                "MIG-GPU-a/1/0", 1, 0, MigSlice.PROFILE_UNKNOWN, "unknown", MigSlice.PLACEMENT_UNKNOWN, 0, 9728);

        var wire = InventoryCodec.toProto(withSlices(List.of(fromDcgm)));
        var slice = wire.getNodes(0).getAccelerators(0).getSlices(0);
        // agent.proto: "4294967295 (0xFFFFFFFF) when the source cannot say".
        assertThat(Integer.toUnsignedLong(slice.getPlacementStart())).isEqualTo(4_294_967_295L);
        assertThat(Integer.toUnsignedLong(slice.getProfileId())).isEqualTo(4_294_967_295L);

        MigSlice back = InventoryCodec.fromProto(wire)
                .nodes()
                .getFirst()
                .accelerators()
                .getFirst()
                .slices()
                .getFirst();
        assertThat(back.placementKnown()).isFalse();
        assertThat(back.profileId()).isEqualTo(MigSlice.PROFILE_UNKNOWN);
    }

    @Test
    void aGpuInstanceKeepsItsComputeInstancesThereAndBack() {
        var split = new MigSlice(
                "MIG-GPU-a/1/0",
                1,
                0,
                9,
                "3g.40gb",
                -1,
                4,
                40192,
                List.of(new ComputeInstance(0, "", 14, 1), new ComputeInstance(1, "MIG-c1", 28, 2)));
        var whole = new MigSlice(
                "MIG-GPU-a/2/0", 2, 0, 9, "3g.40gb", -1, 4, 40192, List.of(new ComputeInstance(0, "", 42, 3)));

        var wire = InventoryCodec.toProto(withSlices(List.of(split, whole)));
        var slice = wire.getNodes(0).getAccelerators(0).getSlices(0);
        assertThat(slice.getComputeInstanceId())
                .as("field 3, for older clients")
                .isZero();
        assertThat(slice.getComputeInstancesList())
                .extracting(c -> c.getId() + "/" + c.getMultiprocessorCount())
                .containsExactly("0/14", "1/28");

        Inventory back = InventoryCodec.fromProto(wire);
        assertThat(back.nodes().getFirst().accelerators().getFirst().slices()).containsExactly(split, whole);
    }

    /** An agent from before field 9 sends a split GPU instance once per compute instance, memory each time. */
    @Test
    void anOlderAgentsGpuInstanceListedPerComputeInstanceIsOneSlice() {
        var wire = InventoryCodec.toProto(withSlices(List.of())).toBuilder();
        io.headroom.protocol.v1.Accelerator.Builder gpu =
                wire.getNodesBuilder(0).getAcceleratorsBuilder(0);
        for (int[] gi_ci : new int[][] {{1, 0}, {1, 1}, {2, 0}}) {
            gpu.addSlices(io.headroom.protocol.v1.MigSlice.newBuilder()
                    .setUuid("MIG-GPU-a/" + gi_ci[0] + "/" + gi_ci[1])
                    .setGpuInstanceId(gi_ci[0])
                    .setComputeInstanceId(gi_ci[1])
                    .setProfileId(9)
                    .setProfileName("3g.40gb")
                    .setPlacementStart(-1)
                    .setPlacementSize(4)
                    .setMemoryTotalMib(40192));
        }

        Accelerator decoded = InventoryCodec.fromProto(wire.build())
                .nodes()
                .getFirst()
                .accelerators()
                .getFirst();
        assertThat(decoded.slices()).extracting(MigSlice::gpuInstanceId).containsExactly(1, 2);
        assertThat(decoded.slices().stream().mapToLong(MigSlice::memoryTotalMib).sum())
                .isLessThanOrEqualTo(decoded.memoryTotalMib());
        assertThat(decoded.slices().getFirst().computeInstances())
                .extracting(ComputeInstance::id)
                .containsExactly(0, 1);
        assertThat(decoded.slices().getLast().computeInstances())
                .as("listed once: not known to be split")
                .isEmpty();
    }
}
