package io.headroom.agent.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Owner groupings split a GPU's hour among who held it, and count the GPU once per group. */
class HistoryGroupsTest {

    private final HistoryGroups groups =
            new HistoryGroups(ScriptedFleet.oneNode("node-a", 1, 10_000).inventory());

    private static AcceleratorRow heldHalfTheHour(OwnerSeconds... owners) {
        HistoryRow row = HistoryRow.newBuilder()
                .setKey("GPU-node-a-0")
                .setHostname("node-a")
                .setAccelerators(1)
                .setBusyS(1800)
                .setFreeIdleS(1800)
                .setPeakTflops(989)
                .build();
        return new AcceleratorRow(row, List.of(owners));
    }

    @Test
    void aGpuHeldByItsNodesTenantForPartOfTheHourIsOneGpuOfThatTenant() {
        var alice = new OwnerSeconds("alice", "physics", "acme", 1800, 0, 0, 0, 0, 0);

        List<HistoryRow> tenants =
                groups.group(0, List.of(heldHalfTheHour(alice)), HistoryGrouping.HISTORY_GROUPING_TENANT);

        assertThat(tenants).singleElement().satisfies(acme -> {
            assertThat(acme.getKey()).isEqualTo("acme");
            assertThat(acme.getAccelerators()).isEqualTo(1);
            assertThat(acme.getBusyS()).isEqualTo(1800);
            assertThat(acme.getFreeIdleS()).isEqualTo(1800);
            assertThat(acme.getPeakTflops()).isEqualTo(989);
        });
    }

    @Test
    void twoJobsOfOneUserOnAGpuAreOneGpuOfThatUserAndTheRestIsNobodys() {
        var first = new OwnerSeconds("alice", "physics", "acme", 900, 0, 0, 0, 0, 0);
        var second = new OwnerSeconds("alice", "physics", "acme", 900, 0, 0, 0, 0, 0);

        List<HistoryRow> users =
                groups.group(0, List.of(heldHalfTheHour(first, second)), HistoryGrouping.HISTORY_GROUPING_USER);

        assertThat(users).extracting(HistoryRow::getKey).containsExactly("", "alice");
        assertThat(users).extracting(HistoryRow::getAccelerators).containsExactly(1, 1);
        assertThat(users.get(1).getBusyS()).isEqualTo(1800);
        assertThat(users.get(0).getFreeIdleS()).isEqualTo(1800);
    }

    @Test
    void placesFollowTheKeysWhenTheRowsOfAPeriodComeInAnotherOrder() {
        var fleet = new HistoryGroups(new ScriptedFleet.Builder(60_000)
                .node(
                        "n-a",
                        "r1",
                        "train",
                        "acme",
                        "NVIDIA H100 80GB HBM3",
                        io.headroom.core.fleet.Vendor.NVIDIA,
                        1,
                        false)
                .node(
                        "n-c",
                        "r3",
                        "infer",
                        "globex",
                        "NVIDIA H100 80GB HBM3",
                        io.headroom.core.fleet.Vendor.NVIDIA,
                        1,
                        false)
                .build()
                .inventory());
        AcceleratorRow a = busy("GPU-n-a-0", "n-a");
        AcceleratorRow c = busy("GPU-n-c-0", "n-c");
        AcceleratorRow gone = busy("GPU-gone-0", "gone");

        var first = fleet.placesAndTenants(0, List.of(a, c));
        var second = fleet.placesAndTenants(3_600_000L, List.of(c, gone, a));

        assertThat(first.get(HistoryGrouping.HISTORY_GROUPING_RACK))
                .extracting(HistoryRow::getKey, HistoryRow::getAccelerators)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("r1", 1), org.assertj.core.groups.Tuple.tuple("r3", 1));
        assertThat(second.get(HistoryGrouping.HISTORY_GROUPING_RACK))
                .extracting(HistoryRow::getKey, HistoryRow::getAccelerators)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("", 1),
                        org.assertj.core.groups.Tuple.tuple("r1", 1),
                        org.assertj.core.groups.Tuple.tuple("r3", 1));
        assertThat(second.get(HistoryGrouping.HISTORY_GROUPING_POOL))
                .extracting(HistoryRow::getKey)
                .containsExactly("", "infer", "train");
        assertThat(second.get(HistoryGrouping.HISTORY_GROUPING_RACK))
                .isEqualTo(fleet.group(3_600_000L, List.of(c, gone, a), HistoryGrouping.HISTORY_GROUPING_RACK));
    }

    private static AcceleratorRow busy(String uuid, String host) {
        return new AcceleratorRow(
                HistoryRow.newBuilder()
                        .setKey(uuid)
                        .setHostname(host)
                        .setAccelerators(1)
                        .setBusyS(3600)
                        .build(),
                List.of());
    }
}
