package io.headroom.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.Fixtures;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The process tables of npu-smi info (a capture) and cnmon (the capture with a constructed process row). */
class DomesticProcessesTest {

    @Test
    void npuSmiProcessesLandOnTheInventorysIndexOfTheirChip() throws Exception {
        // The inventory as the agent has it after -m: NPU n chip 0 is logic id n; say NPU 1 (bus 81) had logic id 5.
        List<Accelerator> inventory = new ArrayList<>();
        String[] buses = {"c1", "81", "41", "01", "c2", "82", "42", "02"};
        for (int npu = 0; npu < 8; npu++) {
            inventory.add(new Accelerator(
                    "ASCEND-pci-0000:" + buses[npu] + ":00.0",
                    Vendor.HUAWEI,
                    "Huawei Ascend 910A",
                    32768,
                    npu == 1 ? 5 : npu,
                    false,
                    List.of()));
        }
        List<GpuProcess> processes = DomesticProcesses.ascend(
                Fixtures.read("domestic/ascend/npu-smi-info__atlas-800-training-9010__24.1.RC2.txt"), inventory);
        assertThat(processes).hasSize(32);
        assertThat(processes.getFirst()).isEqualTo(new GpuProcess(0, -1, 37656, "hlt_host_devmm_", 686f));
        // NPU 1's first process, pid 37665, is on index 5.
        assertThat(processes.get(4)).isEqualTo(new GpuProcess(5, -1, 37665, "hlt_host_devmm_", 686f));
        assertThatThrownBy(() -> DomesticProcesses.ascend("dcmi module initialize failed\n", inventory))
                .isInstanceOf(NvidiaComputeApps.Unreadable.class)
                .hasMessageStartingWith("npu-smi info: no chip table");
    }

    @Test
    void cnmonProcessesAreOnTheirCard() throws Exception {
        String text = Fixtures.read("domestic/cambricon/cnmon__mlu370-x8__v5.10.13.txt")
                .replace(
                        "|  No running processes found                                                  |",
                        "|  1     /   40321   python train.py                               1024 MiB |");
        assertThat(DomesticProcesses.cambricon(text))
                .containsExactly(new GpuProcess(1, -1, 40321, "python train.py", 1024f));
        assertThat(DomesticProcesses.cambricon(Fixtures.read("domestic/cambricon/cnmon__mlu370-x8__v5.10.13.txt")))
                .isEmpty();
    }
}
