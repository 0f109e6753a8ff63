package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetState;
import io.headroom.protocol.v1.Workload;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Who held each GPU in the simulated past: the same for the seed, named as the live simulator names its jobs. */
class PastHoldersTest {

    private static final long HOUR = 3_600_000L;
    private static final long FROM = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    private static final long WEDNESDAY_AFTERNOON =
            Instant.parse("2026-12-02T08:00:00Z").toEpochMilli();

    private final FleetPast past = FleetPast.of(FleetShape.DEFAULT, 42, "", FROM);

    @Test
    void sameSeedSameHoldersOtherSeedOthers() {
        FleetPast again = FleetPast.of(FleetShape.DEFAULT, 42, "", FROM);
        FleetPast other = FleetPast.of(FleetShape.DEFAULT, 43, "", FROM);
        int compared = 0;
        int differ = 0;
        // Another seed lays out MIG slices elsewhere, so it has another count of accelerators.
        for (int a = 0; a < Math.min(past.accelerators(), other.accelerators()); a += 37) {
            for (long t = FROM; t < FROM + 48 * HOUR; t += 5 * HOUR) {
                PastHolder h = past.holder(a, t);
                assertThat(again.holder(a, t).toString()).isEqualTo(h.toString());
                if (!other.holder(a, t).user().equals(h.user())) {
                    differ++;
                }
                compared++;
            }
        }
        assertThat(differ)
                .as("another seed gives other holders; %d of %d GPU-hours differ", differ, compared)
                .isGreaterThan(compared / 2);
    }

    @Test
    void holdersAreTheLiveSimulatorsPeopleInItsIdFormats() {
        long now = WEDNESDAY_AFTERNOON;
        var live = new FleetSimulator(FleetShape.DEFAULT, 42, now - 10 * 60_000L, 60_000, "");
        FleetState state = Telemetry.stateFor(live);
        live.tick(now, state.current());
        Set<String> liveUsers = live.workloads().stream().map(Workload::getUser).collect(Collectors.toSet());
        Set<String> liveAccounts =
                live.workloads().stream().map(Workload::getAccount).collect(Collectors.toSet());
        Set<String> pastUsers = new HashSet<>();
        for (int a = 0; a < past.accelerators(); a++) {
            PastHolder h = past.holder(a, now - 3 * HOUR);
            pastUsers.add(h.user());
            assertThat(h.number()).isBetween(1, JobTable.FIRST_NUMBER - 1);
            switch (h.kind()) {
                case SLURM_JOB -> {
                    assertThat(h.workloadId()).isEqualTo("slurm:sim:" + h.number());
                    assertThat(liveAccounts).contains(h.account());
                }
                case SERVICE_POD, NOTEBOOK -> {
                    assertThat(h.workloadId()).startsWith("k8s:" + h.tenant() + "/");
                    assertThat(h.account())
                            .as("a pod's account is its namespace")
                            .isEqualTo(h.tenant());
                }
            }
            if (past.withNotebookTenant(a)) {
                assertThat(h.kind()).isEqualTo(PastHolder.Kind.NOTEBOOK);
                assertThat(h.workloadId())
                        .isEqualTo("k8s:university-pilot/" + h.user().replace('.', '-') + "-"
                                + Integer.toString(h.number(), 36) + "-0");
            }
        }
        assertThat(liveUsers).containsAll(pastUsers);
        assertThat(pastUsers).hasSizeGreaterThan(10);
    }

    @Test
    void aTrainingJobHoldsItsRackForHoursNotAnHour() {
        int kept = 0;
        int changed = 0;
        for (int a = 0; a < past.accelerators(); a++) {
            if (!past.inWeekendBlock(a) || !past.parentUuid(a).isEmpty()) {
                continue;
            }
            for (long t = FROM; t < FROM + 72 * HOUR; t += HOUR) {
                if (past.holder(a, t).sameWorkload(past.holder(a, t + HOUR))) {
                    kept++;
                } else {
                    changed++;
                }
            }
        }
        assertThat(kept + changed).isPositive();
        assertThat((double) changed / (kept + changed))
                .as("a training job changes about every 12 hours")
                .isBetween(0.04, 0.15);
    }
}
