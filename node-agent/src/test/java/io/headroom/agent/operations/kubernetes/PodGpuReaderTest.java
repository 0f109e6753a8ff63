package io.headroom.agent.operations.kubernetes;

import static io.headroom.agent.operations.kubernetes.podresources.FakeKubelet.container;
import static io.headroom.agent.operations.kubernetes.podresources.FakeKubelet.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.operations.kubernetes.podresources.FakeKubelet;
import io.headroom.agent.operations.kubernetes.podresources.HeldGpu;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which pod holds which GPU, read from a kubelet stand-in on a real unix socket, with labels,
 * owners and start times from fabric8's mock API server, handed on as this node's workloads.
 * Node gpu-07 has four GPUs, GPU 2 split into MIG instances; a training pod of a Deployment holds
 * GPUs 0 and 1, a Kubeflow notebook (a StatefulSet of a Notebook) holds MIG instance 5 of GPU 2,
 * and a bare pod holds GPU 3 and a device id the inventory does not have.
 */
class PodGpuReaderTest {

    private static final String NODE = "gpu-07";

    @TempDir
    Path dir;

    private MockCluster cluster;
    private FakeKubelet kubelet;
    private PodGpuReader reader;
    private AgentConfig.Kubernetes settings;
    private final List<List<Workload>> handedOn = new CopyOnWriteArrayList<>();

    private static final List<Accelerator> INVENTORY = List.of(
            gpu(0, List.of()),
            gpu(1, List.of()),
            new Accelerator(
                    "GPU-2",
                    Vendor.NVIDIA,
                    "NVIDIA H100 80GB HBM3",
                    81_559,
                    2,
                    true,
                    List.of(new MigSlice("MIG-2-5", 5, 0, 19, "1g.10gb", 4, 1, 9_856))),
            gpu(3, List.of()));

    private static Accelerator gpu(int index, List<MigSlice> slices) {
        return new Accelerator("GPU-" + index, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, index, false, slices);
    }

    @BeforeEach
    void cluster() throws Exception {
        cluster = new MockCluster();
        cluster.node(NODE, 4, Map.of("headroom.io/pool", "train"));
        cluster.pod("ml", "train-3", NODE, 2, "ReplicaSet", Map.of("app", "train", "example.com/owner", "li"));
        cluster.ownerOf("ml", "train-3", "ReplicaSet", "Deployment", "train");
        cluster.started("ml", "train-3", "2026-12-05T20:00:00Z");
        cluster.pod("ml", "notebook-0", NODE, 0, "StatefulSet", Map.of("app", "notebook"));
        cluster.ownerOf("ml", "notebook-0", "StatefulSet", "Notebook", "alice-nb");
        cluster.pod("vision", "bare", NODE, 1, null, Map.of());
        kubelet = new FakeKubelet(dir.resolve("kubelet.sock"))
                .pods(
                        pod("ml", "train-3", container("main", "nvidia.com/gpu", "GPU-0,GPU-1")),
                        pod("ml", "notebook-0", container("jupyter", "nvidia.com/mig-1g.10gb", "MIG-2-5")),
                        pod("vision", "bare", container("run", "nvidia.com/gpu", "GPU-3,GPU-99")),
                        pod("kube-system", "dns", container("coredns")));
        settings = new AgentConfig.Kubernetes(
                null,
                null,
                true,
                NODE,
                "headroom.io/pool",
                null,
                5000,
                0,
                0,
                // A generous deadline: the first call of a test JVM loads the epoll transport.
                new AgentConfig.PodResources(dir.resolve("kubelet.sock"), 5000, 3000),
                "example.com/owner",
                Map.of("ml", "acme"));
        reader = new PodGpuReader(settings, cluster.backend, NODE, "gpu-07.hall-3", () -> INVENTORY, (scope, w) -> {
            assertThat(scope).isEqualTo("gpu-07.hall-3");
            handedOn.add(new ArrayList<>(w));
        });
    }

    @AfterEach
    void close() throws Exception {
        reader.close();
        kubelet.close();
        cluster.close();
    }

