package io.headroom.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each rule fires on data crafted to break it, and none fires on a healthy fleet. */
class AlertRulesTest {

    private static final long NOW = 1_760_000_000_000L;

    // 1 hall, 1 row of 2 racks (44 kW budget), 2 nodes of 8 H100s a rack.
    private final TestFleet fleet = TestFleet.of(1, 1, 2, 2, 8, 0);
    private final AlertRules rules = new AlertRules(IdleThresholds.DEFAULTS);

    @BeforeEach
    void healthy() {
        for (int node = 0; node < 4; node++) {
            fleet.busy(node, NOW); // 71 C, 640 W, 88 %
        }
        for (int rack = 0; rack < 2; rack++) {
            fleet.telemetry().writeRack(rack, NOW, 23.5f, 35f, 30f);
        }
    }

    private List<Alert> evaluate(long now) {
        FleetTelemetry telemetry = fleet.telemetry();
        return rules.evaluate(
                telemetry, FleetSummary.of(telemetry, new IdleClassifier(IdleThresholds.DEFAULTS), now), now);
    }

    /** Rewrites one GPU's sample as busy and healthy, then lets {@code change} break it. */
    private void gpu(int slot, Consumer<SampleBuffer> change) {
        SampleBuffer sample = new SampleBuffer();
        sample.unmeasured = 0;
        sample.timeMillis = NOW;
        sample.utilizationPct = 88;
        sample.powerW = 640;
        sample.gpuTempC = 71;
        sample.allocated = true;
        change.accept(sample);
        fleet.telemetry().writeAccelerator(slot, sample);
        fleet.telemetry().publish(1);
    }

    @Test
    void aHealthyFleetRaisesNothing() {
        assertThat(evaluate(NOW)).isEmpty();
    }

