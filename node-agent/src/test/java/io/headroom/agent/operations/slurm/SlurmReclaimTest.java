package io.headroom.agent.operations.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.command.CommandResult;
import io.headroom.protocol.v1.Cancel;
import io.headroom.protocol.v1.Evict;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.NotifyOwner;
import io.headroom.protocol.v1.Requeue;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requeue and cancel of the jobs on a node, through scripted scontrol, squeue and scancel. */
class SlurmReclaimTest {

    private final ScriptedSlurm slurm = new ScriptedSlurm();
    private SlurmOperations operations;

    @BeforeEach
    void node() {
        slurm.cluster("hpc");
        slurm.answer(
                "show node gpu01",
                "NodeName=gpu01 Gres=gpu:a100:8 GresUsed=gpu:a100:2(IDX:0,2) State=MIXED Partitions=gpu\n");
        slurm.onNode("gpu01", "4242", "5001");
        operations = new SlurmOperations(
                new Scontrol("/opt/slurm/bin/scontrol", slurm, Duration.ofSeconds(5)),
                new Generations(),
                (host, index) -> Optional.empty(),
                (host, index) -> false,
                "nvidia-smi",
                slurm,
                Duration.ofSeconds(5));
    }

    private static ExecuteRequest.Builder on(String host) {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey("k")
                .setHostname(host)
                .setRequester("ops@site");
    }

    private static Requeue requeue(String id) {
        return Requeue.newBuilder().setWorkloadId(id).build();
    }

    private static Cancel cancel(String id) {
        return Cancel.newBuilder().setWorkloadId(id).build();
    }

    @Test
    void aDryRunRequeueShowsTheCommandAndWhatTheOwnerLoses() {
        ExecuteResponse plan = operations.execute(on("gpu01")
                .setRequeue(requeue("slurm:hpc:4242"))
                .setDryRun(true)
                .build());
        assertThat(plan.getStatus()).as(plan.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getPlanList()).containsExactly("/opt/slurm/bin/scontrol requeue 4242");
        assertThat(plan.getMessage())
                .contains("4242 ('llama fine tune' of alice, account vision)")
                .contains("alice loses the 2 h 03 min it has run so far");
        assertThat(slurm.calls()).noneMatch(c -> c.contains("requeue"));
    }

    @Test
    void aRequeueIsReadBackFromSlurm() {
        slurm.on("requeue 4242", argv -> {
            slurm.job(
                    "4242",
                    SlurmJobTest.capture().stream()
                            .filter(l -> l.startsWith("JobId=4242 "))
                            .findFirst()
                            .orElseThrow()
                            .replace("JobState=RUNNING", "JobState=PENDING"));
            return new CommandResult(0, "", "", false);
        });
        ExecuteResponse done = operations.execute(
                on("gpu01").setRequeue(requeue("slurm:hpc:4242")).build());
        assertThat(done.getStatus()).as(done.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(done.getMessage()).contains("is back in the queue (PENDING)");
        assertThat(slurm.calls()).contains("/opt/slurm/bin/scontrol requeue 4242");
    }

    @Test
    void aJobSubmittedWithNoRequeueIsRefusedInPlainWords() {
        slurm.onNode("gpu02", "5001");
        slurm.answer("show node gpu02", "NodeName=gpu02 State=MIXED Partitions=gpu\n");
        ExecuteResponse refused = operations.execute(
                on("gpu02").setRequeue(requeue("slurm:hpc:5000+1")).build());
        assertThat(refused.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(refused.getMessage())
                .startsWith("Slurm job 5000+1 ('het' of bob, account physics) cannot be requeued")
                .contains("--no-requeue");
        assertThat(slurm.calls()).noneMatch(c -> c.contains("requeue 5000+1"));
    }

    @Test
    void slurmsOwnRefusalIsPassedOn() {
        slurm.fail("requeue 4242", 1, "Requested operation is presently disabled for job 4242\n");
        ExecuteResponse refused = operations.execute(
                on("gpu01").setRequeue(requeue("slurm:hpc:4242")).build());
        assertThat(refused.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(refused.getMessage())
                .startsWith("Slurm refused to requeue job 4242:")
                .contains("Requested operation is presently disabled");
    }

    @Test
    void cancelRunsScancelBesideScontrol() {
        ExecuteResponse plan = operations.execute(
                on("gpu01").setCancel(cancel("slurm:hpc:4242")).setDryRun(true).build());
        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getPlanList()).containsExactly("/opt/slurm/bin/scancel 4242");
        assertThat(plan.getMessage()).contains("ends for good").contains("2 h 03 min");

        slurm.on("scancel 4242", argv -> {
            slurm.job(
                    "4242",
                    SlurmJobTest.capture().stream()
                            .filter(l -> l.startsWith("JobId=4242 "))
                            .findFirst()
                            .orElseThrow()
                            .replace("JobState=RUNNING", "JobState=CANCELLED"));
            return new CommandResult(0, "", "", false);
        });
        ExecuteResponse done = operations.execute(
                on("gpu01").setCancel(cancel("slurm:hpc:4242")).build());
        assertThat(done.getStatus()).as(done.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(done.getMessage()).contains("is cancelled");
    }

    @Test
    void aJobNotOnThisNodeIsRefusedByName() {
        ExecuteResponse elsewhere = operations.execute(
                on("gpu01").setCancel(cancel("slurm:hpc:5000+1")).build());
        assertThat(elsewhere.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(elsewhere.getMessage()).startsWith("no Slurm job 5000+1 runs on gpu01 (workload slurm:hpc:5000+1)");

        ExecuteResponse unknown =
                operations.execute(on("gpu01").setCancel(cancel("slurm:hpc:77")).build());
        assertThat(unknown.getMessage()).startsWith("no Slurm job 77 runs on gpu01");

        ExecuteResponse otherCluster = operations.execute(
                on("gpu01").setCancel(cancel("slurm:other:4242")).build());
        assertThat(otherCluster.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(otherCluster.getMessage()).contains("cluster 'other'").contains("cluster 'hpc'");

        ExecuteResponse notSlurm = operations.execute(
                on("gpu01").setRequeue(requeue("k8s:ml/trainer-0")).build());
        assertThat(notSlurm.getMessage()).contains("is not a Slurm job's workload id");
        assertThat(slurm.calls()).noneMatch(c -> c.contains("scancel") || c.contains(" requeue "));
    }

    @Test
    void evictAndNotifyAreNotSlurmsToDo() {
        ExecuteResponse evict = operations.execute(on("gpu01")
                .setEvict(Evict.newBuilder().setWorkloadId("slurm:hpc:4242"))
                .build());
        assertThat(evict.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(evict.getMessage()).startsWith("evict is for Kubernetes pods; this node is run by Slurm");
        ExecuteResponse notify = operations.execute(on("gpu01")
                .setNotifyOwner(NotifyOwner.newBuilder().setWorkloadId("slurm:hpc:4242"))
                .build());
        assertThat(notify.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(notify.getMessage()).isEqualTo("no notifier configured");
    }
}
