package io.headroom.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.protocol.v1.ComputeProcess;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Processes go to the job that holds their GPU; the others become workloads of their own. */
class HoldersOnNodeTest {

    @TempDir
    Path dir;

    private static ComputeProcess process(int gpu, int pid, String user) {
        return ComputeProcess.newBuilder()
                .setHostname("gpu01")
                .setGpuIndex(gpu)
                .setPid(pid)
                .setProcessName("python")
                .setMemoryUsedMib(Float.NaN)
                .setUser(user)
                .build();
    }

    private static Workload job(String id, int... gpus) {
        var job = Workload.newBuilder().setId(id).setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB);
        for (int gpu : gpus) {
            job.addHoldings(Holding.newBuilder().setHostname("gpu01").setGpuIndex(gpu));
        }
        return job.build();
    }

    @Test
    void aProcessOnAJobsGpuIsTheJobsAndOneOnNoJobsGpuIsItsOwn() {
        List<Workload> merged = HoldersOnNode.merge(
                "gpu01",
                List.of(job("slurm:hpc:1", 0, 1), job("slurm:hpc:2", 2)),
                List.of(
                        process(1, 100, "alice"),
                        process(2, 200, "bob"),
                        process(5, 300, "carol"),
                        process(6, 300, "carol")));
        assertThat(merged)
                .extracting(Workload::getId)
                .containsExactly("slurm:hpc:1", "slurm:hpc:2", "process:gpu01:300");
        assertThat(merged.get(0).getProcessesList())
                .extracting(ComputeProcess::getPid)
                .containsExactly(100);
        assertThat(merged.get(1).getProcessesList())
                .extracting(ComputeProcess::getPid)
                .containsExactly(200);
        Workload stray = merged.get(2);
        assertThat(stray.getKind()).isEqualTo(WorkloadKind.WORKLOAD_KIND_PROCESS);
        assertThat(stray.getUser()).isEqualTo("carol");
        assertThat(stray.getSchedulerId()).isEqualTo("300");
        assertThat(stray.getHoldingsList()).extracting(Holding::getGpuIndex).containsExactly(5, 6);
        assertThat(stray.getProcessesCount()).isEqualTo(2);
    }

    @Test
    void aMigProcessBelongsToTheJobHoldingItsInstanceOnly() {
        Workload onSlice = Workload.newBuilder()
                .setId("slurm:hpc:3")
                .addHoldings(
                        Holding.newBuilder().setHostname("gpu01").setGpuIndex(0).setGpuInstanceId(1))
                .build();
        ComputeProcess inOne =
                process(0, 10, "a").toBuilder().setGpuInstanceId(1).build();
        ComputeProcess inTwo =
                process(0, 11, "b").toBuilder().setGpuInstanceId(2).build();
        List<Workload> merged = HoldersOnNode.merge("gpu01", List.of(onSlice), List.of(inOne, inTwo));
        assertThat(merged.get(0).getProcessesList()).containsExactly(inOne);
        assertThat(merged.get(1).getId()).isEqualTo("process:gpu01:11");
        assertThat(merged.get(1).getHoldings(0).getGpuInstanceId()).isEqualTo(2);
    }

    @Test
    void theOwnerIsReadFromProcStatusAndNamedFromPasswd() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc/4242"));
        Files.writeString(proc.resolve("status"), "Name:\tpython\nUid:\t1001\t1001\t1001\t1001\nGid:\t1001\n");
        Path passwd = Files.writeString(
                dir.resolve("passwd"), "root:x:0:0::/root:/bin/bash\nalice:x:1001:1001::/home/alice:/bin/bash\n");
        Files.createDirectories(dir.resolve("proc/4243"));
        Files.writeString(dir.resolve("proc/4243/status"), "Name:\tx\nUid:\t7777\t7777\t7777\t7777\n");
        var owners = new ProcessOwners(dir.resolve("proc"), passwd);
        assertThat(owners.user(4242)).isEqualTo("alice");
        assertThat(owners.user(4243)).isEqualTo("7777"); // known to nobody: the number, not a guess
        assertThat(owners.user(9999)).isEmpty(); // gone
    }
}
