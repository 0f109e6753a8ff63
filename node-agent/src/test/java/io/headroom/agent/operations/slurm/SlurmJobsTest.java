package io.headroom.agent.operations.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.operations.command.ProcessCommandRunner;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs on one node as workloads, read through a scripted scontrol and squeue. */
class SlurmJobsTest {

    @TempDir
    Path dir;

    private final ScriptedSlurm slurm = new ScriptedSlurm();

    private SlurmJobs jobs() {
        return new SlurmJobs(new Scontrol("/opt/slurm/bin/scontrol", slurm, Duration.ofSeconds(5)), SlurmJobTest.UTC);
    }

    @Test
    void theJobsOnThisNodeBecomeWorkloadsHoldingTheirGpus() throws Exception {
        slurm.cluster("headroom-ci");
        slurm.onNode("vm", "26", "23", "25");
        List<Workload> workloads = jobs().workloads("vm");
        assertThat(workloads)
                .extracting(Workload::getId)
                .containsExactly("slurm:headroom-ci:23", "slurm:headroom-ci:24_1", "slurm:headroom-ci:26");
        Workload bob = workloads.get(2);
        assertThat(bob.getKind()).isEqualTo(WorkloadKind.WORKLOAD_KIND_SLURM_JOB);
        assertThat(bob.getUser()).isEqualTo("headroom-bob");
        assertThat(bob.getPool()).isEqualTo("train");
        assertThat(bob.getRequeueable()).isFalse();
        assertThat(bob.getHoldingsList())
                .containsExactly(
                        Holding.newBuilder().setHostname("vm").setGpuIndex(0).build());
        assertThat(workloads.get(1).getSchedulerId()).isEqualTo("24_1");
        assertThat(workloads.getFirst().getHoldingsList())
                .extracting(Holding::getGpuIndex)
                .containsExactly(0, 1);
        // squeue beside the configured scontrol, asked only for this node's jobs
        assertThat(slurm.calls())
                .contains("/opt/slurm/bin/squeue -h -w vm -t RUNNING,SUSPENDED,CONFIGURING,COMPLETING -o %A");
    }

    @Test
    void aJobOnAnotherNodeOnlyIsNotThisNodes() throws Exception {
        slurm.onNode("gpu01", "5001"); // squeue named it, but it runs on gpu02 only
        assertThat(jobs().workloads("gpu01")).isEmpty();
        slurm.onNode("gpu02", "5001");
        assertThat(jobs().workloads("gpu02")).extracting(Workload::getId).containsExactly("slurm:slurm:5000+1");
    }

    @Test
    void aJobThatEndedBetweenTheTwoCommandsIsLeftOut() throws Exception {
        slurm.onNode("vm", "26", "999");
        assertThat(jobs().workloads("vm")).extracting(Workload::getSchedulerId).containsExactly("26");
    }

    @Test
    void garbageFromSqueueIsAFailureNamingIt() {
        slurm.answer("squeue", "Traceback (most recent call last):\n");
        assertThatThrownBy(() -> jobs().workloads("vm"))
                .isInstanceOf(Scontrol.ScontrolException.class)
                .hasMessageContaining("squeue -w vm printed 'Traceback (most recent call last):'");
    }

    @Test
    void garbageFromScontrolIsAFailureNamingTheJob() {
        slurm.onNode("vm", "26");
        slurm.answer("show job 26", "garbage=1 and more\n");
        assertThatThrownBy(() -> jobs().workloads("vm"))
                .isInstanceOf(Scontrol.ScontrolException.class)
                .hasMessageContaining("scontrol show job 26 printed no job");
    }

    @Test
    void aHungSqueueIsStoppedAndSaysSo() throws Exception {
        Path squeue = dir.resolve("squeue");
        Files.writeString(squeue, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(squeue, PosixFilePermissions.fromString("rwxr-xr-x"));
        var jobs = new SlurmJobs(
                new Scontrol(dir.resolve("scontrol").toString(), new ProcessCommandRunner(), Duration.ofMillis(300)),
                SlurmJobTest.UTC);
        assertThatThrownBy(() -> jobs.workloads("vm"))
                .isInstanceOf(Scontrol.ScontrolException.class)
                .hasMessageContaining("did not finish in time and was stopped");
    }

    @Test
    void aMissingSqueueSaysWhereItWasLookedFor() {
        var jobs = new SlurmJobs(
                new Scontrol(dir.resolve("scontrol").toString(), new ProcessCommandRunner(), Duration.ofSeconds(5)),
                SlurmJobTest.UTC);
        assertThatThrownBy(() -> jobs.workloads("vm"))
                .isInstanceOf(Scontrol.ScontrolException.class)
                .hasMessageContaining(dir.resolve("squeue").toString())
                .hasMessageContaining("is Slurm installed");
    }
}
