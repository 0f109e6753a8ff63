package io.headroom.agent.operations.slurm;

import io.headroom.core.fleet.SchedulerState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlurmNodeTest {

    // As Slurm 22.05 prints it (Debian bookworm's slurm-wlm), shortened only in the middle.
    private static final String DRAINING = "NodeName=gpu-a01 Arch=x86_64 CoresPerSocket=32 CPUAlloc=32 CPUEfctv=64 CPUTot=64"
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
        assertThat(SlurmNode.parse("NodeName=a State=IDLE+DRAIN").schedulerState()).isEqualTo(SchedulerState.DRAINED);
        assertThat(SlurmNode.parse("NodeName=a State=DRAINED").schedulerState()).isEqualTo(SchedulerState.DRAINED);
        assertThat(SlurmNode.parse("NodeName=a State=ALLOCATED+DRAIN").schedulerState()).isEqualTo(SchedulerState.DRAINING);
        assertThat(SlurmNode.parse("NodeName=a State=ALLOCATED").schedulerState()).isEqualTo(SchedulerState.ALLOCATED);
        assertThat(SlurmNode.parse("NodeName=a State=MIXED").schedulerState()).isEqualTo(SchedulerState.MIXED);
        assertThat(SlurmNode.parse("NodeName=a State=IDLE").schedulerState()).isEqualTo(SchedulerState.IDLE);
        assertThat(SlurmNode.parse("NodeName=a State=DOWN*+DRAIN").schedulerState()).isEqualTo(SchedulerState.DOWN);
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
}
