package io.headroom.agent.source.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.Fixtures;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.ComputeInstance;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Vendor;
import org.junit.jupiter.api.Test;

/** {@code nvidia-smi -q -x} as real drivers print it; expected values read off the files by hand. */
class XmlInventoryTest {

    @Test
    void anA100WithFourMigInstances() throws Exception {
        XmlInventory inventory = XmlInventory.parse(Fixtures.read("nvidia-smi/query-xml__a100-sxm4-v12.xml"));

        assertThat(inventory.driverVersion()).isEqualTo("535.54.03");
        Accelerator gpu = inventory.accelerators().getFirst();
        assertThat(inventory.accelerators()).hasSize(1);
        assertThat(gpu.uuid()).isEqualTo("GPU-513536b6-7d19-9063-b049-1e69664bb298");
        assertThat(gpu.model()).isEqualTo("NVIDIA A100-SXM4-80GB");
        assertThat(gpu.vendor()).isEqualTo(Vendor.NVIDIA);
        assertThat(gpu.memoryTotalMib()).isEqualTo(81920);
        assertThat(gpu.migEnabled()).isTrue();
        assertThat(gpu.slices()).hasSize(4);
        assertThat(gpu.slices()).extracting(s -> s.gpuInstanceId()).containsExactly(3, 4, 5, 6);
        assertThat(gpu.slices()).allSatisfy(slice -> {
            assertThat(slice.computeInstanceId()).isZero();
            assertThat(slice.memoryTotalMib()).isEqualTo(19968);
            // 19968 MiB is two of eight memory slices, 14 SMs one compute slice on Ampere: profile 15.
            assertThat(slice.profileId()).isEqualTo(15);
            assertThat(slice.profileName()).isEqualTo("1g.20gb");
            assertThat(slice.placementStart()).isEqualTo(-1);
            assertThat(slice.computeInstances()).singleElement().isEqualTo(new ComputeInstance(0, "", 14, 1));
        });
        assertThat(gpu.slices().getFirst().uuid()).isEqualTo("MIG-GPU-513536b6-7d19-9063-b049-1e69664bb298/3/0");
        assertThat(inventory.sliceMemoryUsedMib()).hasSize(4).containsValue(12f);
    }

    /** nvidia-smi lists a GPU instance once per compute instance; the hardware has it once. */
    @Test
    void aGpuInstanceSplitIntoComputeInstancesIsOneSlice() throws Exception {
        XmlInventory inventory = XmlInventory.parse(handWritten("a100-3g-split-into-1c-and-2c.xml"));

        Accelerator gpu = inventory.accelerators().getFirst();
        assertThat(gpu.slices()).extracting(MigSlice::gpuInstanceId).containsExactly(1, 2);
        // 40192 MiB is four of eight memory slices; 14 + 28 SMs are three compute slices on Ampere.
        assertThat(gpu.slices()).extracting(MigSlice::profileName).containsExactly("3g.40gb", "3g.40gb");
        assertThat(gpu.slices()).extracting(MigSlice::memoryTotalMib).containsExactly(40192L, 40192L);
        assertThat(gpu.slices().stream().mapToLong(MigSlice::memoryTotalMib).sum())
                .as("the slices of one GPU never hold more memory than the GPU")
                .isLessThanOrEqualTo(gpu.memoryTotalMib());
        assertThat(gpu.slices().getFirst().computeInstances())
                .extracting(c -> c.id() + ": " + c.multiprocessorCount() + " SMs, " + c.sizeName())
                .containsExactly("0: 14 SMs, 1c", "1: 28 SMs, 2c");
        assertThat(gpu.slices().getLast().computeInstances())
                .extracting(ComputeInstance::sizeName)
                .containsExactly("3c");
        // The XML has no MIG device UUIDs; the slice keeps the name it had (its first compute instance's).
        assertThat(gpu.slices())
                .extracting(MigSlice::uuid)
                .containsExactly(
                        "MIG-GPU-4f1c0a7e-2b3d-4c5e-8f60-7a8b9c0d1e2f/1/0",
                        "MIG-GPU-4f1c0a7e-2b3d-4c5e-8f60-7a8b9c0d1e2f/2/0");
        assertThat(gpu.slices().getFirst().computeInstances())
                .extracting(ComputeInstance::uuid)
                .containsOnly("");
        assertThat(inventory.sliceMemoryUsedMib())
                .hasSize(2)
                .containsEntry(gpu.slices().getFirst().uuid(), 5137f)
                .containsEntry(gpu.slices().getLast().uuid(), 13f);
    }

    /** A test input written by hand beside this class (the device captures live under fixtures/). */
    static String handWritten(String name) throws java.io.IOException {
        try (var in = XmlInventoryTest.class.getResourceAsStream(name)) {
            return new String(
                    java.util.Objects.requireNonNull(in, name).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTeslaT4WithoutMig() throws Exception {
        XmlInventory inventory = XmlInventory.parse(Fixtures.read("nvidia-smi/query-xml__tesla-t4.xml"));

        assertThat(inventory.driverVersion()).isEqualTo("515.105.01");
        assertThat(inventory.accelerators()).singleElement().satisfies(gpu -> {
            assertThat(gpu.uuid()).isEqualTo("GPU-d37e67a5-91dd-3774-a5cb-99096249601a");
            assertThat(gpu.model()).isEqualTo("Tesla T4");
            assertThat(gpu.memoryTotalMib()).isEqualTo(15360);
            assertThat(gpu.migEnabled()).isFalse();
            assertThat(gpu.slices()).isEmpty();
            assertThat(gpu.index()).isZero();
        });
        assertThat(inventory.sliceMemoryUsedMib()).isEmpty();
    }

    @Test
    void aTruncatedDocumentIsRefusedWithTheReason() {
        String xml = Fixtures.read("nvidia-smi/query-xml__tesla-t4.xml");
        assertThatThrownBy(() -> XmlInventory.parse(xml.substring(0, xml.length() / 2)))
                .isInstanceOf(XmlInventory.Unreadable.class)
                .hasMessageStartingWith("not well-formed XML");
    }
}
