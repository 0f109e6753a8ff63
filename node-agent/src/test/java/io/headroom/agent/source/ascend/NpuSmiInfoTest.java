package io.headroom.agent.source.ascend;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.GpuReading;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.Vendor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code npu-smi info} as three driver releases print it; every value asserted is read off the capture. */
class NpuSmiInfoTest {

    static final String TRAINING_24 = "domestic/ascend/npu-smi-info__atlas-800-training-9010__24.1.RC2.txt";
    static final String TRAINING_22 = "domestic/ascend/npu-smi-info__atlas-800-training-9010__6.0.RC1.txt";
    static final String INFERENCE_310 = "domestic/ascend/npu-smi-info__atlas-800-inference-3000__1.0.11.txt";
    static final String MAPPING_24 = "domestic/ascend/npu-smi-info-m__atlas-800-training-9010__24.1.RC2.txt";
    static final String MAPPING_310 = "domestic/ascend/npu-smi-info-m__atlas-800-inference-3000__1.0.11.txt";

    @Test
    void maskedNamesWarningsHbmAndTheProcessTable() {
        NpuSmiMapping mapping = NpuSmiMapping.parse(Fixtures.read(MAPPING_24));
        var parsed = NpuSmiInfo.parse(Fixtures.read(TRAINING_24), 7L, mapping.logicIds(), mapping.names());

        assertThat(parsed.output().problems()).isEmpty();
        assertThat(parsed.output().accelerators()).hasSize(8);
        Accelerator first = parsed.output().accelerators().getFirst();
        assertThat(first.uuid()).isEqualTo("ASCEND-pci-0000:c1:00.0");
        assertThat(first.vendor()).isEqualTo(Vendor.HUAWEI);
        // "xxx" in the table; the name is the mapping's "Ascend 910A".
        assertThat(first.model()).isEqualTo("Huawei Ascend 910A");
        assertThat(first.memoryTotalMib()).isEqualTo(32768);
        assertThat(first.index()).isZero();
        GpuReading npu0 = parsed.output().readings().get("ASCEND-pci-0000:c1:00.0");
        assertThat(npu0.timeMillis()).isEqualTo(7L);
        assertThat(npu0.powerW()).isEqualTo(70.5f);
        assertThat(npu0.gpuTempC()).isEqualTo(42f);
        assertThat(npu0.utilizationPct()).isZero();
        assertThat(npu0.memoryUsedMib()).isZero(); // HBM 0 / 32768, not the DDR's 4252 / 15137
        assertThat(npu0.powerLimitW()).isNaN();
        assertThat(npu0.smClockMhz()).isNaN();
        assertThat(npu0.memoryTempC()).isNaN();

        GpuReading npu3 = parsed.output().readings().get("ASCEND-pci-0000:01:00.0");
        assertThat(npu3.powerW()).isEqualTo(206.9f);
        assertThat(npu3.health()).isEqualTo(DeviceHealth.WARNING);
        assertThat(npu0.health()).isEqualTo(DeviceHealth.OK);
        assertThat(npu3.gpuTempC()).isEqualTo(39f);
        assertThat(parsed.output().readings().get("ASCEND-pci-0000:02:00.0").powerW())
                .isEqualTo(203.2f);
        assertThat(parsed.output().faults())
                .isEqualTo(Map.of("ASCEND-pci-0000:01:00.0", "Warning", "ASCEND-pci-0000:02:00.0", "Warning"));
        assertThat(parsed.output().accelerators().get(7).index()).isEqualTo(7);

        assertThat(parsed.processes()).hasSize(32);
        assertThat(parsed.processes().getFirst())
                .isEqualTo(new NpuSmiInfo.ChipProcess(0, 0, 37656, "hlt_host_devmm_", 686f));
        assertThat(parsed.processes().getLast())
                .isEqualTo(new NpuSmiInfo.ChipProcess(7, 0, 37663, "hlt_host_devmm_", 686f));
    }

    @Test
    void olderReleaseWithNamesAndNoProcessTable() {
        var parsed = NpuSmiInfo.parse(Fixtures.read(TRAINING_22), 1L, Map.of(), Map.of());

        assertThat(parsed.output().problems()).isEmpty();
        assertThat(parsed.output().faults()).isEmpty();
        assertThat(parsed.processes()).isEmpty();
        assertThat(parsed.output().accelerators())
                .extracting(Accelerator::model)
                .containsOnly("Huawei Ascend 910A");
        Accelerator npu3 = parsed.output().accelerators().get(3);
        assertThat(npu3.uuid()).isEqualTo("ASCEND-pci-0000:3e:00.0");
        assertThat(npu3.index()).isEqualTo(3); // no mapping: the NPU id
        GpuReading r = parsed.output().readings().get(npu3.uuid());
        assertThat(r.powerW()).isEqualTo(191.7f);
        assertThat(r.gpuTempC()).isEqualTo(42f);
        assertThat(parsed.output().readings().get("ASCEND-pci-0000:3d:00.0").powerW())
                .isEqualTo(191.4f);
    }

