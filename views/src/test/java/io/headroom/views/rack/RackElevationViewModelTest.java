package io.headroom.views.rack;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Without a toolkit: which racks are flagged and what colour each node gets. */
class RackElevationViewModelTest {

    private static final long NOW = 1_760_000_000_000L;

    // 1 hall, 1 row of 4 racks (44 kW budget each), 4 nodes of 8 GPUs a rack.
    private final TestFleet fleet = TestFleet.of(1, 1, 4, 4, 8, 0);
    private final RackElevationViewModel model =
            new RackElevationViewModel(new Messages(Locale.US), IdleThresholds.DEFAULTS);

    private void update() {
        for (int rack = 0; rack < 4; rack++) {
            // A cool rack at 80 % of its budget unless a test says otherwise.
            if (Float.isNaN(fleet.telemetry().rackInletC(rack))) {
                fleet.telemetry().writeRack(rack, NOW, 23.5f, 35f, 35.2f);
            }
        }
        model.update(
                fleet.telemetry(),
                FleetSummary.of(fleet.telemetry(), new IdleClassifier(IdleThresholds.DEFAULTS), NOW),
                NOW);
    }

    private void allBusy() {
        for (int node = 0; node < fleet.telemetry().layout().nodeCount(); node++) {
            fleet.busy(node, NOW);
        }
    }

    @Test
    void aRackWithHotInletAirIsFlagged() {
        allBusy();
        fleet.telemetry().writeRack(1, NOW, 28.2f, 41f, 30f);
        update();

        assertThat(model.isHot(1)).isTrue();
        assertThat(model.isFlagged(1)).isTrue();
        assertThat(model.isOverBudget(1)).isFalse();
        assertThat(model.isFlagged(0)).as("a rack at 23.5 C and 80 % of budget").isFalse();
        assertThat(model.inletText(1)).isEqualTo("28.2 \u00b0C");
        assertThat(model.describeRack(1)).contains("Inlet air above 27.0 \u00b0C");
    }

    @Test
    void aRackOverNinetyPercentOfItsBudgetIsFlagged() {
        allBusy();
        fleet.telemetry().writeRack(2, NOW, 24f, 35f, 40.5f); // 92 % of 44 kW
        fleet.telemetry().writeRack(3, NOW, 27f, 35f, 39.6f); // exactly 90 % and 27 C: at the limits, not over
        update();

        assertThat(model.isOverBudget(2)).isTrue();
        assertThat(model.budgetShare(2)).isCloseTo(0.92, org.assertj.core.data.Offset.offset(0.001));
        assertThat(model.powerText(2)).isEqualTo("40.5 / 44 kW");
        assertThat(model.isFlagged(3)).isFalse();
        assertThat(model.flaggedRacks(0)).isEqualTo(1);
        assertThat(model.hallButtonText(0)).isEqualTo("Hall 1 \u00b7 4 racks \u00b7 1 flagged");
    }

    @Test
    void aRackWithoutReadingsIsNeverFlagged() {
        allBusy();
        model.update(
                fleet.telemetry(),
                FleetSummary.of(fleet.telemetry(), new IdleClassifier(IdleThresholds.DEFAULTS), NOW),
                NOW);

        assertThat(model.isFlagged(0)).isFalse();
        assertThat(model.inletText(0)).isEqualTo("\u2014");
    }

    @Test
    void readingsOlderThanTheStaleWindowAreUnknownAndNeverFlagged() {
        allBusy();
        fleet.telemetry().writeRack(1, NOW - 60_000, 29f, 41f, 43f);
        update();

        assertThat(model.isFlagged(1)).isFalse();
        assertThat(model.inletText(1)).isEqualTo("\u2014");
        assertThat(model.powerText(1)).isEqualTo("\u2014 / 44 kW");
    }

    @Test
    void aNodeShowsItsDominantStateAndItsWorstOne() {
        allBusy();
        fleet.faultedGpu(5, 2, NOW);
        fleet.heldIdle(6, NOW);
        update();

        assertThat(model.dominantState(5)).isEqualTo(IdleState.BUSY);
        assertThat(model.worstState(5)).isEqualTo(IdleState.FAULTED);
        assertThat(model.dominantState(6)).isEqualTo(IdleState.HELD_IDLE);
        assertThat(model.worstState(6)).isEqualTo(IdleState.HELD_IDLE);
        assertThat(model.describeNode(5)).contains("gpu-h1-a02-n2", "U12\u2013U19", "7 Busy \u00b7 1 Faulted");
    }

    @Test
    void unitsMapToTheNodesThatFillThem() {
        allBusy();
        update();
        RackPlan plan = model.plan();
        FleetLayout layout = fleet.telemetry().layout();

        // TestFleet puts node n of a rack at U 2 + 10 (n - 1), 8 U high, in 48 U racks.
        assertThat(plan.heightU[0]).isEqualTo(48);
        assertThat(plan.nodeAtU[0][1]).isEqualTo(FleetLayout.NONE);
        assertThat(plan.nodeAtU[0][2]).isEqualTo(layout.nodeIndex("gpu-h1-a01-n1"));
        assertThat(plan.nodeAtU[0][9]).isEqualTo(layout.nodeIndex("gpu-h1-a01-n1"));
        assertThat(plan.nodeAtU[0][10]).isEqualTo(FleetLayout.NONE);
        assertThat(plan.nodeAtU[0][39]).isEqualTo(layout.nodeIndex("gpu-h1-a01-n4"));
    }
}
