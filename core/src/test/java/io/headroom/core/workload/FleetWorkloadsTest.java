package io.headroom.core.workload;

import static io.headroom.core.workload.TestWorkloads.holding;
import static io.headroom.core.workload.TestWorkloads.slurmJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetWorkloadsTest {

    private static final Instant START = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void aJobReportedByTwoAgentsIsOneWorkloadHoldingTheGpusOfBoth() {
        var fleet = new FleetWorkloads();
        Workload job = slurmJob("4242", "alice", "physics", "gpu", START, "node-a:0", "node-a:1");

        fleet.replace("agent-1", List.of(job));
        fleet.replace("agent-2", List.of(holding(job, "node-b:0")));

        assertThat(fleet.size()).isEqualTo(1);
        assertThat(fleet.workload(job.id()).orElseThrow().holdings())
                .containsExactly(Holding.gpu("node-a", 0), Holding.gpu("node-a", 1), Holding.gpu("node-b", 0));
        assertThat(fleet.holderOf("node-b", 0, Holding.WHOLE_GPU))
                .map(Workload::user)
                .contains("alice");
        assertThat(fleet.holderOf("node-a", 1, Holding.WHOLE_GPU))
                .map(Workload::id)
                .contains(job.id());
    }

    @Test
    void whenOneAgentEndsItsPartTheOtherAgentsGpusStayHeld() {
        var fleet = new FleetWorkloads();
        Workload job = slurmJob("4242", "alice", "physics", "gpu", START, "node-a:0");
        fleet.replace("agent-1", List.of(job));
        fleet.replace("agent-2", List.of(holding(job, "node-b:0")));

        fleet.apply("agent-1", List.of(), List.of(job.id()));

        assertThat(fleet.holderOf("node-a", 0, Holding.WHOLE_GPU)).isEmpty();
        assertThat(fleet.holderOf("node-b", 0, Holding.WHOLE_GPU)).isPresent();
        fleet.apply("agent-2", List.of(), List.of(job.id()));
        assertThat(fleet.size()).isZero();
        assertThat(fleet.holderOf("node-b", 0, Holding.WHOLE_GPU)).isEmpty();
    }

    @Test
    void aWholeTableReplacesWhatTheAgentSaidBefore() {
        var fleet = new FleetWorkloads();
        fleet.replace("agent-1", List.of(slurmJob("1", "alice", "a", "p", START, "node-a:0")));
        long before = fleet.version();

        fleet.replace("agent-1", List.of(slurmJob("2", "bob", "b", "p", START, "node-a:1")));

        assertThat(fleet.version()).isGreaterThan(before);
        assertThat(fleet.all()).extracting(Workload::schedulerId).containsExactly("2");
        assertThat(fleet.holderOf("node-a", 0, Holding.WHOLE_GPU)).isEmpty();
    }

    @Test
    void anUpsertReplacesTheWholeWorkloadAndMovesItsHoldings() {
        var fleet = new FleetWorkloads();
        Workload job = slurmJob("7", "alice", "a", "p", START, "node-a:0");
        fleet.replace("agent-1", List.of(job));

        fleet.apply("agent-1", List.of(holding(job, "node-a:3")), List.of());

        assertThat(fleet.holderOf("node-a", 0, Holding.WHOLE_GPU)).isEmpty();
        assertThat(fleet.holderOf("node-a", 3, Holding.WHOLE_GPU)).isPresent();
    }

    @Test
    void aSliceWithoutItsOwnHolderBelongsToTheHolderOfItsGpu() {
        var fleet = new FleetWorkloads();
        fleet.replace(
                "agent-1",
                List.of(
                        slurmJob("1", "alice", "a", "p", START, "node-a:0"),
                        slurmJob("2", "bob", "b", "p", START, "node-a:1:7")));

        assertThat(fleet.holderOf("node-a", 0, 9)).map(Workload::user).contains("alice");
        assertThat(fleet.holderOf("node-a", 1, 7)).map(Workload::user).contains("bob");
        assertThat(fleet.holderOf("node-a", 1, 8)).isEmpty();
    }

    @Test
    void agentsThatNeverReportedWorkloadsAreNotAnEmptyAnswer() {
        var fleet = new FleetWorkloads();
        assertThat(fleet.reported()).isFalse();

        fleet.replace("agent-1", List.of());

        assertThat(fleet.reported()).isTrue();
        fleet.forget("agent-1");
        assertThat(fleet.reported()).isFalse();
    }
}
