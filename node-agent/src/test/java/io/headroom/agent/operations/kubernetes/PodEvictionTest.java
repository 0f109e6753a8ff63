package io.headroom.agent.operations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.kubernetes.podresources.GpuAttribution;
import io.headroom.agent.operations.kubernetes.podresources.HeldGpu;
import io.headroom.agent.operations.kubernetes.podresources.PodGpus;
import io.headroom.agent.source.Backoff;
import io.headroom.protocol.v1.Cancel;
import io.headroom.protocol.v1.Evict;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.NotifyOwner;
import io.headroom.protocol.v1.Requeue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evicting one pod that holds GPUs, against fabric8's mock API server ({@link MockCluster}):
 * on gpu-07 a training pod of Deployment train (GPUs 0 to 3, its PodDisruptionBudget allows no
 * disruption), an inference pod of Deployment infer (GPUs 4 and 5, its budget allows one), a bare
 * notebook that holds no GPU and a DaemonSet pod; on gpu-08 another pod. Which GPUs each holds is
 * what the kubelet said (or unknown). Retries run on a test clock.
 */
class PodEvictionTest {

    private static final String NODE = "gpu-07";
    private MockCluster cluster;
    private KubernetesOperations kubernetes;
    private final AtomicLong clock = new AtomicLong();
    private final AtomicReference<Optional<GpuAttribution>> held = new AtomicReference<>();

