package io.headroom.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.Cancel;
import io.headroom.protocol.v1.Evict;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.NotifyOwner;
import io.headroom.protocol.v1.Requeue;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.time.InstantSource;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reclaiming GPUs from simulated jobs: the plans name the real commands, and carrying them out ends the job. */
class SimulatedReclaimTest {

    private static final long START = 1_741_752_000_000L;

    private FleetSimulator simulator;
    private FleetState state;
    private WorkloadBook book;
    private SimulatedWorkloads workloads;
    private SimulatedOperations operations;

    @BeforeEach
    void fleet() {
        simulator = new FleetSimulator(FleetShape.forGpus(2_048), 5, START, 60_000, "");
        state = new FleetState(IdleThresholds.DEFAULTS);
        state.install(simulator.inventory());
        book = new WorkloadBook();
        workloads = new SimulatedWorkloads(simulator, book);
        new SimulatedSource(simulator, workloads).tick(START, state.current());
        operations = new SimulatedOperations(simulator, workloads, InstantSource.system());
    }

    private Workload first(Predicate<Workload> which) {
        return book.table("t").getWorkloadsList().stream()
                .filter(which)
                .findFirst()
                .orElseThrow();
    }

    private static boolean slurm(Workload w) {
        return w.getKind() == WorkloadKind.WORKLOAD_KIND_SLURM_JOB;
    }

    private static ExecuteRequest.Builder on(Workload w) {
        return ExecuteRequest.newBuilder()
                .setHostname(w.getHoldings(0).getHostname())
                .setIdempotencyKey("k")
                .setRequester("ops@console")
                .setReason("held idle");
    }

    private boolean allocated(Holding h) {
        FleetLayout layout = state.layout();
        int gpu = layout.gpuSlot(layout.nodeIndex(h.getHostname()), h.getGpuIndex());
        return state.current().allocated(h.hasGpuInstanceId() ? layout.sliceSlot(gpu, h.getGpuInstanceId()) : gpu);
    }

    @Test
    void cancellingASlurmJobPlansScancelThenFreesItsGpusAndEndsItInTheBook() {
        Workload job = first(SimulatedReclaimTest::slurm);
        assertThat(job.getHoldingsList()).allMatch(this::allocated);
        var cancel = on(job).setCancel(Cancel.newBuilder().setWorkloadId(job.getId()));

        ExecuteResponse plan = operations.execute(cancel.clone().setDryRun(true).build());
        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getPlan(0)).isEqualTo("scancel " + job.getSchedulerId());
        assertThat(plan.getPlan(1)).contains("of work since the last checkpoint is lost unless the job checkpoints");
        assertThat(plan.getMessage()).contains(job.getUser());
        assertThat(book.find(job.getId())).as("a plan changes nothing").isPresent();

        long version = book.version();
        ExecuteResponse done = operations.execute(cancel.build());

        assertThat(done.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(done.getMessage()).startsWith("cancelled Slurm job " + job.getSchedulerId());
        assertThat(book.find(job.getId())).as("ended in the book at once").isEmpty();
        assertThat(book.version()).isGreaterThan(version);
        simulator.tick(START + 1_000, state.current());
        assertThat(job.getHoldingsList()).noneMatch(this::allocated);
    }

    @Test
    void requeueIsForRequeueableSlurmJobsOnly() {
        Workload requeueable = first(w -> slurm(w) && w.getRequeueable());
        var plan = operations.execute(on(requeueable)
                .setDryRun(true)
                .setRequeue(Requeue.newBuilder().setWorkloadId(requeueable.getId()))
                .build());
        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getPlan(0)).isEqualTo("scontrol requeue " + requeueable.getSchedulerId());
        assertThat(plan.getPlan(1)).contains("keeps its place");

