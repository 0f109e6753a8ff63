package io.headroom.agent.operations.kubernetes.podresources;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Vendor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device ids as the NVIDIA device plugin writes them, placed through the agent's inventory. */
class GpuAttributionTest {

    private static final List<Accelerator> INVENTORY = List.of(
            new Accelerator("GPU-aaaa", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 0, false, List.of()),
            new Accelerator("GPU-bbbb", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 1, false, List.of()),
            new Accelerator(
                    "GPU-cccc",
                    Vendor.NVIDIA,
                    "NVIDIA H100 80GB HBM3",
                    81_559,
                    2,
                    true,
                    List.of(
                            new MigSlice("MIG-1111", 3, 0, 15, "3g.40gb", 0, 4, 40_192),
                            new MigSlice("MIG-2222", 5, 0, 19, "1g.10gb", 4, 1, 9_856))));

    private static PodDevices pod(String name, PodDevices.Device... devices) {
        return new PodDevices("ml", name, List.of(devices));
    }

    private static PodDevices.Device device(String container, String resource, String id) {
        return new PodDevices.Device(container, resource, id);
    }

    @Test
    void wholeGpusMigInstancesAndTimeSlicedReplicasArePlaced() {
        var attribution = GpuAttribution.of(
                List.of(
                        pod(
                                "train-3",
                                device("main", "nvidia.com/gpu", "GPU-aaaa"),
                                device("main", "nvidia.com/gpu", "gpu-BBBB"),
                                device("main", "example.com/nic", "mlx5_0")),
                        pod("infer-1", device("server", "nvidia.com/mig-1g.10gb", "MIG-2222")),
                        pod(
                                "shared",
                                device("a", "nvidia.com/gpu.shared", "GPU-aaaa::0"),
                                device("b", "nvidia.com/gpu.shared", "GPU-aaaa::1")),
                        pod("web", device("nginx", "example.com/nic", "mlx5_1"))),
                INVENTORY);

        assertThat(attribution.pods())
                .containsExactly(
                        new PodGpus(
                                "ml",
                                "train-3",
                                List.of(new HeldGpu(0, HeldGpu.WHOLE), new HeldGpu(1, HeldGpu.WHOLE)),
                                List.of("main")),
                        new PodGpus("ml", "infer-1", List.of(new HeldGpu(2, 5)), List.of("server")),
                        new PodGpus("ml", "shared", List.of(new HeldGpu(0, HeldGpu.WHOLE)), List.of("a", "b")));
        assertThat(attribution.unknown()).isEmpty();
        assertThat(attribution.holders().get(new HeldGpu(0, HeldGpu.WHOLE))).containsExactly("ml/train-3", "ml/shared");
    }

    @Test
    void aDeviceTheInventoryDoesNotHaveIsNamedAndTheRestKept() {
        var attribution = GpuAttribution.of(
                List.of(pod(
                        "train-3",
                        device("main", "nvidia.com/gpu", "GPU-aaaa"),
                        device("main", "nvidia.com/gpu", "GPU-ffff"))),
                INVENTORY);

        assertThat(attribution.pods().getFirst().gpus()).containsExactly(new HeldGpu(0, HeldGpu.WHOLE));
        assertThat(attribution.unknown()).containsExactly("ml/train-3: nvidia.com/gpu GPU-ffff");
    }
}