    private Workload workload(String id) {
        return handedOn.getLast().stream()
                .filter(w -> w.getId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static Holding holding(int gpu) {
        return Holding.newBuilder()
                .setHostname("gpu-07.hall-3")
                .setGpuIndex(gpu)
                .build();
    }

    @Test
    void eachPodThatHoldsGpusIsAWorkloadWithItsHoldingsLabelsOwnerAndTenant() {
        reader.poll();

        assertThat(handedOn).hasSize(1);
        assertThat(handedOn.getLast())
                .extracting(Workload::getId)
                .containsExactly("k8s:ml/train-3", "k8s:ml/notebook-0", "k8s:vision/bare");
        Workload train = workload("k8s:ml/train-3");
        assertThat(train.getKind()).isEqualTo(WorkloadKind.WORKLOAD_KIND_KUBERNETES_POD);
        assertThat(train.getSchedulerId()).isEqualTo("train-3");
        assertThat(train.getNamespace()).isEqualTo("ml");
        assertThat(train.getTenant()).isEqualTo("acme");
        assertThat(train.getPool()).isEqualTo("train");
        assertThat(train.getUser()).isEqualTo("li");
        assertThat(train.getOwnerKind()).isEqualTo("Deployment");
        assertThat(train.getOwnerName()).isEqualTo("train");
        assertThat(train.getStartTimeMs())
                .isEqualTo(Instant.parse("2026-12-05T20:00:00Z").toEpochMilli());
        assertThat(train.getHoldingsList()).containsExactly(holding(0), holding(1));
        assertThat(train.getLabelsMap())
                .containsEntry("app", "train")
                .containsEntry(PodWorkloads.CONTAINERS_LABEL, "main");

        Workload notebook = workload("k8s:ml/notebook-0");
        assertThat(notebook.getOwnerKind()).isEqualTo("Notebook");
        assertThat(notebook.getOwnerName()).isEqualTo("alice-nb");
        assertThat(notebook.getHoldingsList())
                .containsExactly(holding(2).toBuilder().setGpuInstanceId(5).build());
        assertThat(notebook.getStartTimeMs())
                .as("not started: unknown, not 1970")
                .isZero();

        Workload bare = workload("k8s:vision/bare");
        assertThat(bare.getOwnerKind()).isEmpty();
        assertThat(bare.getTenant()).as("no tenant for vision").isEmpty();
        assertThat(bare.getHoldingsList()).as("GPU-99 is left out").containsExactly(holding(3));

        assertThat(reader.latest()
                        .orElseThrow()
                        .pod("ml", "notebook-0")
                        .orElseThrow()
                        .gpus())
                .containsExactly(new HeldGpu(2, 5));
    }

    @Test
    void aJobsPodBelongsToTheCronJobThatMadeTheJob() {
        cluster.pod("ml", "nightly-29-x7", NODE, 1, "Job", Map.of());
        cluster.ownerOf("ml", "nightly-29-x7", "Job", "CronJob", "nightly");
        kubelet.pods(pod("ml", "nightly-29-x7", container("main", "nvidia.com/gpu", "GPU-3")));

        reader.poll();

        Workload nightly = workload("k8s:ml/nightly-29-x7");
        assertThat(nightly.getOwnerKind()).isEqualTo("CronJob");
        assertThat(nightly.getOwnerName()).isEqualTo("nightly");
        assertThat(nightly.getHoldingsList()).containsExactly(holding(3));
    }

    @Test
    void anUnknownDeviceIsNamedOnceHoweverOftenTheKubeletListsIt() {
        reader.poll();
        reader.poll();
        reader.poll();

        assertThat(reader.health().malformed()).isEqualTo(1);
        assertThat(reader.health().lastProblem()).isEqualTo("unknown device vision/bare: nvidia.com/gpu GPU-99");
        assertThat(reader.health().readings()).isEqualTo(3);
    }

    @Test
    void aKubeletThatHangsLeavesTheLastWorkloadsAndMakesTheAttributionUnknown() {
        reader.poll();
        kubelet.behave(FakeKubelet.Behaviour.HANG);
        reader.poll();

        assertThat(reader.latest()).isEmpty();
        assertThat(handedOn).as("the workloads stay as they were").hasSize(1);
        assertThat(reader.health().failures()).isEqualTo(1);
        assertThat(reader.health().lastProblem()).endsWith("did not answer within 3000 ms");

        kubelet.behave(FakeKubelet.Behaviour.ANSWER);
        reader.poll();
        assertThat(reader.latest()).isPresent();
        assertThat(handedOn).hasSize(2);
    }

    @Test
    void withoutTheApiServerPodsAreStillWorkloadsWithTheirHoldings() {
        cluster.server.destroy();

        reader.poll();

        Workload train = workload("k8s:ml/train-3");
        assertThat(train.getHoldingsList()).containsExactly(holding(0), holding(1));
        assertThat(train.getTenant()).isEqualTo("acme");
        assertThat(train.getOwnerKind()).isEmpty();
        assertThat(train.getLabelsMap()).containsOnlyKeys(PodWorkloads.CONTAINERS_LABEL);
    }

    @Test
    void readsOnItsOwnThreadEveryInterval() {
        reader.start();

        await("the kubelet to be asked twice").until(() -> kubelet.calls() >= 2);
        assertThat(handedOn).isNotEmpty();
        assertThat(reader.latest()).isPresent();
    }

    @Test
    void beforeTheAgentKnowsItsGpusNothingIsPlacedAndNothingCalledUnknown() {
        try (var early = new PodGpuReader(
                settings,
                cluster.backend,
                NODE,
                "gpu-07.hall-3",
                List::of,
                (scope, w) -> handedOn.add(List.copyOf(w)))) {
            early.poll();

            assertThat(early.latest()).isEmpty();
            assertThat(handedOn).isEmpty();
            assertThat(early.health().malformed()).isZero();
        }
    }
}
