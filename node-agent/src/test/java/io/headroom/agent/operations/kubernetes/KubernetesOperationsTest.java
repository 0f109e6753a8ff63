package io.headroom.agent.operations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.headroom.agent.operations.Generations;
import io.headroom.agent.source.Backoff;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Reassign;
import io.headroom.protocol.v1.Reslice;
import io.headroom.protocol.v1.Resume;
import io.headroom.protocol.v1.SliceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes backend against fabric8's mock API server in CRUD mode ({@link MockCluster}):
 * node gpu-07 with 8 H100s and, bound to it, two GPU workloads each guarded by a
 * PodDisruptionBudget, a bare notebook pod, a DaemonSet pod and a static pod's mirror; one
 * pod on another node. Retries run on a test clock, so a 15 s eviction deadline takes no time.
 */
class KubernetesOperationsTest {

    private static final String NODE = "gpu-07";
    private MockCluster cluster;
    private KubernetesOperations kubernetes;
    private final AtomicLong clock = new AtomicLong();
    private final List<Long> sleeps = new ArrayList<>();
    private final List<Integer> busyGpus = new ArrayList<>();

    @BeforeEach
    void cluster() {
        cluster = new MockCluster();
        cluster.node(NODE, 8, Map.of("headroom.io/pool", "train"));
        cluster.node("gpu-08", 8, Map.of());
        cluster.pod("ml", "train-3", NODE, 4, "ReplicaSet", Map.of("app", "train"));
        cluster.pod("ml", "infer-1", NODE, 2, "ReplicaSet", Map.of("app", "infer"));
        cluster.pod("ml", "notebook", NODE, 0, null, Map.of("app", "notebook"));
        cluster.pod("kube-system", "nvidia-device-plugin-x7k2p", NODE, 0, "DaemonSet", Map.of("app", "device-plugin"));
        cluster.mirrorPod("kube-system", "kube-proxy-gpu-07", NODE);
        cluster.pod("ml", "other", "gpu-08", 8, "ReplicaSet", Map.of("app", "train"));
        cluster.budget("ml", "train-pdb", Map.of("app", "train"), 0);
        cluster.budget("ml", "infer-pdb", Map.of("app", "infer"), 1);

        Waiting testClock = new Waiting() {
            @Override
            public long millis() {
                return clock.get();
            }

            @Override
            public void sleep(long millis) {
                sleeps.add(millis);
                clock.addAndGet(millis);
            }
        };
        List<Accelerator> gpus = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            gpus.add(new Accelerator("GPU-" + i, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, i, true, List.of()));
        }
        kubernetes = new KubernetesOperations(
                cluster.backend,
                new KubernetesOperations.Settings(
                        NODE, "headroom.io/pool", null, Duration.ofSeconds(15), Duration.ofSeconds(10)),
                NODE,
                new Generations(),
                host -> gpus,
                (host, index) -> busyGpus.contains(index),
                testClock,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private static ExecuteRequest.Builder request() {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey("k")
                .setHostname(NODE)
                .setRequester("wei@noc");
    }

    private Node node() {
        return cluster.client.nodes().withName(NODE).get();
    }

    private boolean podExists(String namespace, String name) {
        return cluster.client.pods().inNamespace(namespace).withName(name).get() != null;
    }

    private long evictions(String namespace, String pod) {
        return cluster.count("POST /api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction");
    }

    @Test
    void aDryRunIsTheExactApiCallsAndSaysWhichEvictionABudgetWouldBlock() throws Exception {
        String version = node().getMetadata().getResourceVersion();
        ExecuteResponse plan = kubernetes.execute(
                request().setDrain(Drain.getDefaultInstance()).setDryRun(true).build());

        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getMessage())
                .isEqualTo("would cordon gpu-07 and evict 3 pods (1 blocked by a PodDisruptionBudget"
                        + " now); now mixed, 3 pods");
        assertThat(plan.getPlanList())
                .containsExactly(
                        "PATCH /api/v1/nodes/gpu-07 {\"metadata\":{\"resourceVersion\":\"" + version
                                + "\",\"annotations\":"
                                + "{\"headroom.io/drain-reason\":\"<reason>\"}},\"spec\":{\"unschedulable\":true}}",
                        "POST /api/v1/namespaces/ml/pods/infer-1/eviction",
                        "POST /api/v1/namespaces/ml/pods/notebook/eviction   # no controller: it is not recreated elsewhere",
                        "POST /api/v1/namespaces/ml/pods/train-3/eviction   # PodDisruptionBudget ml/train-pdb allows no"
                                + " disruption now: would be retried for up to 15 s",
                        "# stays: kube-system/kube-proxy-gpu-07 (mirror pod of a static pod)",
                        "# stays: kube-system/nvidia-device-plugin-x7k2p (DaemonSet pod)");
        // Nothing was changed: no PATCH, no eviction, the node schedulable.
        assertThat(cluster.requests).noneMatch(r -> r.startsWith("PATCH") || r.endsWith("/eviction"));
        assertThat(node().getSpec().getUnschedulable()).isNotEqualTo(true);
    }

