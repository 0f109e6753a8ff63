package io.headroom.agent.source.nvidia;

import io.headroom.agent.Fixtures;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Vendor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        });
        assertThat(gpu.slices().getFirst().uuid()).isEqualTo("MIG-GPU-513536b6-7d19-9063-b049-1e69664bb298/3/0");
        assertThat(inventory.sliceMemoryUsedMib()).hasSize(4).containsValue(12f);
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
