package io.headroom.views.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.node.NodeDetailViewModel.Metric;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Without a toolkit: what the node detail says, and how its history fills. */
class NodeDetailViewModelTest {

    private static final long NOW = SiteFleet.NOW;

    private final NodeDetailViewModel model =
            new NodeDetailViewModel(new Messages(Locale.US), new IdleClassifier(IdleThresholds.DEFAULTS));

    @Test
    void eachSecondOfPublishedSamplesAddsAPointToEverySparkline() {
        SiteFleet site = SiteFleet.build(1, 10);
        model.showNode("gpu-h1-a02-n3");
        for (int second = 0; second < 5; second++) {
            site.write(NOW + second * 1000L);
            model.update(site.telemetry(), NOW + second * 1000L);
            // A second refresh within the same second takes no second point.
            model.update(site.telemetry(), NOW + second * 1000L + 400);
        }

        assertThat(model.historySize()).isEqualTo(5);
        int slot = site.layout().firstGpuSlot(site.layout().nodeIndex("gpu-h1-a02-n3")) + 1;
        assertThat(model.latest(1, Metric.UTILIZATION))
                .isEqualTo(site.telemetry().utilizationPct(slot));
        assertThat(model.latest(1, Metric.POWER)).isEqualTo(site.telemetry().powerW(slot));
        assertThat(model.latest(1, Metric.TEMPERATURE))
                .isEqualTo(site.telemetry().gpuTempC(slot));
        assertThat(model.latest(1, Metric.MEMORY))
                .isEqualTo(site.telemetry().memoryUsedMib(slot) / site.layout().memoryTotalMib(slot) * 100);
    }

    @Test
    void historyHoldsFifteenMinutesAndForgetsOlder() {
        TestFleet fleet = TestFleet.of(1, 1, 1, 1, 2, 0);
        model.showNode("gpu-h1-a01-n1");
        for (int second = 0; second < 1000; second++) {
            fleet.busy(0, NOW + second * 1000L);
            model.update(fleet.telemetry(), NOW + second * 1000L);
        }

        assertThat(model.historySize()).isEqualTo(NodeDetailViewModel.HISTORY_POINTS);
        assertThat(model.history().time(0)).isEqualTo(NOW + 100_000);
        assertThat(model.history().time(899)).isEqualTo(NOW + 999_000);
    }

    @Test
    void aStaleNodeLeavesAGapRatherThanRepeatingItsLastValue() {
        SiteFleet site = SiteFleet.build(1, 30).write(NOW);
        String silent = site.layout().node(firstNodeOf(site, site.silentRack)).hostname();
        model.showNode(silent);
        model.update(site.telemetry(), NOW);

        assertThat(model.rows().getFirst().state()).isEqualTo(IdleState.STALE);
        assertThat(model.historySize()).isEqualTo(1);
        assertThat(model.latest(0, Metric.UTILIZATION)).isNaN();
    }

    @Test
    void factsAndFaultsAreInTheOperatorsWords() {
        TestFleet fleet = TestFleet.of(1, 1, 2, 2, 8, 0);
        int node = fleet.telemetry().layout().nodeIndex("gpu-h1-a02-n2");
        fleet.faultedGpu(node, 3, NOW);
        SampleBuffer ecc = new SampleBuffer();
        ecc.unmeasured = 0; // an NVIDIA source: every integer reading measured
        ecc.timeMillis = NOW;
        ecc.utilizationPct = 50;
        ecc.allocated = true;
        ecc.lastXid = 48;
        ecc.eccUncorrectable = 2;
        ecc.remappedRowFailures = 1;
        fleet.telemetry().writeAccelerator(fleet.telemetry().layout().firstGpuSlot(node) + 5, ecc);
        fleet.telemetry().publish(1);

        model.showNode("gpu-h1-a02-n2");
        model.update(fleet.telemetry(), NOW);

        assertThat(model.found()).isTrue();
        assertThat(model.location()).isEqualTo("h1-a02 \u00b7 U12\u2013U19");
        assertThat(model.scheduler()).isEqualTo("Allocated");
        assertThat(model.rows()).hasSize(8);
        assertThat(model.rows().get(3).state()).isEqualTo(IdleState.FAULTED);
        assertThat(model.faults())
                .containsExactly(
                        "GPU 3: XID 79, fallen off the bus",
                        "GPU 5: XID 48, double-bit ECC error",
                        "GPU 5: 2 uncorrectable ECC errors, 1 row-remap failure");
    }

    @Test
    void migSlicesFollowTheirGpu() {
        TestFleet fleet = TestFleet.of(1, 1, 1, 1, 2, 1);
        fleet.busy(0, NOW);
        model.showNode("gpu-h1-a01-n1");
        model.update(fleet.telemetry(), NOW);

        assertThat(model.rows())
                .extracting(GpuRow::title)
                .containsExactly(
                        "GPU 0",
                        "MIG 1g.10gb #7",
                        "MIG 1g.10gb #8",
                        "MIG 1g.10gb #9",
                        "MIG 1g.10gb #10",
                        "MIG 1g.10gb #11",
                        "MIG 1g.10gb #12",
                        "MIG 1g.10gb #13",
                        "GPU 1",
                        "MIG 1g.10gb #7",
                        "MIG 1g.10gb #8",
                        "MIG 1g.10gb #9",
                        "MIG 1g.10gb #10",
                        "MIG 1g.10gb #11",
                        "MIG 1g.10gb #12",
                        "MIG 1g.10gb #13");
        assertThat(model.latest(1, Metric.UTILIZATION)).isEqualTo(88f);
    }

    @Test
    void anUnknownHostnameIsSaidToBeMissing() {
        TestFleet fleet = TestFleet.of(1, 1, 1, 1, 2, 0);
        model.showNode("gpu-nowhere");
        model.update(fleet.telemetry(), NOW);

        assertThat(model.found()).isFalse();
        assertThat(model.rows()).isEmpty();
    }

    private static int firstNodeOf(SiteFleet site, int rack) {
        FleetLayout layout = site.layout();
        for (int node = 0; node < layout.nodeCount(); node++) {
            if (layout.rackOfNode(node) == rack) {
                return node;
            }
        }
        throw new AssertionError("rack " + rack + " has no nodes");
    }

    @Test
    void aGpuWhoseSourceCannotMeasureXidsOrEccShowsADashNotACleanCard() {
        TestFleet fleet = TestFleet.of(1, 1, 1, 1, 2, 0);
        SampleBuffer amd = new SampleBuffer(); // as rocm-smi fills it: no XID, ECC, row remapping or throttle bitmask
        amd.timeMillis = NOW;
        amd.utilizationPct = 50;
        fleet.telemetry().writeAccelerator(0, amd);
        fleet.telemetry().publish(1);

        model.showNode("gpu-h1-a01-n1");
        model.update(fleet.telemetry(), NOW);

        assertThat(model.unmeasured())
                .contains("GPU 0: not measured by its source: XID \u2014, ECC \u2014, row remapping \u2014");
        assertThat(model.faults()).noneMatch(line -> line.contains("not measured"));
        assertThat(model.rows().getFirst().unmeasuredBadges(new Messages(Locale.US)))
                .isEqualTo("XID \u2014 \u00b7 ECC \u2014");
        assertThat(model.rows().getFirst().badges(new Messages(Locale.US))).isEmpty();
    }
}