    @Test
    void aDrainCordonsEvictsRetriesWhatABudgetRefusesAndNamesThePodStillBlockedAtTheDeadline() throws Exception {
        cluster.budgetBlocks("ml", "train-3", 6); // through the whole first drain; the 7th try is let through
        cluster.budgetBlocks("ml", "infer-1", 2); // refused twice, then its budget allows it
        long seen = kubernetes.observe().generation();

        ExecuteResponse draining = kubernetes.execute(request()
                .setDrain(Drain.getDefaultInstance())
                .setReason("swap GPU 3 (XID 79)")
                .setExpectedGeneration(seen)
                .build());

        assertThat(draining.getStatus()).as(draining.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
        assertThat(draining.getMessage())
                .isEqualTo(
                        "gpu-07 is cordoned and draining; 1 pod could not be evicted in 15 s:"
                                + " ml/train-3 (PodDisruptionBudget ml/train-pdb allows no disruption now). Drain again to retry them.");
        assertThat(draining.getPlanList())
                .contains(
                        "POST /api/v1/namespaces/ml/pods/train-3/eviction: refused (429) after 6 tries: PodDisruptionBudget"
                                + " ml/train-pdb allows no disruption now",
                        "POST /api/v1/namespaces/ml/pods/infer-1/eviction: evicted after 3 tries",
                        "POST /api/v1/namespaces/ml/pods/notebook/eviction: evicted");
        assertThat(draining.getGeneration()).isGreaterThan(seen);
        // Backoff 1, 2, 4, 4 s, then the last 4 s up to the deadline: six tries in 15 s.
        assertThat(sleeps).containsExactly(1000L, 2000L, 4000L, 4000L, 4000L);
        assertThat(evictions("ml", "train-3")).isEqualTo(6);
        assertThat(evictions("ml", "infer-1")).isEqualTo(3);

        Node node = node();
        assertThat(node.getSpec().getUnschedulable()).isTrue();
        assertThat(node.getMetadata().getAnnotations())
                .containsEntry("headroom.io/drain-reason", "swap GPU 3 (XID 79)");
        assertThat(podExists("ml", "train-3")).isTrue();
        assertThat(podExists("ml", "infer-1")).isFalse();
        assertThat(podExists("ml", "notebook")).isFalse();
        assertThat(podExists("kube-system", "nvidia-device-plugin-x7k2p")).isTrue();
        assertThat(podExists("kube-system", "kube-proxy-gpu-07")).isTrue();
        assertThat(podExists("ml", "other")).isTrue();
        assertThat(evictions("ml", "other")).isZero();
        assertThat(kubernetes.observe().node().schedulerState()).isEqualTo(SchedulerState.DRAINING);

        // Drained again once the budget allows it: the node is already cordoned, the last pod goes.
        ExecuteResponse drained = kubernetes.execute(request()
                .setIdempotencyKey("k2")
                .setDrain(Drain.getDefaultInstance())
                .setReason("swap GPU 3 (XID 79)")
                .build());
        assertThat(drained.getStatus()).as(drained.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(drained.getMessage()).isEqualTo("gpu-07 is drained, cordoned");
        assertThat(drained.getPlanList())
                .containsExactly(
                        "# gpu-07 is already cordoned", "POST /api/v1/namespaces/ml/pods/train-3/eviction: evicted");
        assertThat(kubernetes.observe().node().schedulerState()).isEqualTo(SchedulerState.DRAINED);
    }

    @Test
    void resumeUncordonsAndTakesTheReasonOff() throws Exception {
        cluster.client.pods().inNamespace("ml").withName("train-3").delete();
        cluster.client.pods().inNamespace("ml").withName("infer-1").delete();
        kubernetes.execute(
                request().setDrain(Drain.getDefaultInstance()).setReason("fan").build());
        assertThat(kubernetes.observe().node().schedulerState()).isEqualTo(SchedulerState.DRAINED);

        ExecuteResponse plan = kubernetes.execute(
                request().setResume(Resume.getDefaultInstance()).setDryRun(true).build());
        assertThat(plan.getPlanList())
                .singleElement()
                .asString()
                .startsWith("PATCH /api/v1/nodes/gpu-07 {\"metadata\":")
                .endsWith("\"annotations\":{\"headroom.io/drain-reason\":null}},\"spec\":{\"unschedulable\":false}}");
        ExecuteResponse resumed = kubernetes.execute(
                request().setResume(Resume.getDefaultInstance()).build());

        assertThat(resumed.getStatus()).as(resumed.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(resumed.getMessage()).isEqualTo("gpu-07 is schedulable again (idle)");
        assertThat(node().getSpec().getUnschedulable()).isFalse();
        // A merge patch's null removes the key on a real API server (RFC 7386); the CRUD mock keeps it as null.
        assertThat(node().getMetadata().getAnnotations().get("headroom.io/drain-reason"))
                .isNull();
        assertThat(kubernetes.observe().node().schedulerState()).isEqualTo(SchedulerState.IDLE);
    }

    @Test
    void aNodeChangedSinceTheConsoleLookedIsAConflictAndNothingIsDone() throws Exception {
        long seen = kubernetes.observe().generation();
        cluster.client
                .nodes()
                .withName(NODE)
                .edit(
                        n -> { // someone cordons it by hand
                            n.getSpec().setUnschedulable(true);
                            return n;
                        });
        int before = cluster.requests.size();

        ExecuteResponse answer = kubernetes.execute(request()
                .setDrain(Drain.getDefaultInstance())
                .setReason("x")
                .setExpectedGeneration(seen)
                .build());

        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_CONFLICT);
        assertThat(answer.getMessage())
                .isEqualTo("gpu-07 changed since you looked: generation " + seen + " expected, " + (seen + 1)
                        + " now (draining, cordoned, 3 pods); nothing was done");
        assertThat(cluster.requests.subList(before, cluster.requests.size()))
                .noneMatch(r -> r.startsWith("PATCH") || r.startsWith("POST"));
    }

    @Test
    void aChangeBetweenReadingAndWritingIsRefusedByTheApiServerAsAConflict() throws Exception {
        // The cordon goes with the resourceVersion just read; here another client wrote in between.
        cluster.server
                .expect()
                .patch()
                .withPath("/api/v1/nodes/gpu-07")
                .andReturn(
                        409,
                        new io.fabric8.kubernetes.api.model.StatusBuilder()
                                .withCode(409)
                                .withReason("Conflict")
                                .withMessage("Operation cannot be fulfilled on"
                                        + " nodes \"gpu-07\": the object has been modified; please apply your changes to the latest version"
                                        + " and try again")
                                .build())
                .once();

        ExecuteResponse answer = kubernetes.execute(
                request().setDrain(Drain.getDefaultInstance()).setReason("x").build());

        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_CONFLICT);
        assertThat(answer.getMessage())
                .startsWith("gpu-07 changed in Kubernetes between reading and writing it")
                .endsWith("(HTTP 409)); nothing was done");
        assertThat(cluster.requests).noneMatch(r -> r.endsWith("/eviction"));
    }

    @Test
    void reassignSetsThePoolLabelAndRefusesWhatKubernetesCannotHold() throws Exception {
        ExecuteResponse moved = kubernetes.execute(request()
                .setReassign(Reassign.newBuilder().setPool("inference"))
                .build());

        assertThat(moved.getStatus()).as(moved.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(moved.getMessage()).isEqualTo("gpu-07 is in pool inference");
        assertThat(moved.getPlanList())
                .singleElement()
                .asString()
                .matches("PATCH /api/v1/nodes/gpu-07 \\{\"metadata\":\\{\"resourceVersion\":\"\\d+\",\"labels\":"
                        + "\\{\"headroom.io/pool\":\"inference\"}}}");
        assertThat(node().getMetadata().getLabels()).containsEntry("headroom.io/pool", "inference");
        assertThat(kubernetes.observe().node().label("headroom.io/pool")).isEqualTo("inference");

        assertThat(kubernetes
                        .execute(request()
                                .setReassign(Reassign.newBuilder().setTenant("acme"))
                                .build())
                        .getMessage())
                .isEqualTo("tenants are not kept in Kubernetes here: set scheduler.kubernetes.tenant_label to the node"
                        + " label that names them");
        assertThat(kubernetes
                        .execute(request()
                                .setReassign(Reassign.newBuilder().setPool("team a/b"))
                                .build())
                        .getMessage())
                .startsWith("'team a/b' cannot be a Kubernetes label value");
        assertThat(kubernetes
                        .execute(request()
                                .setReassign(Reassign.newBuilder().setPool("x").addGpuIndices(3))
                                .build())
                        .getMessage())
                .startsWith("a Kubernetes node label holds the whole node");
    }

    private static Reslice.Builder layout(int... profileAndStart) {
        var reslice = Reslice.newBuilder().setGpuIndex(2);
        for (int i = 0; i < profileAndStart.length; i += 2) {
            reslice.addSlices(SliceRequest.newBuilder()
                    .setProfileId(profileAndStart[i])
                    .setPlacementStart(profileAndStart[i + 1]));
        }
        return reslice;
    }

    private void emptyAndCordon() throws Exception {
        for (String pod : List.of("train-3", "infer-1", "notebook")) {
            cluster.client.pods().inNamespace("ml").withName(pod).delete();
        }
        kubernetes.execute(request()
                .setIdempotencyKey("cordon")
                .setDrain(Drain.getDefaultInstance())
                .setReason("re-slice")
                .build());
        assertThat(kubernetes.observe().node().schedulerState()).isEqualTo(SchedulerState.DRAINED);
    }

    @Test
    void aResliceSetsTheGpuOperatorsMigConfigAndFollowsItsStateToSuccess() throws Exception {
        assertThat(kubernetes
                        .execute(request().setReslice(layout(9, 0, 9, 4)).build())
                        .getMessage())
                .isEqualTo(
                        "the GPU Operator re-slices every GPU of gpu-07 at once: drain the node first (it is mixed, 3 pods)");
        emptyAndCordon();
        cluster.runMigManager("success", null);

        ExecuteResponse plan = kubernetes.execute(
                request().setReslice(layout(9, 0, 9, 4)).setDryRun(true).build());
        assertThat(plan.getStatus()).as(plan.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getPlanList().getFirst())
                .matches("PATCH /api/v1/nodes/gpu-07 \\{\"metadata\":\\{\"resourceVersion\":"
                        + "\"\\d+\",\"labels\":\\{\"nvidia.com/mig.config\":\"all-3g.40gb\"}}}");
        assertThat(plan.getPlanList())
                .contains("# the GPU Operator's MIG manager applies all-3g.40gb to every GPU of gpu-07"
                        + " (8 GPUs), choosing the placements itself");
        assertThat(node().getMetadata().getLabels()).doesNotContainKey("nvidia.com/mig.config");

        ExecuteResponse done =
                kubernetes.execute(request().setReslice(layout(9, 0, 9, 4)).build());

        assertThat(done.getStatus()).as(done.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(done.getMessage())
                .isEqualTo("gpu-07 re-sliced to all-3g.40gb by the GPU Operator"
                        + " (mig.config.state: success); resume the node to use it");
        assertThat(node().getMetadata().getLabels())
                .containsEntry("nvidia.com/mig.config", "all-3g.40gb")
                .containsEntry("nvidia.com/mig.config.state", "success");
        assertThat(sleeps).isNotEmpty().allMatch(ms -> ms == 500); // polled the state label, on the test clock
    }

    @Test
    void aMigManagerThatFailsIsReportedAndALayoutWithoutAConfigNameIsRefusedWithTheAcceptedOnes() throws Exception {
        emptyAndCordon();
        ExecuteResponse odd =
                kubernetes.execute(request().setReslice(layout(9, 0, 19, 4)).build());
        assertThat(odd.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(odd.getMessage())
                .isEqualTo("the GPU Operator re-slices by named configuration, and its default"
                        + " configurations have none with this layout; for NVIDIA H100 80GB HBM3 they are: all-1g.10gb (7 x 1g.10gb),"
                        + " all-1g.10gb.me (1 x 1g.10gb+me), all-1g.20gb (4 x 1g.20gb), all-2g.20gb (3 x 2g.20gb), all-3g.40gb"
                        + " (2 x 3g.40gb), all-4g.40gb (1 x 4g.40gb), all-7g.80gb (1 x 7g.80gb), all-balanced (2 x 1g.10gb +"
                        + " 1 x 2g.20gb + 1 x 3g.40gb)");
        assertThat(kubernetes
                        .execute(request().setReslice(layout(9, 2)).build())
                        .getMessage())
                .isEqualTo("profile 9 (3g.40gb) cannot start at memory slice 2; it can start at 0, 4");
        busyGpus.add(5);
        assertThat(kubernetes
                        .execute(request().setReslice(layout(0, 0)).build())
                        .getMessage())
                .isEqualTo("GPU 5 of gpu-07 is busy; re-slicing would kill what runs on it");
        busyGpus.clear();

        cluster.runMigManager("failed", null);
        ExecuteResponse failed = kubernetes.execute(
                request().setReslice(layout(19, 0, 19, 1, 14, 2, 9, 4)).build());
        assertThat(failed.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(failed.getMessage())
                .startsWith("the GPU Operator's MIG manager could not apply all-balanced on gpu-07"
                        + " (mig.config.state: failed)");
    }

    @Test
    void aMigManagerThatDoesNotAnswerInTimeLeavesTheReSliceInProgress() throws Exception {
        emptyAndCordon();
        ExecuteResponse waiting =
                kubernetes.execute(request().setReslice(layout(0, 0)).build());
        assertThat(waiting.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
        assertThat(waiting.getMessage())
                .isEqualTo(
                        "nvidia.com/mig.config is set to all-7g.80gb on gpu-07; the MIG manager"
                                + " reports nothing yet (not yet picked up): follow the node's nvidia.com/mig.config.state label");
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000);
    }

    @Test
    void theNodeAsReadFeedsTheConsolesStatePoolAndGpusHeld() throws Exception {
        var observed = kubernetes.observe();
        assertThat(observed.node().schedulerState()).isEqualTo(SchedulerState.MIXED);
        assertThat(observed.node().allocatedGpus()).isEqualTo(6);
        assertThat(observed.node().label("headroom.io/pool")).isEqualTo("train");
        cluster.pod("ml", "big", NODE, 2, "Job", Map.of());
        assertThat(kubernetes.observe().node().schedulerState()).isEqualTo(SchedulerState.ALLOCATED);
        assertThat(kubernetes.observe().generation()).isGreaterThan(observed.generation());
        cluster.client.nodes().withName(NODE).edit(n -> {
            n.getStatus().getConditions().getFirst().setStatus("Unknown"); // the kubelet stopped reporting
            return n;
        });
        assertThat(kubernetes.observe().node().schedulerState()).isEqualTo(SchedulerState.DOWN);
        assertThat(kubernetes
                        .execute(request()
                                .setHostname("gpu-08")
                                .setDrain(Drain.getDefaultInstance())
                                .build())
                        .getMessage())
                .isEqualTo("this agent does not serve gpu-08");
    }
}
