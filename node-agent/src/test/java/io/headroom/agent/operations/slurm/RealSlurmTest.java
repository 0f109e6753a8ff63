package io.headroom.agent.operations.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.command.CommandResult;
import io.headroom.agent.operations.command.ProcessCommandRunner;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Reassign;
import io.headroom.protocol.v1.Resume;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Slurm backend against a real Slurm (Debian's slurm-wlm, started by {@code .ci/slurm-up},
 * which CI runs): one node, partitions train and infer. Skipped, with the reason, where no
 * controller answers, unless HEADROOM_REQUIRE_SLURM=1 says one must.
 */
class RealSlurmTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();
    private String node;
    private SlurmOperations slurm;

    @BeforeEach
    void slurm() throws Exception {
        node = RealSlurm.nodeOrSkip();
        slurm = new SlurmOperations(
                new Scontrol("scontrol", runner, Duration.ofSeconds(20)),
                new Generations(),
                (host, index) -> Optional.empty(),
                (host, index) -> false,
                "nvidia-smi",
                runner,
                Duration.ofSeconds(20));
        runner.run(List.of("scancel", "--full", "-w", node), Duration.ofSeconds(10));
        runner.run(List.of("scontrol", "update", "NodeName=" + node, "State=RESUME"), Duration.ofSeconds(10));
        // IDLE+COMPLETING (a job of the test before still ending) would make a drain DRAINING.
        await("Slurm node " + node + " to be idle with no job completing").until(() -> {
            try {
                SlurmNode now = slurm.observe(node).node();
                return now.schedulerState() == SchedulerState.IDLE
                        && !now.states().contains("COMPLETING");
            } catch (Scontrol.ScontrolException e) {
                return false;
            }
        });
    }

    @AfterEach
    void putBack() throws Exception {
        if (slurm != null) {
            runner.run(List.of("scancel", "--full", "-w", node), Duration.ofSeconds(10));
            runner.run(List.of("scontrol", "update", "NodeName=" + node, "State=RESUME"), Duration.ofSeconds(10));
            runner.run(List.of("scontrol", "update", "PartitionName=train", "Nodes=" + node), Duration.ofSeconds(10));
            runner.run(List.of("scontrol", "update", "PartitionName=infer", "Nodes="), Duration.ofSeconds(10));
        }
    }

    private ExecuteRequest.Builder request() {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey("k")
                .setHostname(node)
                .setRequester("ci@headroom");
    }

    private void waitFor(SchedulerState wanted) {
        await("Slurm node " + node + " to become " + wanted).until(() -> slurm.observeQuietly(node) == wanted);
    }

    @Test
    void anIdleNodeDrainsResumesAndAStaleGenerationIsRefused() throws Exception {
        ExecuteResponse plan = slurm.execute(
                request().setDrain(Drain.getDefaultInstance()).setDryRun(true).build());
        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);

        ExecuteResponse drained = slurm.execute(request()
                .setDrain(Drain.getDefaultInstance())
                .setReason("headroom CI: pull GPU 3")
                .setExpectedGeneration(plan.getGeneration())
                .build());
        assertThat(drained.getStatus()).as(drained.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(drained.getMessage()).startsWith(node + " is drained");
        String shown = runner.run(List.of("scontrol", "show", "node", node, "--oneliner"), Duration.ofSeconds(10))
                .output();
        assertThat(shown).contains("Reason=headroom CI: pull GPU 3");

        // Someone resumes it by hand: the generation the console saw is old now.
        runner.run(List.of("scontrol", "update", "NodeName=" + node, "State=RESUME"), Duration.ofSeconds(10));
        ExecuteResponse stale = slurm.execute(request()
                .setResume(Resume.getDefaultInstance())
                .setExpectedGeneration(drained.getGeneration())
                .build());
        assertThat(stale.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_CONFLICT);
    }

    @Test
    void aDrainWithAJobRunningIsDrainingUntilTheJobEnds() throws Exception {
        runner.run(List.of("sbatch", "-w", node, "-o", "/dev/null", "--wrap", "sleep 120"), Duration.ofSeconds(10));
        try {
            await("the test job to start")
                    .until(() -> List.of(SchedulerState.MIXED, SchedulerState.ALLOCATED)
                            .contains(slurm.observeQuietly(node)));
        } catch (ConditionTimeoutException e) {
            Assumptions.abort("the test job did not start within 30 s on this Slurm: " + e.getMessage());
        }
        ExecuteResponse draining = slurm.execute(request()
                .setDrain(Drain.getDefaultInstance())
                .setReason("headroom CI")
                .build());
        assertThat(draining.getStatus()).as(draining.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
        runner.run(List.of("scancel", "--full", "-w", node), Duration.ofSeconds(10));
        waitFor(SchedulerState.DRAINED);
    }

    @Test
    void theGpusAJobHoldsAreReadBackByIndex() throws Exception {
        String gres = runner.run(List.of("scontrol", "show", "node", node, "--oneliner"), Duration.ofSeconds(10))
                .output();
        Assumptions.assumeTrue(
                gres.contains("Gres=gpu"), "this Slurm node has no GPU GRES (.ci/slurm-up gives it 8 fake H100s)");
        CommandResult submitted = runner.run(
                List.of("sbatch", "-w", node, "--gres=gpu:2", "-o", "/dev/null", "--wrap", "sleep 120"),
                Duration.ofSeconds(10));
        assertThat(submitted.succeeded())
                .as(submitted.output() + submitted.errors())
                .isTrue();
        await("Slurm to show GPUs 0 and 1 held by the job (GresUsed)").until(() -> {
            try {
                return java.util.Set.of(0, 1).equals(slurm.observe(node).node().allocatedGpuIndices());
            } catch (Scontrol.ScontrolException e) {
                return false;
            }
        });
        assertThat(slurm.observe(node).node().allocatedGpus()).isEqualTo(2);
    }

    /**
     * Two users' jobs on the node: the agent names each job's user and the GPUs it holds (by
     * index, none shared, together what Slurm counts as used), then requeues one and cancels the
     * other through the backend's Execute, and Slurm confirms both.
     */
    @Test
    void twoUsersJobsAreToldApartThenOneIsRequeuedAndTheOtherCancelled() throws Exception {
        RealSlurm.twoUsersWithGpusOrSkip(node);
        String alice = RealSlurm.submitAs("headroom-alice", node, "--gres=gpu:2", "-J", "alice train");
        String bob =
                RealSlurm.submitAs("headroom-bob", node, "--gres=gpu:h100:1", "--no-requeue", "-J", "bob-notebook");
        try {
            String cluster = slurm.jobs().cluster();
            await("both jobs running on " + node)
                    .until(() -> slurm.jobs().workloads(node).size() == 2);
            var workloads = slurm.jobs().workloads(node);
            var aliceJob = workloads.stream()
                    .filter(w -> w.getSchedulerId().equals(alice))
                    .findFirst()
                    .orElseThrow();
            var bobJob = workloads.stream()
                    .filter(w -> w.getSchedulerId().equals(bob))
                    .findFirst()
                    .orElseThrow();
            assertThat(aliceJob.getId()).isEqualTo("slurm:" + cluster + ":" + alice);
            assertThat(aliceJob.getUser()).isEqualTo("headroom-alice");
            assertThat(aliceJob.getName()).isEqualTo("alice train");
            assertThat(aliceJob.getRequeueable()).isTrue();
            assertThat(bobJob.getUser()).isEqualTo("headroom-bob");
            assertThat(bobJob.getRequeueable()).isFalse();
            var aliceGpus = aliceJob.getHoldingsList().stream()
                    .map(h -> h.getGpuIndex())
                    .collect(java.util.stream.Collectors.toSet());
            var bobGpus = bobJob.getHoldingsList().stream()
                    .map(h -> h.getGpuIndex())
                    .collect(java.util.stream.Collectors.toSet());
            assertThat(aliceGpus).hasSize(2).doesNotContainAnyElementsOf(bobGpus);
            assertThat(bobGpus).hasSize(1);
            var both = new java.util.HashSet<>(aliceGpus);
            both.addAll(bobGpus);
            assertThat(both).isEqualTo(slurm.observe(node).node().allocatedGpuIndices());
            assertThat(aliceJob.getHoldingsList()).allMatch(h -> h.getHostname().equals(node));

            // bob's job was submitted with --no-requeue: refused in words, Slurm untouched.
            ExecuteResponse refused = slurm.execute(request()
                    .setRequeue(io.headroom.protocol.v1.Requeue.newBuilder().setWorkloadId(bobJob.getId()))
                    .build());
            assertThat(refused.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
            assertThat(refused.getMessage()).contains("cannot be requeued");
            assertThat(RealSlurm.jobState(bob)).isEqualTo("RUNNING");

            ExecuteResponse plan = slurm.execute(request()
                    .setRequeue(io.headroom.protocol.v1.Requeue.newBuilder().setWorkloadId(aliceJob.getId()))
                    .setDryRun(true)
                    .build());
            assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
            assertThat(plan.getPlanList()).containsExactly("scontrol requeue " + alice);
            assertThat(plan.getMessage()).contains("headroom-alice loses");

            ExecuteResponse requeued = slurm.execute(request()
                    .setRequeue(io.headroom.protocol.v1.Requeue.newBuilder().setWorkloadId(aliceJob.getId()))
                    .build());
            assertThat(requeued.getStatus())
                    .as(requeued.getMessage())
                    .isIn(ExecuteStatus.EXECUTE_STATUS_APPLIED, ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
            await("Slurm to show alice's job back in the queue")
                    .until(() -> List.of("PENDING", "REQUEUED", "REQUEUE_HOLD").contains(RealSlurm.jobState(alice)));
            assertThat(RealSlurm.scontrolShowJob(alice)).contains("Restarts=1");

            ExecuteResponse cancelled = slurm.execute(request()
                    .setCancel(io.headroom.protocol.v1.Cancel.newBuilder().setWorkloadId(bobJob.getId()))
                    .build());
            assertThat(cancelled.getStatus())
                    .as(cancelled.getMessage())
                    .isIn(ExecuteStatus.EXECUTE_STATUS_APPLIED, ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
            await("Slurm to show bob's job cancelled")
                    .until(() -> List.of("CANCELLED", "gone").contains(RealSlurm.jobState(bob)));
            assertThat(RealSlurm.onNode(node)).doesNotContain(alice, bob);

            // Now neither runs here: a second cancel names the job and the node.
            ExecuteResponse again = slurm.execute(request()
                    .setCancel(io.headroom.protocol.v1.Cancel.newBuilder().setWorkloadId(bobJob.getId()))
                    .build());
            assertThat(again.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
            assertThat(again.getMessage()).startsWith("no Slurm job " + bob + " runs on " + node);
        } finally {
            RealSlurm.cancel(alice, bob);
        }
    }

    @Test
    void reassignMovesTheNodeBetweenPartitions() throws Exception {
        ExecuteResponse moved = slurm.execute(
                request().setReassign(Reassign.newBuilder().setPool("infer")).build());
        assertThat(moved.getStatus()).as(moved.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(moved.getMessage()).isEqualTo(node + " is in partition infer");
        assertThat(runner.run(List.of("scontrol", "show", "partition", "infer", "--oneliner"), Duration.ofSeconds(10))
                        .output())
                .contains("Nodes=" + node);
    }
}
