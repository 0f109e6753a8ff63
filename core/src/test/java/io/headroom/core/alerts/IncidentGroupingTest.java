package io.headroom.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alerts built by hand, grouped as the cause decides. */
class IncidentGroupingTest {

    private static final long NOW = 1_760_000_000_000L;

    private static Alert gpu(
            AlertKind kind, AlertSeverity severity, String uuid, int node, int rack, int slot, long since) {
        return new Alert(kind, severity, uuid, node, rack, slot, "alert.detail.x", List.of(), since);
    }

    private static Alert rack(AlertKind kind, AlertSeverity severity, String id, int rack, long since) {
        return new Alert(kind, severity, id, -1, rack, -1, "alert.detail.x", List.of(), since);
    }

    @Test
    void xid79AndMissingOnOneGpuAreOneIncidentOfTwoParts() {
        Alert xid = gpu(AlertKind.CRITICAL_XID, AlertSeverity.CRITICAL, "GPU-a", 3, 1, 28, NOW);
        Alert missing = gpu(AlertKind.GPU_MISSING, AlertSeverity.CRITICAL, "GPU-a", 3, 1, 28, NOW + 1_000);

        List<Incident> incidents = IncidentGrouping.group(List.of(xid, missing));

        assertThat(incidents).hasSize(1);
        Incident bus = incidents.getFirst();
        assertThat(bus.scope()).isEqualTo(IncidentScope.GPU);
        assertThat(bus.key()).isEqualTo("GPU:GPU-a");
        assertThat(bus.count()).isEqualTo(2);
        assertThat(bus.cause()).as("off the bus explains the XID").isEqualTo(missing);
        assertThat(bus.parts()).containsExactly(missing, xid);
        assertThat(bus.firstSeenMillis()).isEqualTo(NOW);
        assertThat(bus.severity()).isEqualTo(AlertSeverity.CRITICAL);
    }

    @Test
    void aHotRackWithEightThrottlingGpusIsOneIncidentOfNineParts() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            alerts.add(gpu(AlertKind.GPU_HOT, AlertSeverity.WARNING, "GPU-" + i, i / 4, 2, i, NOW + i));
        }
        Alert inlet = rack(AlertKind.RACK_INLET_HOT, AlertSeverity.CRITICAL, "h1-a03", 2, NOW + 50);
        alerts.add(inlet);
        // A hot GPU in another, cool rack is its own incident.
        alerts.add(gpu(AlertKind.GPU_HOT, AlertSeverity.WARNING, "GPU-elsewhere", 9, 0, 90, NOW));

        List<Incident> incidents = IncidentGrouping.group(alerts);

        assertThat(incidents).hasSize(2);
        Incident hot = incidents.getFirst();
        assertThat(hot.scope()).isEqualTo(IncidentScope.RACK);
        assertThat(hot.key()).isEqualTo("RACK:h1-a03");
        assertThat(hot.count()).isEqualTo(9);
        assertThat(hot.cause()).isEqualTo(inlet);
        assertThat(hot.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(hot.firstSeenMillis()).as("the first GPU to throttle").isEqualTo(NOW);
        assertThat(incidents.get(1).key()).isEqualTo("GPU:GPU-elsewhere");
    }

    @Test
    void aRackNearItsBudgetDoesNotClaimItsHotGpus() {
        Alert power = rack(AlertKind.RACK_NEAR_BUDGET, AlertSeverity.WARNING, "h1-a03", 2, NOW);
        Alert hot = gpu(AlertKind.GPU_HOT, AlertSeverity.WARNING, "GPU-1", 0, 2, 1, NOW);

        assertThat(IncidentGrouping.group(List.of(power, hot)))
                .extracting(Incident::key)
                .containsExactlyInAnyOrder("RACK:h1-a03", "GPU:GPU-1");
    }

    @Test
    void anAgentDownIsOneIncident() {
        Alert stale = new Alert(
                AlertKind.NODE_STALE,
                AlertSeverity.WARNING,
                "gpu-h1-a01-n2",
                1,
                0,
                -1,
                "alert.detail.x",
                List.of(8),
                NOW);

        List<Incident> incidents = IncidentGrouping.group(List.of(stale));

        assertThat(incidents).singleElement().satisfies(node -> {
            assertThat(node.scope()).isEqualTo(IncidentScope.NODE);
            assertThat(node.key()).isEqualTo("NODE:gpu-h1-a01-n2");
            assertThat(node.count()).isEqualTo(1);
        });
    }

    @Test
    void fromTheRulesAFaultedGpuAndAStaleNodeAreTwoIncidents() {
        TestFleet fleet = TestFleet.of(1, 1, 2, 2, 8, 0);
        for (int node = 0; node < 4; node++) {
            fleet.busy(node, NOW);
        }
        fleet.telemetry().writeRack(0, NOW, 23f, 35f, 30f);
        fleet.telemetry().writeRack(1, NOW, 23f, 35f, 30f);
        fleet.faultedGpu(1, 4, NOW);
        long later = NOW + 120_000;
        for (int node = 0; node < 3; node++) {
            fleet.busy(node, later);
        }
        fleet.faultedGpu(1, 4, later);
        fleet.telemetry().writeRack(0, later, 23f, 35f, 30f);
        fleet.telemetry().writeRack(1, later, 23f, 35f, 30f);
        FleetTelemetry telemetry = fleet.telemetry();
        List<Alert> alerts = new AlertRules(IdleThresholds.DEFAULTS)
                .evaluate(
                        telemetry,
                        FleetSummary.of(telemetry, new IdleClassifier(IdleThresholds.DEFAULTS), later),
                        later);

        assertThat(IncidentGrouping.group(alerts))
                .extracting(Incident::scope)
                .containsExactly(IncidentScope.GPU, IncidentScope.NODE);
    }

    @Test
    void aSilenceNeedsAReasonAndEnds() {
        Incident incident = IncidentGrouping.group(
                        List.of(gpu(AlertKind.GPU_HOT, AlertSeverity.WARNING, "GPU-1", 0, 0, 1, NOW)))
                .getFirst();
        InMemorySilences silences = new InMemorySilences("ops");

        assertThatThrownBy(() -> silences.silence(incident, Duration.ofHours(1), " ", NOW))
                .hasMessageContaining("reason")
                .hasMessageContaining("GPU:GPU-1");
        silences.silence(incident, Duration.ofHours(1), "reseating the card", NOW);
        assertThat(silences.silenceOf(incident, NOW + 1_000))
                .hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo("reseating the card"));
        assertThat(silences.silenceOf(incident, NOW + Duration.ofHours(1).toMillis()))
                .isEmpty();
    }
}
