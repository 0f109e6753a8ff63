package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.access.Role;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import io.headroom.core.workload.TestWorkloads;
import io.headroom.views.Messages;
import io.headroom.views.node.NodeAction;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Reclaiming idle GPUs from the Idle holders page: which actions a workload offers to which role,
 * and that the dialog plans the core reclaim action on the workload, routed through one of its nodes.
 */
class WorkloadOperationsTest {

    private static final Messages MESSAGES = new Messages(Locale.US);

    private static Node node(String hostname) {
        var h100 =
                new Accelerator("GPU-" + hostname, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 0, false, List.of());
        return new Node(hostname, "SN", "rack-3", 5, 4, "train", "", SchedulerState.ALLOCATED, 3, 1000, List.of(h100));
    }

    private static List<String> labels(List<NodeAction> actions) {
        return actions.stream().map(NodeAction::label).toList();
    }

    @Test
    void aJobOffersNotifyRequeueAndCancelAPodEvictAndEachRoleSeesItsOwn() {
        var desk = new RoleDesk(Map.of("v1", Role.VIEWER, "t1", Role.TECHNICIAN, "o1", Role.OPERATOR));
        var operations = new NodeOperations(MESSAGES, desk, () -> null, Clock.systemUTC());
        var job = TestWorkloads.slurmJob("4242", "alice", "physics", "gpu", null, "o1:0");
        var pod = TestWorkloads.pod("ml", "notebook-0", "jdoe", null, "o1:0");

        assertThat(labels(operations.workloadActions(job, "job 4242", node("o1"), () -> 3)))
                .containsExactly("Notify owner", "Requeue", "Cancel job");
        assertThat(labels(operations.workloadActions(pod, "pod notebook-0", node("o1"), () -> 3)))
                .containsExactly("Notify owner", "Evict pod");
        assertThat(labels(operations.workloadActions(job, "job 4242", node("t1"), () -> 3)))
                .containsExactly("Notify owner");
        assertThat(labels(operations.workloadActions(job, "job 4242", node("v1"), () -> 3)))
                .isEmpty();
    }

    @Test
    void theDialogPlansTheReclaimOnTheWorkloadThroughItsNode() {
        List<PendingOperation> planned = new CopyOnWriteArrayList<>();
        var desk = new QuietDesk() {
            @Override
            public CompletableFuture<OperationOutcome> plan(PendingOperation op) {
                planned.add(op);
                return new CompletableFuture<>();
            }
        };

        var model = new OperationFormViewModel(
                MESSAGES,
                desk,
                OperationKind.REQUEUE,
                List.of(new OperationTarget(node("gpu-7"), 3)),
                "",
                Clock.systemUTC(),
                Runnable::run,
                "slurm:test:4242",
                "Job 4242 of alice");

        assertThat(model.title()).isEqualTo("Requeue Job 4242 of alice (through gpu-7)");
        assertThat(planned).hasSize(1);
        assertThat(planned.getFirst().hostname()).isEqualTo("gpu-7");
        assertThat(planned.getFirst().action()).isEqualTo(new OperationAction.Requeue("slurm:test:4242"));
        assertThat(model.readyProperty().get()).as("no reason typed yet").isFalse();
    }

    @Test
    void aReclaimNeedsItsWorkload() {
        assertThatThrownBy(() -> new OperationFormViewModel(
                        MESSAGES,
                        new QuietDesk(),
                        OperationKind.EVICT,
                        List.of(new OperationTarget(node("gpu-7"), 3)),
                        "",
                        Clock.systemUTC(),
                        Runnable::run))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EVICT");
    }
}