        Workload not = first(w -> slurm(w) && !w.getRequeueable());
        var refused = operations.execute(on(not).setRequeue(Requeue.newBuilder().setWorkloadId(not.getId()))
                .build());
        assertThat(refused.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(refused.getMessage()).contains("without requeue").contains("cancel it instead");
        assertThat(book.find(not.getId())).isPresent();

        Workload pod = first(w -> !slurm(w));
        var notSlurm =
                operations.execute(on(pod).setRequeue(Requeue.newBuilder().setWorkloadId(pod.getId()))
                        .build());
        assertThat(notSlurm.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(notSlurm.getMessage()).contains("evict it instead");

        var done = operations.execute(on(requeueable)
                .setRequeue(Requeue.newBuilder().setWorkloadId(requeueable.getId()))
                .build());
        assertThat(done.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(book.find(requeueable.getId())).isEmpty();
    }

    @Test
    void evictingAPodPostsAnEvictionAndSaysWhatItsOwnerDoes() {
        Workload pod = first(w -> "Deployment".equals(w.getOwnerKind()));
        var evict = on(pod).setEvict(Evict.newBuilder().setWorkloadId(pod.getId()));

        var plan = operations.execute(evict.clone().setDryRun(true).build());
        assertThat(plan.getPlan(0))
                .isEqualTo("POST /api/v1/namespaces/" + pod.getNamespace() + "/pods/" + pod.getSchedulerId()
                        + "/eviction");
        assertThat(plan.getPlan(1)).contains("Deployment " + pod.getOwnerName() + " starts a replacement pod");

        assertThat(operations.execute(evict.build()).getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(book.find(pod.getId())).isEmpty();

        Workload job = first(SimulatedReclaimTest::slurm);
        var wrong = operations.execute(
                on(job).setEvict(Evict.newBuilder().setWorkloadId(job.getId())).build());
        assertThat(wrong.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(wrong.getMessage()).contains("requeue or cancel it instead");
    }

    @Test
    void notifyingTheOwnerIsRecordedAndTheJobKeepsRunning() {
        Workload notebook = first(w -> "Notebook".equals(w.getOwnerKind()));
        var response = operations.execute(on(notebook)
                .setNotifyOwner(NotifyOwner.newBuilder()
                        .setWorkloadId(notebook.getId())
                        .setNote("your notebook holds an H100 doing nothing"))
                .build());

        assertThat(response.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(response.getMessage())
                .isEqualTo("notified " + notebook.getUser() + " about notebook pod " + notebook.getSchedulerId()
                        + " (simulated: no webhook)");
        assertThat(operations.notifications())
                .containsExactly(notebook.getUser() + " about " + notebook.getId()
                        + ": your notebook holds an H100 doing nothing");
        assertThat(book.find(notebook.getId())).isPresent();
    }

    @Test
    void aPlanSaysHowLongAnIdleNotebookHasHeldItsGpu() {
        Workload idle = first(w -> "Notebook".equals(w.getOwnerKind())
                && simulator.runningJob(w.getId()).orElseThrow().idleMinutes() >= 15);
        var plan = operations.execute(on(idle).setDryRun(true)
                .setEvict(Evict.newBuilder().setWorkloadId(idle.getId()))
                .build());
        int minutes = simulator.runningJob(idle.getId()).orElseThrow().idleMinutes();
        assertThat(plan.getMessage())
                .startsWith("would evict notebook pod " + idle.getSchedulerId() + " of " + idle.getUser())
                .endsWith(", idle for " + SimulatedReclaim.duration(minutes));
        assertThat(plan.getPlan(1)).contains("kernel state");
        Workload busy = first(w -> "Notebook".equals(w.getOwnerKind())
                && simulator.runningJob(w.getId()).orElseThrow().idleMinutes() == 0);
        assertThat(operations
                        .execute(on(busy).setDryRun(true)
                                .setEvict(Evict.newBuilder().setWorkloadId(busy.getId()))
                                .build())
                        .getMessage())
                .doesNotContain("idle for");
    }

    @Test
    void anUnknownWorkloadIsRefusedByName() {
        Workload any = first(w -> true);
        var response = operations.execute(on(any).setCancel(Cancel.newBuilder().setWorkloadId("slurm:sim:999999"))
                .build());
        assertThat(response.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(response.getMessage()).contains("slurm:sim:999999");
    }
}
