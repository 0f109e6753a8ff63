package io.headroom.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The overview's figures from a hand-filled fleet, without a JavaFX toolkit. */
class FleetTilesViewModelTest {

    private static final long NOW = 1_760_000_000_000L;
    private final IdleClassifier classifier = new IdleClassifier(IdleThresholds.DEFAULTS);

    /** 16 GPUs on 4 nodes: one node each busy, held idle, free idle and stale. */
    private TestFleet fourNodes() {
        TestFleet fleet = TestFleet.of(1, 1, 2, 2, 4, 0);
        fleet.busy(0, NOW);
        fleet.heldIdle(1, NOW);
        fleet.freeIdle(2, NOW);
        fleet.stale(3, NOW);
        return fleet;
    }

    private FleetTilesViewModel modelOf(TestFleet fleet, Locale locale) {
        FleetTilesViewModel model = new FleetTilesViewModel(new Messages(locale));
        model.update(
                FleetSummary.of(fleet.telemetry(), classifier, NOW),
                fleet.telemetry().layout());
        return model;
    }

    @Test
    void countsEveryGpuInItsState() {
        FleetTilesViewModel model = modelOf(fourNodes(), Locale.US);

        assertThat(model.gpuCountProperty().get()).isEqualTo(16);
        assertThat(model.gpusProperty(IdleState.BUSY).get()).isEqualTo(4);
        assertThat(model.gpusProperty(IdleState.HELD_IDLE).get()).isEqualTo(4);
        assertThat(model.gpusProperty(IdleState.FREE_IDLE).get()).isEqualTo(4);
        assertThat(model.gpusProperty(IdleState.STALE).get()).isEqualTo(4);
        assertThat(model.gpusProperty(IdleState.DRAINED).get()).isZero();
        assertThat(model.gpusProperty(IdleState.FAULTED).get()).isZero();
        assertThat(model.fleetKnownProperty().get()).isTrue();
    }

    @Test
    void fleetFiguresLeaveStaleGpusOut() {
        FleetTilesViewModel model = modelOf(fourNodes(), Locale.US);

        // (4 x 88 + 4 x 1 + 4 x 0) / 12 live GPUs
        assertThat(model.utilizationPctProperty().get()).isCloseTo(29.67, org.assertj.core.data.Offset.offset(0.01));
        // 8 idle H100 at 989 TFLOPS
        assertThat(model.idlePflopsProperty().get()).isEqualTo(7.9);
        assertThat(model.idleCapacityDetailProperty().get()).startsWith("8 idle GPUs");
        assertThat(model.staleNodesProperty().get()).isEqualTo(1);
        assertThat(model.staleNodesTotalTextProperty().get()).isEqualTo("of 4");
        assertThat(model.staleNodesDetailProperty().get()).isEqualTo("4 GPUs not reporting");
        assertThat(model.migLineProperty().get()).isEqualTo("no GPU in MIG mode");
    }

    @Test
    void countsIdleMigSlicesAgainstAllSlices() {
        TestFleet fleet = TestFleet.of(1, 1, 1, 2, 2, 2);
        fleet.busy(0, NOW);
        fleet.heldIdle(1, NOW);

        FleetTilesViewModel model = modelOf(fleet, Locale.US);

        // Node 1's two GPUs carry seven slices each; every third slice slot is unallocated (free idle).
        assertThat(model.migLineProperty().get()).isEqualTo("14 of 14 MIG slices idle");
    }

    @Test
    void dropsTenthsOnceAFigureIsLarge() {
        TestFleet fleet = TestFleet.of(1, 4, 10, 4, 8, 0);
        for (int node = 0; node < fleet.telemetry().layout().nodeCount(); node++) {
            fleet.freeIdle(node, NOW);
        }

        FleetTilesViewModel model = modelOf(fleet, Locale.US);

        // 1,280 idle H100 x 989 TFLOPS = 1,265.9 PFLOPS
        assertThat(model.idlePflopsProperty().get()).isEqualTo(1266.0);
    }

    @Test
    void writesItsTextInTheOperatorsLanguage() {
        FleetTilesViewModel german = modelOf(fourNodes(), Locale.GERMANY);
        // No German bundle: English words, never the language of the machine's default locale.
        assertThat(german.staleNodesDetailProperty().get()).isEqualTo("4 GPUs not reporting");

        FleetTilesViewModel chinese = modelOf(fourNodes(), Locale.SIMPLIFIED_CHINESE);
        assertThat(chinese.staleNodesDetailProperty().get()).isEqualTo("4 块 GPU 未上报");
        assertThat(chinese.messages().stateName(IdleState.HELD_IDLE)).isEqualTo("占用闲置");
    }

