package io.headroom.agent.operations.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.command.ProcessCommandRunner;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm backend against a stand-in scontrol (a script keeping node and partition state
 * in files, answering as scontrol does) and a stand-in nvidia-smi that logs its arguments.
 */
class SlurmOperationsTest {

    @TempDir
    Path dir;

    private Path state;
    private SlurmOperations slurm;
    private boolean gpuBusy;

    @BeforeEach
    void standIns() throws IOException {
        state = Files.createDirectories(dir.resolve("state"));
        Path scontrol = dir.resolve("scontrol");
        try (InputStream script = getClass().getResourceAsStream("/standins/scontrol")) {
            Files.copy(script, scontrol);
        }
        Files.setPosixFilePermissions(scontrol, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path nvidiaSmi = dir.resolve("nvidia-smi");
        Files.writeString(
                nvidiaSmi,
                "#!/bin/bash\necho \"$*\" >> " + state.resolve("nvidia-smi.log") + "\n"
                        + "[ -f " + state.resolve("nvidia-smi.fail") + " ] && grep -q -- \"$(cat "
                        + state.resolve("nvidia-smi.fail")
                        + ")\" <<< \"$*\" && { echo 'Unable to create a GPU instance on GPU 2: Insufficient Resources' >&2; exit 6; }\nexit 0\n");
        Files.setPosixFilePermissions(nvidiaSmi, PosixFilePermissions.fromString("rwxr-xr-x"));
        node("gpu-a01", "MIXED", "train", "cpu=32,mem=256G,gres/gpu=4");
        Files.writeString(state.resolve("part.train"), "gpu-a01,gpu-a02\n");
        Files.writeString(state.resolve("part.infer"), "gpu-b01\n");

        var runner = new ProcessCommandRunner();
        var wrapper = new Scontrol(
                scontrol.toString(),
                (argv, timeout) -> {
                    // The stand-in reads its state directory from the environment.
                    var pb = new ProcessBuilder(argv);
                    pb.environment().put("SCONTROL_STATE", state.toString());
                    try {
                        Process p = pb.start();
                        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                        return new io.headroom.agent.operations.command.CommandResult(p.waitFor(), out, err, false);
                    } catch (IOException | InterruptedException e) {
                        throw new io.headroom.agent.operations.command.CommandRunner.CommandFailedToStart(
                                e.getMessage(), e);
                    }
                },
                Duration.ofSeconds(10));
        Accelerator h100 = new Accelerator("GPU-2", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 2, true, List.of());
        slurm = new SlurmOperations(
                wrapper,
                new Generations(),
                (host, index) -> index == 2 ? Optional.of(h100) : Optional.empty(),
                (host, index) -> gpuBusy,
                nvidiaSmi.toString(),
                runner,
                Duration.ofSeconds(10));
    }

    @Test
    void theGpusJobsHoldAreReadByIndexFromGresUsed() throws Exception {
        Files.writeString(state.resolve("node.gpu-a01"), """
                STATE=MIXED
                PARTS=train
                TRES=cpu=8
                REASON=
                GRESUSED='gpu:h100:2(IDX:1,5)'
                """);
        SlurmNode node = slurm.observe("gpu-a01").node();
        assertThat(node.allocatedGpuIndices()).containsExactlyInAnyOrder(1, 5);
        assertThat(node.allocatedGpus()).isEqualTo(2);
        assertThat(Files.readString(state.resolve("calls.log"))).startsWith("-d\nshow\nnode\ngpu-a01\n--oneliner\n--");
    }

    @Test
    void aReplayAfterTheAgentRestartsIsAnsweredFromTheLedgerAndScontrolIsNotRunAgain() throws Exception {
        var drain = request("gpu-a01")
                .setIdempotencyKey("op-9")
                .setDrain(Drain.getDefaultInstance())
                .setReason("fan")
                .build();
        Path ledger = dir.resolve("operations.ledger");
        ExecuteResponse first;
        try (var agent = io.headroom.agent.operations.IdempotencyLedger.persisted(
                slurm,
                ledger,
                io.headroom.agent.operations.IdempotencyLedger.Retention.DEFAULT,
                java.time.InstantSource.system())) {
            first = agent.execute(drain);
        }
        assertThat(first.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
        // A new agent process: new backend, new generations, the same ledger file.
        try (var restarted = io.headroom.agent.operations.IdempotencyLedger.persisted(
                slurm,
                ledger,
                io.headroom.agent.operations.IdempotencyLedger.Retention.DEFAULT,
                java.time.InstantSource.system())) {
            ExecuteResponse again = restarted.execute(drain);
            assertThat(again.getReplayed()).isTrue();
            assertThat(again.getMessage()).isEqualTo(first.getMessage());
        }
        long updates = Files.readString(state.resolve("calls.log"))
                .lines()
                .filter("update"::equals)
                .count();
        assertThat(updates).isEqualTo(1);
    }

    private void node(String host, String slurmState, String partitions, String tres) throws IOException {
        Files.writeString(
                state.resolve("node." + host),
                "STATE=" + slurmState + "\nPARTS=" + partitions + "\nTRES=" + tres + "\nREASON=\n");
    }

    private static ExecuteRequest.Builder request(String host) {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey("k")
                .setHostname(host)
                .setRequester("wei@noc");
    }

    @Test
    void aDrainWithJobsRunningIsDrainingAndTheReasonReachesSlurmAsOneArgument() throws IOException {
        ExecuteResponse plan = slurm.execute(request("gpu-a01")
                .setDrain(Drain.getDefaultInstance())
                .setDryRun(true)
                .build());
        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getPlanList())
                .containsExactly(dir.resolve("scontrol") + " update NodeName=gpu-a01 State=DRAIN Reason=\"<reason>\"");
        assertThat(Files.readString(state.resolve("node.gpu-a01"))).contains("STATE=MIXED\n");

        ExecuteResponse drained = slurm.execute(request("gpu-a01")
                .setDrain(Drain.getDefaultInstance())
                .setReason("GPU 3 XID 79; ticket OPS-1234 && rm -rf /")
                .setExpectedGeneration(plan.getGeneration())
                .build());
        assertThat(drained.getStatus()).as(drained.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
        assertThat(drained.getMessage()).isEqualTo("gpu-a01 is draining: 4 GPUs still held by jobs");
        assertThat(drained.getGeneration()).isGreaterThan(plan.getGeneration());
        assertThat(Files.readString(state.resolve("calls.log")))
                .contains(
                        "update\nNodeName=gpu-a01\nState=DRAIN\nReason=GPU 3 XID 79; ticket OPS-1234 && rm -rf /\n--");
        assertThat(slurm.observeQuietly("gpu-a01")).isEqualTo(SchedulerState.DRAINING);
    }

    @Test
    void anIdleNodeDrainsAtOnceAndResumes() throws IOException {
        node("gpu-a01", "IDLE", "train", "cpu=0");
        ExecuteResponse drained = slurm.execute(request("gpu-a01")
                .setDrain(Drain.getDefaultInstance())
                .setReason("pull card")
                .build());
        assertThat(drained.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(drained.getMessage()).startsWith("gpu-a01 is drained (Slurm: DRAIN+IDLE)");
        ExecuteResponse resumed = slurm.execute(
                request("gpu-a01").setResume(Resume.getDefaultInstance()).build());
        assertThat(resumed.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(resumed.getMessage()).startsWith("gpu-a01 is idle");
    }

    @Test
    void aStaleGenerationIsAConflictAndNothingRuns() throws IOException {
        long seen = slurm.execute(request("gpu-a01")
                        .setDrain(Drain.getDefaultInstance())
                        .setDryRun(true)
                        .build())
                .getGeneration();
        node("gpu-a01", "IDLE+DRAIN", "train", "cpu=0"); // someone drained it by hand meanwhile
        ExecuteResponse answer = slurm.execute(request("gpu-a01")
                .setResume(Resume.getDefaultInstance())
                .setExpectedGeneration(seen)
                .build());
        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_CONFLICT);
        assertThat(answer.getMessage()).contains("generation " + seen + " expected, " + (seen + 1) + " now (drained)");
        assertThat(Files.readString(state.resolve("calls.log"))).doesNotContain("State=RESUME");
    }

    @Test
    void reassignAddsToTheNewPartitionThenLeavesTheOld() throws IOException {
        ExecuteResponse moved = slurm.execute(request("gpu-a01")
                .setReassign(Reassign.newBuilder().setPool("infer"))
                .build());
        assertThat(moved.getStatus()).as(moved.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(moved.getPlanList())
                .containsExactly(
                        dir.resolve("scontrol") + " update PartitionName=infer Nodes=gpu-b01,gpu-a01",
                        dir.resolve("scontrol") + " update PartitionName=train Nodes=gpu-a02");
        assertThat(moved.getMessage()).isEqualTo("gpu-a01 is in partition infer");
        assertThat(slurm.execute(request("gpu-a01")
                                .setReassign(Reassign.newBuilder().setTenant("acme"))
                                .build())
                        .getMessage())
                .isEqualTo("Slurm has no tenants; use a partition (pool) or an account");
    }

    @Test
    void reslicingNeedsADrainedNodeThenRunsTheStepsInOrder() throws IOException {
        var reslice = Reslice.newBuilder()
                .setGpuIndex(2)
                .addSlices(SliceRequest.newBuilder().setProfileId(9).setPlacementStart(0))
                .addSlices(SliceRequest.newBuilder().setProfileId(9).setPlacementStart(4));
        ExecuteResponse refused =
                slurm.execute(request("gpu-a01").setReslice(reslice).build());
        assertThat(refused.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(refused.getMessage()).startsWith("Slurm cannot re-slice a GPU under a running node");

        node("gpu-a01", "IDLE+DRAIN", "train", "cpu=0");
        ExecuteResponse done =
                slurm.execute(request("gpu-a01").setReslice(reslice).build());
        assertThat(done.getStatus()).as(done.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(Files.readString(state.resolve("nvidia-smi.log"))).isEqualTo("mig -i 2 -cgi 9:0,9:4 -C\n");
        assertThat(done.getPlanList()).last().asString().contains("gres.conf");
    }

    @Test
    void aFailedStepSaysWhereItStoppedAndWhatTheGpuHoldsNow() throws IOException {
        node("gpu-a01", "IDLE+DRAIN", "train", "cpu=0");
        Files.writeString(state.resolve("nvidia-smi.fail"), "-cgi");
        ExecuteResponse failed = slurm.execute(request("gpu-a01")
                .setReslice(Reslice.newBuilder()
                        .setGpuIndex(2)
                        .addSlices(SliceRequest.newBuilder().setProfileId(0).setPlacementStart(0)))
                .build());
        assertThat(failed.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(failed.getMessage())
                .isEqualTo("re-slice of GPU 2 stopped at step 1 (create 7g.80gb@0 with their compute"
                        + " instances): exited 6: Unable to create a GPU instance on GPU 2: Insufficient Resources; the new ones"
                        + " may be partly created. Check with 'nvidia-smi mig -lgi' and run the re-slice again.");
    }

    @Test
    void slurmsOwnRefusalsAndUnknownNodesAreRejectedWithItsWords() {
        ExecuteResponse unknown = slurm.execute(request("gpu-zz9")
                .setDrain(Drain.getDefaultInstance())
                .setReason("x")
                .build());
        assertThat(unknown.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(unknown.getMessage()).endsWith("show node gpu-zz9 --oneliner exited 1: Node gpu-zz9 not found");
        assertThat(slurm.execute(request("gpu-a01; reboot")
                                .setDrain(Drain.getDefaultInstance())
                                .build())
                        .getMessage())
                .isEqualTo("'gpu-a01; reboot' is not a Slurm node name");
    }
}
