package io.headroom.agent.operations.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.fleet.SchedulerState;
import org.junit.jupiter.api.Test;

class SlurmNodeTest {

    // As Slurm 22.05 prints it (Debian bookworm's slurm-wlm), shortened only in the middle.
    private static final String DRAINING =
            "NodeName=gpu-a01 Arch=x86_64 CoresPerSocket=32 CPUAlloc=32 CPUEfctv=64 CPUTot=64"
                    + " CPULoad=31.02 AvailableFeatures=h100 ActiveFeatures=h100 Gres=gpu:h100:8(S:0-1) NodeAddr=gpu-a01"
                    + " NodeHostName=gpu-a01 Version=22.05.8 OS=Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC RealMemory=1031000"
                    + " AllocMem=262144 FreeMem=700000 Sockets=2 Boards=1 State=MIXED+DRAIN ThreadsPerCore=1 TmpDisk=0 Weight=1"
                    + " Owner=N/A MCS_label=N/A Partitions=train,debug BootTime=2026-11-01T08:00:00 SlurmdStartTime=2026-11-01T08:01:00"
                    + " LastBusyTime=2026-11-23T06:59:00 CfgTRES=cpu=64,mem=1031000M,billing=64,gres/gpu=8"
                    + " AllocTRES=cpu=32,mem=256G,gres/gpu=4,gres/gpu:h100=4 CapWatts=n/a CurrentWatts=0 AveWatts=0"
                    + " ExtSensorsJoules=n/s ExtSensorsWatts=0 ExtSensorsTemp=n/s Reason=GPU 3 XID 79 [root@2026-11-23T07:00:00]";

    @Test
    void aDrainWithJobsLeftIsDrainingWithItsPartitionsGpusAndReason() {
        SlurmNode node = SlurmNode.parse(DRAINING);
        assertThat(node.name()).isEqualTo("gpu-a01");
        assertThat(node.states()).containsExactlyInAnyOrder("MIXED", "DRAIN");
        assertThat(node.schedulerState()).isEqualTo(SchedulerState.DRAINING);
        assertThat(node.partitions()).containsExactly("train", "debug");
        assertThat(node.allocatedGpus()).isEqualTo(4);
        assertThat(node.reason()).isEqualTo("GPU 3 XID 79");
    }

    @Test
    void statesMapToWhatTheConsoleShows() {
        assertThat(SlurmNode.parse("NodeName=a State=IDLE+DRAIN").schedulerState())
                .isEqualTo(SchedulerState.DRAINED);
        assertThat(SlurmNode.parse("NodeName=a State=DRAINED").schedulerState()).isEqualTo(SchedulerState.DRAINED);
        assertThat(SlurmNode.parse("NodeName=a State=ALLOCATED+DRAIN").schedulerState())
                .isEqualTo(SchedulerState.DRAINING);
        assertThat(SlurmNode.parse("NodeName=a State=ALLOCATED").schedulerState())
                .isEqualTo(SchedulerState.ALLOCATED);
        assertThat(SlurmNode.parse("NodeName=a State=MIXED").schedulerState()).isEqualTo(SchedulerState.MIXED);
        assertThat(SlurmNode.parse("NodeName=a State=IDLE").schedulerState()).isEqualTo(SchedulerState.IDLE);
        assertThat(SlurmNode.parse("NodeName=a State=DOWN*+DRAIN").schedulerState())
                .isEqualTo(SchedulerState.DOWN);
    }

    @Test
    void typedGpuCountsAddUpWhenNoTotalIsPrinted() {
        assertThat(SlurmNode.gpus("cpu=8,gres/gpu:a100=2,gres/gpu:h100=1")).isEqualTo(3);
        assertThat(SlurmNode.gpus("cpu=8,mem=10G")).isZero();
    }

    @Test
    void aLineThatIsNoNodeIsRefusedWithWhatItWas() {
        assertThatThrownBy(() -> SlurmNode.parse("slurm_load_node error: Unable to contact slurm controller"))
                .hasMessageStartingWith("not a line of 'scontrol show node -o'")
                .hasMessageContaining("Unable to contact slurm controller");
    }

    // 'scontrol -d show node vm --oneliner' from Debian bookworm's Slurm 22.05.8 with the fake GRES of
    // .ci/slurm-up and two jobs holding 2 and 1 GPUs; without slurmdbd AllocTRES counts no GPUs.
    private static final String WITH_JOBS = "NodeName=vm Arch=x86_64 CoresPerSocket=1  CPUAlloc=2 CPUEfctv=2 CPUTot=2"
            + " CPULoad=8.05 AvailableFeatures=(null) ActiveFeatures=(null) Gres=gpu:h100:8 GresDrain=N/A"
            + " GresUsed=gpu:h100:3(IDX:0-2) NodeAddr=vm NodeHostName=vm Version=22.05.8 OS=Linux 6.18.44-fc-v657 #1 SMP"
            + " PREEMPT_DYNAMIC @0  RealMemory=1 AllocMem=0 FreeMem=16593 Sockets=2 Boards=1 State=ALLOCATED"
            + " ThreadsPerCore=1 TmpDisk=0 Weight=1 Owner=N/A MCS_label=N/A Partitions=train"
            + "  BootTime=2026-11-23T04:19:38 SlurmdStartTime=2026-11-23T08:16:25 LastBusyTime=2026-11-23T08:16:25"
            + " CfgTRES=cpu=2,mem=1M,billing=2 AllocTRES=cpu=2 CapWatts=n/a CurrentWatts=0 AveWatts=0"
            + " ExtSensorsJoules=n/s ExtSensorsWatts=0 ExtSensorsTemp=n/s";

    @Test
    void gresUsedSaysWhichGpusJobsHoldEvenWhereAllocTresCountsNone() {
        SlurmNode node = SlurmNode.parse(WITH_JOBS);
        assertThat(node.allocatedGpuIndices()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(node.allocatedGpus()).isEqualTo(3);
        assertThat(SlurmNode.gresUsed("gpu:a100:1(IDX:0),gpu:h100:3(IDX:3-4,6)"))
                .containsExactlyInAnyOrder(0, 3, 4, 6);
        assertThat(SlurmNode.gresUsed("gpu:h100:0(IDX:N/A)")).isEmpty();
        assertThat(SlurmNode.gresUsed("gpu:2(IDX:5-6)")).containsExactlyInAnyOrder(5, 6);
        // Without -d there is no GresUsed: only the count is known.
        assertThat(SlurmNode.parse(DRAINING).allocatedGpuIndices()).isNull();
        assertThat(SlurmNode.parse(DRAINING).allocatedGpus()).isEqualTo(4);
    }
}