    @Test
    void showsNoFiguresBeforeTheFirstSummary() {
        FleetTilesViewModel model = new FleetTilesViewModel(new Messages(Locale.US));

        assertThat(model.fleetKnownProperty().get()).isFalse();
        assertThat(model.utilizationPctProperty().get()).isNaN();
        assertThat(model.idlePflopsProperty().get()).isNaN();
        assertThat(model.idleCapacityDetailProperty().get()).isEqualTo("no GPU reported yet");
    }

    @Test
    void powerIsTheRacksPdusAgainstTheirBudgetsAndTheHottestFreshInletIsNamed() {
        TestFleet fleet = TestFleet.of(1, 1, 4, 1, 4, 0); // 4 racks of 44 kW: 176 kW of budget
        for (int node = 0; node < 4; node++) {
            fleet.busy(node, NOW);
        }
        var telemetry = fleet.telemetry();
        telemetry.writeRack(0, NOW, 24.5f, 35f, 30f);
        telemetry.writeRack(1, NOW, 28.2f, 40f, 41f);
        telemetry.writeRack(2, NOW - 60_000, 35f, 45f, 44f); // a minute old: stale, left out
        telemetry.writeRack(3, NOW, Float.NaN, Float.NaN, Float.NaN);
        FleetTilesViewModel model = modelOf(fleet, Locale.US);

        model.updateRacks(telemetry, FleetSummary.of(telemetry, classifier, NOW), NOW, 3_000);

        assertThat(model.powerKwProperty().get()).isEqualTo(71.0);
        assertThat(model.powerBudgetKwProperty().get()).isEqualTo(176.0);
        assertThat(model.nearBudgetProperty().get()).isFalse();
        assertThat(model.powerBudgetDetailProperty().get()).isEqualTo("40.3% of 176 kW \u00b7 PDUs");
        assertThat(model.hottestInletCProperty().get()).isEqualTo(28.2);
        assertThat(model.inletHotProperty().get()).as("over 27 \u00b0C").isTrue();
        assertThat(model.hottestInletDetailProperty().get()).isEqualTo("rack h1-a02 \u00b7 limit 27 \u00b0C");
    }

    @Test
    void withoutRackPdusPowerIsWhatTheGpusDraw() {
        TestFleet fleet = fourNodes();
        FleetTilesViewModel model = modelOf(fleet, Locale.US);

        model.updateRacks(fleet.telemetry(), FleetSummary.of(fleet.telemetry(), classifier, NOW), NOW, 3_000);

        assertThat(model.powerKwProperty().get()).isEqualTo(3.2);
        assertThat(model.powerBudgetDetailProperty().get()).endsWith("GPUs only");
        assertThat(model.hottestInletCProperty().get()).isNaN();
        assertThat(model.hottestInletDetailProperty().get()).isEqualTo("no rack reporting");
    }

    @Test
    void agentsAlertsAndCardHoursAreCountedAsGiven() {
        FleetTilesViewModel model = modelOf(fourNodes(), Locale.US);
        assertThat(model.openAlertsProperty().get())
                .as("before the alerts page counted")
                .isEqualTo(-1);
        assertThat(model.cardHoursTodayPctProperty().get()).isNaN();

        model.updateAgents(java.util.List.of(
                new io.headroom.core.connection.AgentStatus(
                        "a:1", io.headroom.core.connection.AgentHealth.ONLINE, "", null, null, 4),
                new io.headroom.core.connection.AgentStatus(
                        "b:1",
                        io.headroom.core.connection.AgentHealth.UNREACHABLE,
                        "connection refused",
                        null,
                        null,
                        0)));
        model.updateAlerts(2, 5);
        model.updateCardHours(new CardHourUtilization(0.314, 0.287));

        assertThat(model.agentsDetailProperty().get()).isEqualTo("1 of 2 agents down");
        assertThat(model.linkTroubleProperty().get()).isTrue();
        assertThat(model.openAlertsProperty().get()).isEqualTo(7);
        assertThat(model.openAlertsDetailProperty().get()).isEqualTo("2 critical \u00b7 5 warnings");
        assertThat(model.anyCriticalProperty().get()).isTrue();
        assertThat(model.cardHoursTodayPctProperty().get()).isEqualTo(31.4);
        assertThat(model.cardHoursDetailProperty().get()).isEqualTo("7 days: 28.7%");

        model.updateAlerts(0, 1);
        assertThat(model.anyCriticalProperty().get()).isFalse();
        model.updateCardHours(CardHourUtilization.UNKNOWN);
        assertThat(model.cardHoursTodayPctProperty().get()).isNaN();
        assertThat(model.cardHoursDetailProperty().get()).isEqualTo("no hour kept yet");
    }
}
