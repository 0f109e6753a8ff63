package io.headroom.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.history.AcceleratorRow;
import io.headroom.agent.history.HistoryGroups;
import io.headroom.agent.history.HistoryQuery;
import io.headroom.agent.history.PeriodCursor;
import io.headroom.agent.simulator.FleetPast;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Showback on the simulator's past: owner groupings (user, account, tenant) answer who really
 * held the GPUs, through the agents' own grouping, and add up to the fleet.
 */
class SimulatedShowbackTest {

    private static final long HOUR = 3_600_000L;
    private static final long FROM = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    // Local time is UTC+8: 08:00 UTC is the afternoon.
    private static final long WEDNESDAY = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();
    private static final long SATURDAY_AFTERNOON =
            Instant.parse("2026-11-28T06:00:00Z").toEpochMilli();
    private static final long WEDNESDAY_AFTERNOON = WEDNESDAY + 6 * HOUR;
    private static final InstantSource NOW = InstantSource.fixed(Instant.parse("2026-12-06T00:00:00Z"));
    private static final List<ToLongFunction<HistoryRow>> STATES = List.of(
            HistoryRow::getBusyS,
            HistoryRow::getHeldIdleS,
            HistoryRow::getFreeIdleS,
            HistoryRow::getDrainedS,
            HistoryRow::getFaultedS,
            HistoryRow::getUnknownS,
            HistoryRow::getUncoveredS);

    private static Inventory inventory;
    private static HistoryGroups groups;

    @BeforeAll
    static void fleet() {
        inventory = new FleetSimulator(FleetShape.DEFAULT, 42, FROM, 60_000, "").inventory();
        groups = new HistoryGroups(inventory);
    }

    @Test
    void ownerRowsAndNobodyAddUpToTheWholeFleetEveryHour() throws Exception {
        var past = new SimulatedPast(FleetPast.of(FleetShape.DEFAULT, 42, "", FROM), NOW, true);
        for (List<AcceleratorRow> hour : periods(past, WEDNESDAY, WEDNESDAY + 3 * HOUR, Set.of())) {
            long start = hour.getFirst().row().getPeriodStartMs();
            List<HistoryRow> gpus = hour.stream()
                    .filter(r -> !r.isSlice())
                    .map(AcceleratorRow::row)
                    .toList();
            for (HistoryGrouping grouping : List.of(
                    HistoryGrouping.HISTORY_GROUPING_USER,
                    HistoryGrouping.HISTORY_GROUPING_ACCOUNT,
                    HistoryGrouping.HISTORY_GROUPING_TENANT)) {
                List<HistoryRow> owners = groups.group(start, hour, grouping);
                for (ToLongFunction<HistoryRow> state : STATES) {
                    assertThat(owners.stream().mapToLong(state).sum())
                            .as("%s rows at %s", grouping, Instant.ofEpochMilli(start))
                            .isEqualTo(gpus.stream().mapToLong(state).sum());
                }
            }
            List<HistoryRow> users = groups.group(start, hour, HistoryGrouping.HISTORY_GROUPING_USER);
            HistoryRow nobody =
                    users.stream().filter(r -> r.getKey().isEmpty()).findFirst().orElseThrow();
            assertThat(users).as("real holders, not only nobody").hasSizeGreaterThan(10);
            assertThat(users.stream().filter(r -> !r.getKey().isEmpty()))
                    .as("a holder's time is busy or held idle, never free")
                    .allSatisfy(r -> assertThat(r.getFreeIdleS()).isZero())
                    .anySatisfy(r -> assertThat(r.getHeldIdleS()).isPositive());
            assertThat(nobody.getBusyS() + nobody.getHeldIdleS())
                    .as("nobody is free idle, drained or faulted time only")
                    .isZero();
            assertThat(nobody.getFreeIdleS()).isPositive();
        }
    }