    @Test
    void severalChipsPerCardWithDeviceColumnAndDdrMemory() {
        var parsed = NpuSmiInfo.parse(Fixtures.read(INFERENCE_310), 1L, Map.of(), Map.of());

        assertThat(parsed.output().problems()).isEmpty();
        assertThat(parsed.output().accelerators())
                .extracting(Accelerator::uuid)
                .containsExactly(
                        "ASCEND-pci-0000:89:00.0",
                        "ASCEND-pci-0000:8a:00.0",
                        "ASCEND-pci-0000:8b:00.0",
                        "ASCEND-pci-0000:8c:00.0");
        // Without the mapping, the Device column is the index.
        assertThat(parsed.output().accelerators())
                .extracting(Accelerator::index)
                .containsExactly(3, 4, 5, 6);
        assertThat(parsed.output().accelerators())
                .extracting(Accelerator::model)
                .containsOnly("Huawei Ascend 310");
        assertThat(parsed.output().accelerators())
                .extracting(Accelerator::memoryTotalMib)
                .containsOnly(8192L);
        GpuReading chip0 = parsed.output().readings().get("ASCEND-pci-0000:89:00.0");
        assertThat(chip0.powerW()).isEqualTo(12.8f);
        assertThat(chip0.gpuTempC()).isEqualTo(73f);
        assertThat(chip0.memoryUsedMib()).isEqualTo(2703f);
        assertThat(parsed.output().readings().get("ASCEND-pci-0000:8b:00.0").gpuTempC())
                .isEqualTo(70f);
        assertThat(parsed.output().readings().get("ASCEND-pci-0000:8c:00.0").gpuTempC())
                .isEqualTo(65f);
        assertThat(parsed.output().readings().get("ASCEND-pci-0000:8c:00.0").memoryUsedMib())
                .isEqualTo(2867f);
        assertThat(parsed.chips().get("ASCEND-pci-0000:8b:00.0")).isEqualTo(new NpuSmiInfo.ChipId(6, 2));

        // With -m, the logic ids are the index.
        NpuSmiMapping mapping = NpuSmiMapping.parse(Fixtures.read(MAPPING_310));
        var mapped = NpuSmiInfo.parse(Fixtures.read(INFERENCE_310), 1L, mapping.logicIds(), mapping.names());
        assertThat(mapped.output().accelerators())
                .extracting(Accelerator::index)
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void mappingsLeaveOutTheMcu() {
        NpuSmiMapping training = NpuSmiMapping.parse(Fixtures.read(MAPPING_24));
        assertThat(training.problems()).isEmpty();
        assertThat(training.logicIds()).hasSize(8).containsEntry("0/0", 0).containsEntry("7/0", 7);
        assertThat(training.names()).containsEntry("3/0", "Ascend 910A");

        NpuSmiMapping inference = NpuSmiMapping.parse(Fixtures.read(MAPPING_310));
        assertThat(inference.problems()).isEmpty();
        assertThat(inference.logicIds()).isEqualTo(Map.of("6/0", 0, "6/1", 1, "6/2", 2, "6/3", 3));
        assertThat(inference.names()).containsEntry("6/3", "MiniD");
    }

    @Test
    void anUnreadableRowIsReportedWithItsLineAndTheOthersAreKept() {
        String text = Fixtures.read(TRAINING_22)
                .replace(
                        "| 2     910A           | OK            | 64.8 ",
                        "| 2     910A           | OK            | hot! ");
        var parsed = NpuSmiInfo.parse(text, 1L, Map.of(), Map.of());
        assertThat(parsed.output().accelerators()).hasSize(7);
        assertThat(parsed.output().problems())
                .singleElement()
                .asString()
                .startsWith("line 13 '| 2     910A")
                .endsWith("Power(W) is 'hot!', not a number");
    }

    @Test
    void garbageSaysThereIsNoTable() {
        var parsed = NpuSmiInfo.parse(
                "dcmi model initialized failed, because the device is used. ret is -8020\n", 1L, Map.of(), Map.of());
        assertThat(parsed.output().accelerators()).isEmpty();
        assertThat(parsed.output().problems()).singleElement().asString().startsWith("no chip table");
    }
}
