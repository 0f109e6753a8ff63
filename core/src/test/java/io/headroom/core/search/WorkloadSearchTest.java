package io.headroom.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.TestFleet;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.core.workload.TestWorkloads;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadSearchTest {

    private final TestFleet fleet = TestFleet.of(1, 1, 1, 2, 8, 0);
    private final FleetWorkloads workloads = new FleetWorkloads();

    private String host(int node) {
        return fleet.inventory.nodes().get(node).hostname();
    }

    private List<String> find(String query) {
        return WorkloadSearch.find(workloads, fleet.state.layout(), query, 10).stream()
                .map(SearchHit::text)
                .toList();
    }

    @Test
    void findsByJobIdPodUserAccountAndNamespaceExactMatchesFirst() {
        workloads.replace(
                "agent",
                List.of(
                        TestWorkloads.slurmJob("4242", "alice", "physics", "gpu", null, host(1) + ":0"),
                        TestWorkloads.slurmJob("42", "bob", "chem", "gpu", null, host(0) + ":0"),
                        TestWorkloads.pod("ml-research", "notebook-jdoe-0", "jdoe", null, host(0) + ":1")));

        assertThat(find("42")).containsExactly("42 \u00b7 bob", "4242 \u00b7 alice");
        assertThat(find("ALICE")).containsExactly("4242 \u00b7 alice");
        assertThat(find("physics")).containsExactly("4242 \u00b7 alice");
        assertThat(find("ml-res")).containsExactly("notebook-jdoe-0 \u00b7 jdoe");
        assertThat(find("notebook")).containsExactly("notebook-jdoe-0 \u00b7 jdoe");
        assertThat(find("nobody")).isEmpty();
        assertThat(find("  ")).isEmpty();
    }

    @Test
    void aHitGoesToANodeTheWorkloadHoldsGpusOn() {
        workloads.replace(
                "agent",
                List.of(TestWorkloads.slurmJob("7", "carol", "bio", "gpu", null, "elsewhere:0", host(1) + ":3")));

        SearchHit hit =
                WorkloadSearch.find(workloads, fleet.state.layout(), "carol", 5).getFirst();

        assertThat(hit.kind()).isEqualTo(SearchHit.Kind.WORKLOAD);
        assertThat(hit.nodeIndex()).isEqualTo(fleet.state.layout().nodeIndex(host(1)));
    }
}