    @Test
    void theNotebookTenantsNotebooksShowHeldIdleUnderTheirUsersAndAccount() throws Exception {
        var past = new SimulatedPast(FleetPast.of(FleetShape.DEFAULT, 42, "", FROM), NOW, true);
        Set<String> notebookNodes = hostsOf("university-pilot", "dev");
        assertThat(notebookNodes).isNotEmpty();
        long held = 0;
        long busy = 0;
        Set<String> users = new java.util.HashSet<>();
        for (List<AcceleratorRow> day : periods(
                past, WEDNESDAY, WEDNESDAY + 24 * HOUR, HistoryResolution.HISTORY_RESOLUTION_DAY, notebookNodes)) {
            long start = day.getFirst().row().getPeriodStartMs();
            for (HistoryRow account : groups.group(start, day, HistoryGrouping.HISTORY_GROUPING_ACCOUNT)) {
                if (account.getKey().equals("university-pilot")) {
                    held += account.getHeldIdleS();
                    busy += account.getBusyS();
                }
            }
            for (HistoryRow user : groups.group(start, day, HistoryGrouping.HISTORY_GROUPING_USER)) {
                if (!user.getKey().isEmpty()) {
                    assertThat(user.getHeldIdleS())
                            .as("%s's notebooks sit idle", user.getKey())
                            .isGreaterThan(user.getBusyS());
                    users.add(user.getKey());
                }
            }
        }
        assertThat(held).as("held idle by the notebooks' namespace").isGreaterThan(2 * busy);
        assertThat(users).as("several people's notebooks").hasSizeGreaterThan(3);
    }

    @Test
    void theWeekendTrainingBlockIsNobodysOnSaturday() throws Exception {
        var past = new SimulatedPast(FleetPast.of(FleetShape.DEFAULT, 42, "", FROM), NOW, true);
        Set<String> block = hostsOf("kestrel-robotics", "train");
        assertThat(block).isNotEmpty();
        assertThat(nobodysShare(past, SATURDAY_AFTERNOON, block)).isGreaterThan(0.9);
        assertThat(nobodysShare(past, WEDNESDAY_AFTERNOON, block)).isLessThan(0.4);
    }

    @Test
    void sameSeedSameShowbackOtherSeedAnother() throws Exception {
        List<HistoryRow> first = users(42);
        assertThat(users(42)).isEqualTo(first);
        assertThat(users(43)).isNotEqualTo(first);
    }

    private static List<HistoryRow> users(long seed) throws Exception {
        var past = new SimulatedPast(FleetPast.of(FleetShape.DEFAULT, seed, "", FROM), NOW, true);
        List<HistoryRow> out = new ArrayList<>();
        for (List<AcceleratorRow> hour : periods(past, WEDNESDAY, WEDNESDAY + 2 * HOUR, Set.of())) {
            out.addAll(groups.group(
                    hour.getFirst().row().getPeriodStartMs(), hour, HistoryGrouping.HISTORY_GROUPING_USER));
        }
        return out;
    }

    private static double nobodysShare(SimulatedPast past, long hour, Set<String> hosts) throws Exception {
        long nobody = 0;
        long all = 0;
        for (List<AcceleratorRow> rows : periods(past, hour, hour + HOUR, hosts)) {
            for (HistoryRow user : groups.group(hour, rows, HistoryGrouping.HISTORY_GROUPING_USER)) {
                long covered = user.getBusyS() + user.getHeldIdleS() + user.getFreeIdleS();
                all += covered;
                if (user.getKey().isEmpty()) {
                    nobody += covered;
                }
            }
        }
        return nobody / (double) all;
    }

    private static Set<String> hostsOf(String tenant, String pool) {
        return inventory.nodes().stream()
                .filter(n -> n.tenant().equals(tenant) && n.pool().equals(pool))
                .map(Node::hostname)
                .collect(Collectors.toSet());
    }

    private static List<List<AcceleratorRow>> periods(SimulatedPast past, long from, long to, Set<String> hosts)
            throws Exception {
        return periods(past, from, to, HistoryResolution.HISTORY_RESOLUTION_HOUR, hosts);
    }

    private static List<List<AcceleratorRow>> periods(
            SimulatedPast past, long from, long to, HistoryResolution resolution, Set<String> hosts) throws Exception {
        List<List<AcceleratorRow>> out = new ArrayList<>();
        try (PeriodCursor cursor = past.open(new HistoryQuery(from, to, resolution, hosts))) {
            List<AcceleratorRow> period;
            while ((period = cursor.next()) != null) {
                out.add(period);
            }
        }
        return out;
    }
}
