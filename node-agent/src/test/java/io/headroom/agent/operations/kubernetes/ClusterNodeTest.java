package io.headroom.agent.operations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.headroom.core.fleet.SchedulerState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The node's state from what its pods request, under the GPU Operator's mixed MIG strategy: two
 * whole GPUs ({@code nvidia.com/gpu}) and seven 1g.10gb instances ({@code nvidia.com/mig-1g.10gb}).
 */
class ClusterNodeTest {

    private static Node node() {
        return new NodeBuilder()
                .withNewMetadata()
                .withName("gpu-07")
                .endMetadata()
                .withNewStatus()
                .addToAllocatable("nvidia.com/gpu", new Quantity("2"))
                .addToAllocatable("nvidia.com/mig-1g.10gb", new Quantity("7"))
                .addToAllocatable("cpu", new Quantity("96"))
                .endStatus()
                .build();
    }

    private static PodOnNode pod(String name, Map<String, String> limits) {
        var resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder();
        limits.forEach((resource, amount) -> resources.addToLimits(resource, new Quantity(amount)));
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace("ml")
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNodeName("gpu-07")
                .addNewContainer()
                .withName("main")
                .withResources(resources.build())
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        return PodOnNode.of(pod);
    }

    @Test
    void aPodHoldingOnlyAMigInstanceMakesTheNodeMixedNotIdle() {
        var notebook = pod("notebook", Map.of("nvidia.com/mig-1g.10gb", "1"));
        assertThat(notebook.gpus()).isZero();
        assertThat(notebook.migInstances()).isEqualTo(1);

        assertThat(ClusterNode.of(node(), List.of(notebook)).schedulerState()).isEqualTo(SchedulerState.MIXED);
        assertThat(ClusterNode.of(node(), List.of(pod("web", Map.of("cpu", "2"))))
                        .schedulerState())
                .isEqualTo(SchedulerState.IDLE);
    }

    @Test
    void theNodeIsAllocatedOnlyWhenEveryGpuAndEveryInstanceIsHeld() {
        var whole = pod("train", Map.of("nvidia.com/gpu", "2"));
        assertThat(ClusterNode.of(node(), List.of(whole)).schedulerState()).isEqualTo(SchedulerState.MIXED);
        var sevenSlices = pod("sweep", Map.of("nvidia.com/mig-1g.10gb", "7"));
        assertThat(ClusterNode.of(node(), List.of(whole, sevenSlices)).schedulerState())
                .isEqualTo(SchedulerState.ALLOCATED);
    }
}
