package io.headroom.agent.operations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.node.NodeScheduler;
import io.headroom.agent.node.SchedulerView;
import io.headroom.agent.operations.kubernetes.podresources.FakeKubelet;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.Evict;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's configuration to a working backend: a kubeconfig naming the mock API server,
 * the node's state, pool and GPUs held polled into the scheduler view the console is fed
 * from, and a drain through the same backend seen there as drained.
 */
class KubernetesBackendFromConfigTest {

    @TempDir
    Path dir;

    private MockCluster cluster;
    private NodeScheduler scheduler;
    private FakeKubelet kubelet;

    @AfterEach
    void close() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void theNodeAsKubernetesHasItReachesTheSchedulerViewAndADrainShowsThere() throws Exception {
        cluster = new MockCluster();
        cluster.node("gpu-07", 8, Map.of("example.com/gpu-pool", "train"));
        cluster.pod("ml", "train-3", "gpu-07", 4, "ReplicaSet", Map.of("app", "train"));
        cluster.pod("ml", "infer-1", "gpu-07", 2, "ReplicaSet", Map.of("app", "infer"));
        Path kubeconfig = Files.writeString(
                dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://%s:%d
                contexts:
                - name: hall-3
                  context:
                    cluster: mock
                    user: headroom-agent
                current-context: hall-3
                users:
                - name: headroom-agent
                  user:
                    token: not-checked-by-the-mock
                """.formatted(cluster.server.getHostName(), cluster.server.getPort()));
        AgentConfig config = AgentConfigReader.read(Files.writeString(dir.resolve("agent.yaml"), """
                scheduler:
                  backend: kubernetes
                  poll_interval_ms: 500
                  state_directory: %s
                  kubernetes:
                    kubeconfig: %s
                    node_name: gpu-07
                    pool_label: example.com/gpu-pool
                    eviction_timeout_ms: 0
                    pod_resources_socket: %s
                """.formatted(
                        dir.resolve("state"), kubeconfig, dir.resolve("no-kubelet.sock"))));

        scheduler = NodeScheduler.create(config.scheduler(), "gpu-07.hall-3", List::of, () -> null);

        await("the view to show the node as Kubernetes has it")
                .until(() -> scheduler.view().now().state() == SchedulerState.MIXED);
        SchedulerView.Status status = scheduler.view().now();
        assertThat(status.pool()).isEqualTo("train");
        assertThat(status.allocation().count()).isEqualTo(6);
        // No kubelet socket here: which GPUs is unknown, said once in /metrics' source health, and the
        // node is still read and shown; the count stands in, as before the kubelet was asked.
        assertThat(status.allocation().indices()).isNull();
        await("the missing socket to be counted")
                .until(() -> scheduler.health().getFirst().failures() > 0);
        assertThat(scheduler.health().getFirst().lastProblem())
                .startsWith("no kubelet socket at " + dir.resolve("no-kubelet.sock"));

        var drained = scheduler
                .operations()
                .execute(ExecuteRequest.newBuilder()
                        .setIdempotencyKey("op-1")
                        .setHostname("gpu-07.hall-3")
                        .setRequester("li@hall-3")
                        .setReason("swap fan")
                        .setDrain(Drain.getDefaultInstance())
                        .build());
        assertThat(drained.getStatus()).as(drained.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        await("the view to show the node drained")
                .until(() -> scheduler.view().now().state() == SchedulerState.DRAINED);
        assertThat(scheduler.view().now().generation()).isGreaterThan(status.generation());
        assertThat(cluster.requests).anyMatch(r -> r.startsWith("PATCH /api/v1/nodes/gpu-07"));
    }

    @Test
    void withTheKubeletsSocketTheViewMarksExactlyTheGpusPodsHoldAndTheyAreWorkloads() throws Exception {
        cluster = new MockCluster();
        cluster.node("gpu-07", 8, Map.of("example.com/gpu-pool", "train"));
        cluster.pod("ml", "train-3", "gpu-07", 4, "ReplicaSet", Map.of("app", "train"));
        cluster.pod("ml", "infer-1", "gpu-07", 2, null, Map.of("app", "infer"));
        Path socket = dir.resolve("kubelet.sock");
        kubelet = new FakeKubelet(socket)
                .pods(
                        FakeKubelet.pod(
                                "ml",
                                "train-3",
                                FakeKubelet.container("main", "nvidia.com/gpu", "GPU-1,GPU-2,GPU-5,GPU-6")),
                        FakeKubelet.pod(
                                "ml", "infer-1", FakeKubelet.container("server", "nvidia.com/gpu", "GPU-0,GPU-3")));
        Path kubeconfig = kubeconfig();
        AgentConfig config = AgentConfigReader.read(
                Files.writeString(dir.resolve("agent.yaml"), """
                scheduler:
                  backend: kubernetes
                  poll_interval_ms: 500
                  state_directory: %s
                  kubernetes:
                    kubeconfig: %s
                    node_name: gpu-07
                    pool_label: example.com/gpu-pool
                    eviction_timeout_ms: 0
                    pod_resources_socket: %s
                    pod_resources_interval_ms: 1000
                    pod_resources_timeout_ms: 500
                    namespace_tenants:
                      ml: acme
                """.formatted(dir.resolve("state"), kubeconfig, socket)));
        List<Accelerator> gpus = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            gpus.add(new Accelerator("GPU-" + i, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, i, false, List.of()));
        }
        Map<String, List<Workload>> workloads = new ConcurrentHashMap<>();

        scheduler = NodeScheduler.create(
                config.scheduler(),
                "gpu-07.hall-3",
                () -> gpus,
                () -> null,
                (scope, w) -> workloads.put(scope, List.copyOf(w)));

        await("the view to mark the GPUs the kubelet gave to pods").until(() -> {
            var indices = scheduler.view().now().allocation().indices();
            return indices != null && !indices.isEmpty();
        });
        assertThat(scheduler.view().now().allocation().indices()).containsExactlyInAnyOrder(0, 1, 2, 3, 5, 6);
        await("the pods to be handed on as workloads").until(() -> workloads.containsKey("gpu-07.hall-3"));
        assertThat(workloads.get("gpu-07.hall-3"))
                .extracting(Workload::getId, Workload::getTenant, Workload::getPool)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("k8s:ml/train-3", "acme", "train"),
                        org.assertj.core.groups.Tuple.tuple("k8s:ml/infer-1", "acme", "train"));
        assertThat(scheduler.health()).singleElement().satisfies(h -> {
            assertThat(h.source()).isEqualTo("kubelet-pod-resources");
            assertThat(h.readings()).isPositive();
        });

        var evicted = scheduler
                .operations()
                .execute(ExecuteRequest.newBuilder()
                        .setIdempotencyKey("op-2")
                        .setHostname("gpu-07.hall-3")
                        .setRequester("li@hall-3")
                        .setReason("held idle since Monday")
                        .setExpectedGeneration(scheduler.view().now().generation())
                        .setEvict(Evict.newBuilder().setWorkloadId("k8s:ml/infer-1"))
                        .build());
        assertThat(evicted.getStatus()).as(evicted.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(evicted.getMessage()).contains("(GPU 0, GPU 3)");
        assertThat(cluster.client.pods().inNamespace("ml").withName("infer-1").get())
                .isNull();
    }

    private Path kubeconfig() throws java.io.IOException {
        return Files.writeString(
                dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://%s:%d
                contexts:
                - name: hall-3
                  context:
                    cluster: mock
                    user: headroom-agent
                current-context: hall-3
                users:
                - name: headroom-agent
                  user:
                    token: not-checked-by-the-mock
                """.formatted(cluster.server.getHostName(), cluster.server.getPort()));
    }
}
