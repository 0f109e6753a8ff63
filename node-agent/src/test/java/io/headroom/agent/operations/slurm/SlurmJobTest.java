package io.headroom.agent.operations.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.Fixtures;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code scontrol -d show job --oneliner} lines, captured from a real Slurm 22.05 and after its documentation. */
class SlurmJobTest {

    static final ZoneId UTC = ZoneOffset.UTC;

    /** The lines of the fixture, without its header. */
    static List<String> capture() {
        return Fixtures.read("slurm/scontrol-show-job__22.05.8.txt")
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList();
    }

    static SlurmJob job(String jobId) {
        return capture().stream()
                .filter(l -> l.startsWith("JobId=" + jobId + " "))
                .map(l -> SlurmJob.parse(l, UTC))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRealJobOfAnotherUserWithOneGpu() {
        SlurmJob job = job("26");
        assertThat(job.schedulerId()).isEqualTo("26");
        assertThat(job.user()).isEqualTo("headroom-bob");
        assertThat(job.account()).isEmpty(); // (null)
        assertThat(job.qos()).isEmpty();
        assertThat(job.partition()).isEqualTo("train");
        assertThat(job.state()).isEqualTo("RUNNING");
        assertThat(job.requeueable()).isFalse();
        assertThat(job.timeLimitMs()).isEqualTo(30 * 60_000L);
        assertThat(job.runTimeMs()).isEqualTo(17_000L);
        assertThat(job.startTimeMs())
                .isEqualTo(LocalDateTime.parse("2026-12-05T23:33:30")
                        .toInstant(ZoneOffset.UTC)
                        .toEpochMilli());
        assertThat(job.gpusOn("vm")).containsExactly(0);
        assertThat(job.runsOn("vm")).isTrue();
        assertThat(job.runsOn("gpu01")).isFalse();
    }

    @Test
    void twoGpusByRangeAndAnArrayTask() {
        assertThat(job("23").gpusOn("vm")).containsExactlyInAnyOrder(0, 1);
        assertThat(job("23").timeLimitMs()).isZero(); // UNLIMITED
        assertThat(job("23").requeueable()).isTrue();
        SlurmJob task = job("25");
        assertThat(task.jobId()).isEqualTo("25");
        assertThat(task.schedulerId()).isEqualTo("24_1");
        assertThat(task.gpusOn("vm")).containsExactly(2);
    }

    @Test
    void aJobOnThreeNodesHoldsOtherGpusOnEach() {
        SlurmJob job = job("4242");
        assertThat(job.name()).isEqualTo("llama fine tune");
        assertThat(job.user()).isEqualTo("alice");
        assertThat(job.account()).isEqualTo("vision");
        assertThat(job.qos()).isEqualTo("high");
        assertThat(job.nodes()).containsExactly("gpu01", "gpu02", "gpu03");
        assertThat(job.gpusByNode())
                .isEqualTo(Map.of("gpu01", Set.of(0, 2), "gpu02", Set.of(0, 2), "gpu03", Set.of(0, 1, 3)));
        assertThat(job.timeLimitMs()).isEqualTo(((26 * 60 + 3) * 60 + 4) * 1000L);
        assertThat(job.runTimeMs()).isEqualTo(((2 * 60 + 3) * 60 + 4) * 1000L);
    }

    @Test
    void aHetJobPartIsNamedByItsJobAndOffset() {
        SlurmJob part = job("5001");
        assertThat(part.schedulerId()).isEqualTo("5000+1");
        assertThat(part.gpusOn("gpu02")).containsExactly(1);
        assertThat(part.requeueable()).isFalse();
    }

    @Test
    void aFinishedJobHoldsNothing() {
        String ended = capture()
                .getFirst()
                .replace("JobState=RUNNING", "JobState=COMPLETED")
                .replace("GRES=gpu:h100:1(IDX:0)", "GRES=");
        SlurmJob job = SlurmJob.parse(ended, UTC);
        assertThat(job.gpusOn("vm")).isEmpty();
        assertThat(job.runsOn("vm")).isFalse();
    }

    @Test
    void durationsInEverySlurmForm() {
        assertThat(SlurmJob.duration("1-02:03:04")).isEqualTo(93_784_000L);
        assertThat(SlurmJob.duration("02:03:04")).isEqualTo(7_384_000L);
        assertThat(SlurmJob.duration("03:04")).isEqualTo(184_000L);
        assertThat(SlurmJob.duration("5")).isEqualTo(300_000L);
        assertThat(SlurmJob.duration("2-00")).isEqualTo(2 * 86_400_000L);
        assertThat(SlurmJob.duration("UNLIMITED")).isZero();
        assertThat(SlurmJob.duration("Partition_Limit")).isZero();
        assertThat(SlurmJob.duration("soon")).isEqualTo(-1);
        assertThat(SlurmJob.time("Unknown", UTC)).isZero();
        assertThat(SlurmJob.time("2026-13-45T99:00:00", UTC)).isZero();
    }

    @Test
    void garbageIsRefusedWithWhatItWas() {
        assertThatThrownBy(() -> SlurmJob.parse("slurm_load_jobs error: Unable to contact slurm controller", UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a line of 'scontrol show job --oneliner'")
                .hasMessageContaining("Unable to contact");
        assertThatThrownBy(() -> SlurmJob.parse("JobId=12;rm JobState=RUNNING", UTC))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostListsExpandWithTheirWidth() {
        assertThat(HostList.expand("gpu[01-03,07],login1"))
                .containsExactly("gpu01", "gpu02", "gpu03", "gpu07", "login1");
        assertThat(HostList.expand("n[9-10]")).containsExactly("n9", "n10");
        assertThat(HostList.expand("n[x-y]")).isEmpty();
    }
}
