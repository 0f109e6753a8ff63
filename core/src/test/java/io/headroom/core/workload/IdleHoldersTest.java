package io.headroom.core.workload;

import static io.headroom.core.workload.TestWorkloads.slurmJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleHoldersTest {

    private static final long NOW = Instant.parse("2026-12-05T12:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;

    private final TestFleet fleet = TestFleet.of(1, 1, 1, 3, 8, 0);
    private final IdleHolders holders = new IdleHolders(new IdleClassifier(IdleThresholds.DEFAULTS));
    private final FleetWorkloads workloads = new FleetWorkloads();

    private String host(int node) {
        return fleet.inventory.nodes().get(node).hostname();
    }

    @Test
    void ranksHoldersByGpuHoursWastedNotByGpusHeld() {
        fleet.heldIdleSince(0, NOW - 3 * HOUR, NOW); // idle three hours
        fleet.heldIdleSince(1, NOW - HOUR, NOW); // idle one hour
        fleet.busy(2, NOW);
        Workload twoForThreeHours = slurmJob("1", "alice", "physics", "gpu", null, host(0) + ":0", host(0) + ":1");
        Workload fourForOneHour = slurmJob(
                "2", "bob", "chem", "gpu", null, host(1) + ":0", host(1) + ":1", host(1) + ":2", host(1) + ":3");
        Workload busy = slurmJob("3", "carol", "bio", "gpu", null, host(2) + ":0");
        workloads.replace("agent", List.of(fourForOneHour, busy, twoForThreeHours));

        List<IdleHolder> ranked = holders.rank(workloads, fleet.telemetry(), NOW);

        assertThat(ranked).extracting(IdleHolder::id).containsExactly(twoForThreeHours.id(), fourForOneHour.id());
        assertThat(ranked.get(0).gpuHoursWasted()).isCloseTo(6.0, within(0.01));
        assertThat(ranked.get(1).gpuHoursWasted()).isCloseTo(4.0, within(0.01));
    }

    @Test
    void countsGpusHeldAndIdleSeparatelyAndKeepsTheEarliestIdleStart() {
        fleet.heldIdleSince(0, NOW - 2 * HOUR, NOW);
        fleet.heldIdleSince(1, NOW - HOUR, NOW);
        fleet.busy(2, NOW);
        Instant started = Instant.ofEpochMilli(NOW - 5 * HOUR);
        Workload job = slurmJob(
                "9",
                "alice",
                "physics",
                "gpu",
                started,
                host(0) + ":0",
                host(1) + ":0",
                host(2) + ":0",
                host(2) + ":1");
        workloads.replace("agent", List.of(job));

        IdleHolder holder = holders.rank(workloads, fleet.telemetry(), NOW).getFirst();

        assertThat(holder.gpusHeld()).isEqualTo(4);
        assertThat(holder.gpusIdle()).isEqualTo(2);
        assertThat(holder.idleSince()).isEqualTo(Instant.ofEpochMilli(NOW - 2 * HOUR));
        assertThat(holder.runtime()).contains(Duration.ofHours(5));
        assertThat(holder.nodes()).containsExactly(host(0), host(1), host(2));
        assertThat(holder.slots()).hasSize(4);
    }

    @Test
    void anUnknownStartIsNoRuntimeNotZero() {
        fleet.heldIdle(0, NOW);
        workloads.replace("agent", List.of(slurmJob("5", "dave", "x", "gpu", null, host(0) + ":0")));

        assertThat(holders.rank(workloads, fleet.telemetry(), NOW).getFirst().runtime())
                .isEmpty();
    }

    @Test
    void idleForLessThanTheWindowIsNotHeldIdle() {
        fleet.heldIdleSince(0, NOW - 5 * 60_000, NOW); // idle five minutes, under the ten-minute window
        workloads.replace("agent", List.of(slurmJob("6", "erin", "x", "gpu", null, host(0) + ":0")));

        assertThat(holders.rank(workloads, fleet.telemetry(), NOW)).isEmpty();
    }

    @Test
    void holdingsOnNodesTheConsoleDoesNotKnowAreNotCounted() {
        fleet.heldIdle(0, NOW);
        workloads.replace("agent", List.of(slurmJob("8", "frank", "x", "gpu", null, host(0) + ":0", "elsewhere:0")));

        IdleHolder holder = holders.rank(workloads, fleet.telemetry(), NOW).getFirst();

        assertThat(holder.gpusHeld()).isEqualTo(1);
        assertThat(holder.nodes()).containsExactly("elsewhere", host(0));
    }
}
