package io.headroom.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** nvidia-smi's and rocm-smi's process lists, from real captures where there are some. */
class ComputeProcessReadersTest {

    private static final String H100 = "GPU-00000000-0000-0000-0000-000000000000";

    /**
     * The capture took {@code --query-compute-apps=timestamp,gpu_name,gpu_bus_id,gpu_serial,
     * gpu_uuid,pid,process_name,used_gpu_memory --format=csv}; its last four columns are what
     * the agent asks for with {@code --format=csv,noheader}.
     */
    private static String computeApps(String capture) {
        List<String> section = Fixtures.captureSection(capture, "nvidia-smi --query-compute-apps=", 1);
        StringBuilder out = new StringBuilder();
        for (String row : section.subList(1, section.size())) {
            String[] fields = row.split(", ", 5);
            out.append(fields[4]).append('\n');
        }
        return out.toString();
    }

    static String resource(String name) {
        try (InputStream in = ComputeProcessReadersTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void computeAppsOfARealH100UnderLoad() throws Exception {
        List<GpuProcess> processes = NvidiaComputeApps.parse(
                computeApps("nvidia-smi/capture__h100-80gb-hbm3__590.48.01.txt"), Map.of(H100, 0));
        assertThat(processes)
                .containsExactly(
                        new GpuProcess(0, -1, 11327, "/root/tools/memhog", 2566),
                        new GpuProcess(0, -1, 11328, "/root/tools/memhog", 1542),
                        new GpuProcess(0, -1, 11345, "./gpu_burn", 15690));
    }

    @Test
    void unknownMemoryIsNotZeroAndNamesMayHoldCommas() throws Exception {
        List<GpuProcess> processes = NvidiaComputeApps.parse(
                H100 + ", 42, python train.py --tags a,b, [N/A]\n" + H100 + ", 43, ffmpeg, [Not Supported]\n"
                        + "GPU-unknown-to-the-inventory, 44, x, 5 MiB\n",
                Map.of(H100, 3));
        assertThat(processes).hasSize(2);
        assertThat(processes.getFirst().name()).isEqualTo("python train.py --tags a,b");
        assertThat(processes.getFirst().gpuIndex()).isEqualTo(3);
        assertThat(processes).allMatch(p -> Float.isNaN(p.memoryUsedMib()));
    }

    @Test
    void noProcessesAndGarbage() throws Exception {
        assertThat(NvidiaComputeApps.parse("\n", Map.of())).isEmpty();
        assertThat(NvidiaComputeApps.parse("No running processes found\n", Map.of()))
                .isEmpty();
        assertThatThrownBy(() -> NvidiaComputeApps.parse(
                        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.", Map.of()))
                .isInstanceOf(NvidiaComputeApps.Unreadable.class)
                .hasMessageContaining("not a line of nvidia-smi --query-compute-apps")
                .hasMessageContaining("couldn't communicate");
        assertThatThrownBy(() -> NvidiaComputeApps.parse(H100 + ", forty-two, x, 5 MiB", Map.of(H100, 0)))
                .hasMessageContaining("'forty-two' is not a process id");
    }

    @Test
    void theXmlOfARealT4ListsItsComputeProcessNotTheDisplayServer() throws Exception {
        List<GpuProcess> processes = NvidiaXmlProcesses.parse(
                Fixtures.read("nvidia-smi/query-xml__tesla-t4.xml"),
                Map.of("GPU-d37e67a5-91dd-3774-a5cb-99096249601a", 0));
        assertThat(processes).containsExactly(new GpuProcess(0, -1, 5762, "python", 1005));
    }

    @Test
    void underMigTheXmlSaysWhichInstance() throws Exception {
        List<GpuProcess> processes = NvidiaXmlProcesses.parse(
                resource("a100-mig-two-processes.xml"),
                Map.of("GPU-4f1c0a7e-2b3d-4c5e-8f60-7a8b9c0d1e2f", 0, "GPU-9a8b7c6d-5e4f-3a2b-1c0d-ffeeddccbbaa", 1));
        assertThat(processes).hasSize(3);
        assertThat(processes.get(0)).isEqualTo(new GpuProcess(0, 1, 31337, "python3", 20112));
        assertThat(processes.get(1).gpuInstanceId()).isEqualTo(2);
        assertThat(processes.get(1).memoryUsedMib()).isNaN();
        assertThat(processes.get(2)).isEqualTo(new GpuProcess(1, -1, 5762, "python", 1005));
        assertThatThrownBy(() -> NvidiaXmlProcesses.parse("<nvidia_smi_log><gpu>", Map.of()))
                .isInstanceOf(NvidiaComputeApps.Unreadable.class)
                .hasMessageContaining("no well-formed XML");
    }

    @Test
    void rocmSmiNamesEachProcessesGpusAndSharesNoMemoryItCannotSplit() throws Exception {
        List<GpuProcess> processes = RocmPids.parse(resource("rocm-smi-showpids-showpidgpus.txt"));
        assertThat(processes)
                .extracting(GpuProcess::pid, GpuProcess::gpuIndex, GpuProcess::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(79301, 1, "python3"),
                        org.assertj.core.groups.Tuple.tuple(1949829, 0, "torchrun"),
                        org.assertj.core.groups.Tuple.tuple(1949829, 3, "torchrun"));
        assertThat(processes.getFirst().memoryUsedMib()).isEqualTo(4096f);
        assertThat(processes.get(1).memoryUsedMib()).isNaN();
        assertThatThrownBy(() -> RocmPids.parse("ERROR: No AMD GPUs found\n"))
                .isInstanceOf(NvidiaComputeApps.Unreadable.class)
                .hasMessageContaining("No AMD GPUs found");
    }
}
