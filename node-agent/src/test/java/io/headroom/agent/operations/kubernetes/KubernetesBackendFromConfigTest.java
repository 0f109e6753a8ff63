package io.headroom.agent.operations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.node.NodeScheduler;
import io.headroom.agent.node.SchedulerView;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (cluster != null) {
            cluster.close();
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
                """.formatted(dir.resolve("state"), kubeconfig)));

        scheduler = NodeScheduler.create(config.scheduler(), "gpu-07.hall-3", List::of, () -> null);

        await("the view to show the node as Kubernetes has it")
                .until(() -> scheduler.view().now().state() == SchedulerState.MIXED);
        SchedulerView.Status status = scheduler.view().now();
        assertThat(status.pool()).isEqualTo("train");
        assertThat(status.allocation().count()).isEqualTo(6);

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
}