    @Test
    void aGpuAtItsSlowdownTemperatureIsWarnedOfAndFiveDegreesOverIsCritical() {
        gpu(3, s -> s.gpuTempC = 86.9f);
        assertThat(evaluate(NOW)).isEmpty();

        gpu(3, s -> s.gpuTempC = 87f);
        gpu(4, s -> s.gpuTempC = 92f);
        List<Alert> alerts = evaluate(NOW);

        assertThat(alerts)
                .extracting(Alert::kind, Alert::severity, Alert::slot)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(AlertKind.GPU_HOT, AlertSeverity.WARNING, 3),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.GPU_HOT, AlertSeverity.CRITICAL, 4));
        assertThat(alerts.getFirst().subject()).isEqualTo("GPU-gpu-h1-a01-n1-3");
        assertThat(alerts.getFirst().args()).containsExactly(87, 87);
    }

    @Test
    void slowdownPointsFollowTheModel() {
        assertThat(SlowdownTemperatures.forModel("NVIDIA H200")).isEqualTo(87f);
        assertThat(SlowdownTemperatures.forModel("NVIDIA A100-SXM4-80GB")).isEqualTo(85f);
        assertThat(SlowdownTemperatures.forModel("NVIDIA L40S")).isEqualTo(89f);
        assertThat(SlowdownTemperatures.forModel("Some Future GPU")).isEqualTo(85f);
    }

    @Test
    void criticalXidsRaiseAndApplicationXidsDoNot() {
        gpu(2, s -> s.lastXid = 13);
        assertThat(evaluate(NOW)).isEmpty();

        gpu(2, s -> s.lastXid = 79);
        assertThat(evaluate(NOW)).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.CRITICAL_XID);
            assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(alert.nodeIndex()).isZero();
            assertThat(alert.args()).containsExactly(79);
        });
    }

    @Test
    void uncorrectableEccErrorsRaise() {
        gpu(9, s -> s.eccUncorrectable = 2);

        assertThat(evaluate(NOW)).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.ECC_UNCORRECTABLE);
            assertThat(alert.nodeIndex()).isEqualTo(1);
            assertThat(alert.slot()).isEqualTo(9);
        });
    }

    @Test
    void aGpuMissingFromTheDriverRaises() {
        gpu(5, s -> {
            s.missing = true;
            s.utilizationPct = Float.NaN;
        });

        assertThat(evaluate(NOW)).extracting(Alert::kind).containsExactly(AlertKind.GPU_MISSING);
    }

    @Test
    void aSilentNodeRaisesOnceAndItsOldFaultsAreNotRepeated() {
        gpu(17, s -> s.lastXid = 79);
        fleet.stale(2, NOW); // last heard five minutes ago
        gpu(17, s -> {
            s.timeMillis = NOW - 5 * 60_000;
            s.lastXid = 79;
        });

        assertThat(evaluate(NOW)).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.NODE_STALE);
            assertThat(alert.subject()).isEqualTo("gpu-h1-a02-n1");
            assertThat(alert.sinceMillis()).isEqualTo(NOW - 5 * 60_000);
            assertThat(alert.args()).containsExactly(8);
        });
    }

    @Test
    void aRackWithInletOverTwentySevenDegreesRaises() {
        fleet.telemetry().writeRack(0, NOW, 27f, 38f, 30f);
        assertThat(evaluate(NOW)).as("at the limit").isEmpty();

        fleet.telemetry().writeRack(0, NOW, 27.4f, 38f, 30f);
        fleet.telemetry().writeRack(1, NOW, 33f, 44f, 30f);
        assertThat(evaluate(NOW))
                .extracting(Alert::kind, Alert::severity, Alert::rackIndex)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlertKind.RACK_INLET_HOT, AlertSeverity.WARNING, 0),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.RACK_INLET_HOT, AlertSeverity.CRITICAL, 1));
    }

    @Test
    void aRackOverNinetyPercentOfItsBudgetRaisesAndOverItIsCritical() {
        fleet.telemetry().writeRack(0, NOW, 23f, 35f, 39.6f); // 90 %: at the limit
        assertThat(evaluate(NOW)).isEmpty();

        fleet.telemetry().writeRack(0, NOW, 23f, 35f, 40f);
        fleet.telemetry().writeRack(1, NOW, 23f, 35f, 45f);
        assertThat(evaluate(NOW))
                .extracting(Alert::kind, Alert::severity, Alert::nodeIndex)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlertKind.RACK_NEAR_BUDGET, AlertSeverity.WARNING, -1),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.RACK_NEAR_BUDGET, AlertSeverity.CRITICAL, -1));
    }

    @Test
    void oldRackReadingsRaiseNothing() {
        fleet.telemetry().writeRack(0, NOW - 60_000, 31f, 42f, 43f);

        assertThat(evaluate(NOW)).isEmpty();
    }

    @Test
    void anAlertKeepsItsSinceWhileItLastsAndGetsANewOneWhenItComesBack() {
        gpu(3, s -> s.gpuTempC = 90f);
        assertThat(evaluate(NOW).getFirst().sinceMillis()).isEqualTo(NOW);
        assertThat(evaluate(NOW + 1_000).getFirst().sinceMillis()).isEqualTo(NOW);

        gpu(3, s -> s.gpuTempC = 70f);
        assertThat(evaluate(NOW + 2_000)).isEmpty();
        gpu(3, s -> s.gpuTempC = 90f);
        assertThat(evaluate(NOW + 2_500).getFirst().sinceMillis()).isEqualTo(NOW + 2_500);
    }

    @Test
    void aVendorsHealthVerdictRaisesAWarningOrACriticalAlert() {
        gpu(3, s -> s.health = io.headroom.core.fleet.DeviceHealth.WARNING); // Ascend npu-smi "Warning"
        assertThat(evaluate(NOW)).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.DEVICE_HEALTH);
            assertThat(alert.severity()).isEqualTo(AlertSeverity.WARNING);
            assertThat(alert.slot()).isEqualTo(3);
        });
        gpu(3, s -> s.health = io.headroom.core.fleet.DeviceHealth.CRITICAL);
        assertThat(evaluate(NOW)).singleElement().extracting(Alert::severity).isEqualTo(AlertSeverity.CRITICAL);
        gpu(3, s -> s.health = io.headroom.core.fleet.DeviceHealth.OK);
        assertThat(evaluate(NOW)).isEmpty();
    }
}