    @BeforeEach
    void cluster() {
        cluster = new MockCluster();
        cluster.node(NODE, 8, Map.of("headroom.io/pool", "train"));
        cluster.node("gpu-08", 8, Map.of());
        cluster.pod("ml", "train-3", NODE, 4, "ReplicaSet", Map.of("app", "train"));
        cluster.ownerOf("ml", "train-3", "ReplicaSet", "Deployment", "train");
        cluster.pod("ml", "infer-1", NODE, 2, "ReplicaSet", Map.of("app", "infer"));
        cluster.ownerOf("ml", "infer-1", "ReplicaSet", "Deployment", "infer");
        cluster.pod("ml", "notebook", NODE, 0, null, Map.of("app", "notebook"));
        cluster.pod("kube-system", "nvidia-device-plugin-x7k2p", NODE, 1, "DaemonSet", Map.of());
        cluster.pod("ml", "other", "gpu-08", 8, "ReplicaSet", Map.of("app", "train"));
        cluster.budget("ml", "train-pdb", Map.of("app", "train"), 0);
        cluster.budget("ml", "infer-pdb", Map.of("app", "infer"), 1);
        held.set(Optional.of(new GpuAttribution(
                List.of(
                        new PodGpus("ml", "train-3", gpus(0, 1, 2, 3), List.of("main")),
                        new PodGpus("ml", "infer-1", gpus(4, 5), List.of("main")),
                        new PodGpus("kube-system", "nvidia-device-plugin-x7k2p", gpus(7), List.of("main"))),
                List.of())));
        Waiting testClock = new Waiting() {
            @Override
            public long millis() {
                return clock.get();
            }

            @Override
            public void sleep(long millis) {
                clock.addAndGet(millis);
            }
        };
        kubernetes = new KubernetesOperations(
                cluster.backend,
                new KubernetesOperations.Settings(
                        NODE, "headroom.io/pool", null, Duration.ofSeconds(15), Duration.ofSeconds(10)),
                NODE,
                new Generations(),
                host -> List.of(),
                (host, index) -> false,
                testClock,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)),
                held::get);
    }

    private static List<HeldGpu> gpus(int... indices) {
        return java.util.Arrays.stream(indices)
                .mapToObj(i -> new HeldGpu(i, HeldGpu.WHOLE))
                .toList();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private ExecuteResponse evict(String workloadId, boolean dryRun) {
        return kubernetes.execute(ExecuteRequest.newBuilder()
                .setIdempotencyKey("k")
                .setHostname(NODE)
                .setRequester("wei@noc")
                .setReason("held idle for 3 days")
                .setDryRun(dryRun)
                .setEvict(Evict.newBuilder().setWorkloadId(workloadId))
                .build());
    }

    private boolean podExists(String namespace, String name) {
        return cluster.client.pods().inNamespace(namespace).withName(name).get() != null;
    }

    private long evictionPosts() {
        return cluster.requests.stream()
                .filter(r -> r.startsWith("POST ") && r.endsWith("/eviction"))
                .count();
    }

    @Test
    void aDryRunIsTheExactApiCallAndWhatTheOwnerLoses() {
        ExecuteResponse plan = evict("k8s:ml/infer-1", true);

        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getMessage())
                .isEqualTo(
                        "would evict ml/infer-1 from gpu-07: Deployment infer loses 2 GPUs on gpu-07 (GPU 4, GPU 5)");
        assertThat(plan.getPlanList())
                .containsExactly(
                        "POST /api/v1/namespaces/ml/pods/infer-1/eviction",
                        "# Deployment infer loses pod ml/infer-1 and its 2 GPUs on gpu-07 (GPU 4, GPU 5); it makes a"
                                + " new pod where there is room");
        assertThat(evictionPosts()).isZero();
        assertThat(podExists("ml", "infer-1")).isTrue();
    }

    @Test
    void anEvictionGoesThroughTheEvictionApi() {
        ExecuteResponse done = evict("k8s:ml/infer-1", false);

        assertThat(done.getStatus()).as(done.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(done.getMessage())
                .startsWith("ml/infer-1 evicted from gpu-07; Deployment infer loses pod ml/infer-1");
        assertThat(done.getPlanList()).containsExactly("POST /api/v1/namespaces/ml/pods/infer-1/eviction: evicted");
        assertThat(cluster.count("POST /api/v1/namespaces/ml/pods/infer-1/eviction"))
                .isEqualTo(1);
        assertThat(podExists("ml", "infer-1")).isFalse();
        assertThat(podExists("ml", "train-3")).as("nothing else is evicted").isTrue();
    }

    @Test
    void aBudgetThatAllowsNoDisruptionIsNamedAndThePodStays() {
        cluster.budgetBlocks("ml", "train-3", -1);

        ExecuteResponse plan = evict("k8s:ml/train-3", true);
        assertThat(plan.getMessage())
                .endsWith("(blocked now: PodDisruptionBudget ml/train-pdb allows no disruption now)");
        assertThat(plan.getPlanList())
                .contains("# PodDisruptionBudget ml/train-pdb allows no disruption now: the API server would refuse"
                        + " (429); retried for up to 15 s");

        ExecuteResponse refused = evict("k8s:ml/train-3", false);
        assertThat(refused.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(refused.getMessage())
                .startsWith("the PodDisruptionBudget ml/train-pdb allows no disruption now; ml/train-3 was not evicted"
                        + " (tried ");
        assertThat(cluster.count("POST /api/v1/namespaces/ml/pods/train-3/eviction"))
                .isGreaterThan(1);
        assertThat(podExists("ml", "train-3")).isTrue();
    }

    @Test
    void aRefusalNoBudgetHereExplainsIsStillSaidPlainly() {
        cluster.pod("ml", "solo", NODE, 1, null, Map.of("app", "solo"));
        held.set(Optional.of(
                new GpuAttribution(List.of(new PodGpus("ml", "solo", gpus(6), List.of("main"))), List.of())));
        cluster.budgetBlocks("ml", "solo", -1);

        ExecuteResponse refused = evict("k8s:ml/solo", false);

        assertThat(refused.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(refused.getMessage())
                .startsWith("the API server answered 429 (a PodDisruptionBudget refused it); ml/solo was not evicted");
        assertThat(podExists("ml", "solo")).isTrue();
    }

    @Test
    void onlyAPodThatHoldsGpusOnThisNodeIsEvicted() {
        assertThat(evict("k8s:ml/notebook", false).getMessage())
                .isEqualTo("pod ml/notebook holds no GPU on gpu-07; Headroom evicts only pods that hold GPUs");
        assertThat(evict("k8s:ml/other", false).getMessage())
                .isEqualTo("pod ml/other is not on gpu-07 (it may have finished or been moved)");
        assertThat(evict("k8s:kube-system/nvidia-device-plugin-x7k2p", false).getMessage())
                .isEqualTo("pod kube-system/nvidia-device-plugin-x7k2p is a DaemonSet's: it would come back on gpu-07"
                        + " at once");
        assertThat(evict("slurm:hall-3:4242", false).getMessage())
                .isEqualTo("'slurm:hall-3:4242' is not a Kubernetes pod's workload id (k8s:<namespace>/<pod>)");
        assertThat(evict("k8s:ml/", false).getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(evictionPosts()).isZero();
    }

    @Test
    void withoutTheKubeletTheRequestsSayWhetherAPodHoldsGpus() {
        held.set(Optional.empty());

        ExecuteResponse plan = evict("k8s:ml/train-3", true);
        assertThat(plan.getMessage())
                .startsWith("would evict ml/train-3 from gpu-07: Deployment train loses 4 GPUs on gpu-07 (which ones is"
                        + " unknown: the kubelet's PodResources could not be read)");
        assertThat(evict("k8s:ml/notebook", true).getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
    }

    @Test
    void aBarePodIsSaidToBeLostForGood() {
        held.set(Optional.of(
                new GpuAttribution(List.of(new PodGpus("ml", "notebook", gpus(6), List.of("jupyter"))), List.of())));

        assertThat(evict("k8s:ml/notebook", true).getPlanList())
                .containsExactly(
                        "POST /api/v1/namespaces/ml/pods/notebook/eviction",
                        "# ml/notebook has no owner: it is not recreated, and whatever it was running is lost with"
                                + " its 1 GPU on gpu-07 (GPU 6)");
    }

    @Test
    void requeueAndCancelAreForSlurmAndNotifyIsNotTheBackendsToDo() {
        var base = ExecuteRequest.newBuilder()
                .setIdempotencyKey("k")
                .setHostname(NODE)
                .setReason("r");
        assertThat(kubernetes
                        .execute(base.clone()
                                .setRequeue(Requeue.newBuilder().setWorkloadId("k8s:ml/train-3"))
                                .build())
                        .getMessage())
                .isEqualTo("requeue/cancel are for Slurm jobs; on Kubernetes use evict");
        assertThat(kubernetes
                        .execute(base.clone()
                                .setCancel(Cancel.newBuilder().setWorkloadId("k8s:ml/train-3"))
                                .build())
                        .getMessage())
                .isEqualTo("requeue/cancel are for Slurm jobs; on Kubernetes use evict");
        assertThat(kubernetes
                        .execute(base.clone()
                                .setNotifyOwner(NotifyOwner.newBuilder().setWorkloadId("k8s:ml/train-3"))
                                .build())
                        .getStatus())
                .isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(evictionPosts()).isZero();
    }
}
