package io.headroom.views.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.alerts.InMemoryAcknowledgements;
import io.headroom.core.alerts.InMemorySilences;
import io.headroom.core.alerts.IncidentScope;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.views.Messages;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without a toolkit: pacing, grouping, filtering, acknowledging, silencing and wording of the incident list. */
class AlertsViewModelTest {

    private static final long NOW = 1_760_000_000_000L;

    private final TestFleet fleet = TestFleet.of(1, 1, 2, 2, 8, 0);
    private final InMemoryAcknowledgements acknowledgements = new InMemoryAcknowledgements();
    private final InMemorySilences silences = new InMemorySilences("ana@noc");
    private final AlertsViewModel model =
            new AlertsViewModel(new Messages(Locale.US), acknowledgements, silences, IdleThresholds.DEFAULTS);

    @BeforeEach
    void twoProblems() {
        samplesAt(NOW);
    }

    /** Fresh samples, as agents would send every second: one GPU with XID 79 (critical), one warm rack (warning). */
    private void samplesAt(long now) {
        for (int node = 0; node < 4; node++) {
            fleet.busy(node, now);
        }
        fleet.faultedGpu(1, 4, now);
        fleet.telemetry().writeRack(0, now, 28.1f, 39f, 30f);
        fleet.telemetry().writeRack(1, now, 23f, 35f, 30f);
    }

    private boolean update(long now) {
        FleetTelemetry telemetry = fleet.telemetry();
        return model.update(
                telemetry, FleetSummary.of(telemetry, new IdleClassifier(IdleThresholds.DEFAULTS), now), now);
    }

    @Test
    void beforeAnyGpuReportsNoAlertsIsNotAllClear() {
        assertThat(model.countsProperty().get()).isEqualTo("No GPU has reported yet: nothing checked");
    }

    @Test
    void theListChangesAtMostOnceASecond() {
        assertThat(update(NOW)).isTrue();
        assertThat(model.rows()).hasSize(2);

        fleet.telemetry().writeRack(1, NOW, 29f, 40f, 30f);
        assertThat(update(NOW + 600)).isFalse();
        assertThat(model.rows()).hasSize(2);
        assertThat(update(NOW + 1_000)).isTrue();
        assertThat(model.rows()).hasSize(3);
    }

    @Test
    void worstFirstInTheOperatorsWords() {
        update(NOW);

        IncidentRow first = model.rows().getFirst();
        assertThat(first.severityText()).isEqualTo("Critical");
        assertThat(first.kindText()).isEqualTo("Critical XID");
        assertThat(first.where()).isEqualTo("gpu-h1-a01-n2 GPU 4");
        assertThat(first.detailProperty().get()).isEqualTo("XID 79: fallen off the bus");
        IncidentRow second = model.rows().get(1);
        assertThat(second.where()).isEqualTo("Rack h1-a01");
        assertThat(second.detailProperty().get()).isEqualTo("Inlet air 28.1 \u00b0C; recommended up to 27 \u00b0C");
        assertThat(model.countsProperty().get()).isEqualTo("1 critical \u00b7 1 warning");

        samplesAt(NOW + 125_000);
        update(NOW + 125_000);
        assertThat(model.rows().getFirst()).as("the same row, refreshed").isSameAs(first);
        assertThat(first.ageProperty().get()).isEqualTo("2 min");
    }

    @Test
    void filtersByKindAndSeverity() {
        update(NOW);

        model.kindFilterProperty().set(AlertKind.RACK_INLET_HOT);
        assertThat(model.visibleRows())
                .extracting(row -> row.incident().cause().kind())
                .containsExactly(AlertKind.RACK_INLET_HOT);
        model.kindFilterProperty().set(null);
        model.severityFilterProperty().set(AlertSeverity.CRITICAL);
        assertThat(model.visibleRows())
                .extracting(row -> row.incident().cause().kind())
                .containsExactly(AlertKind.CRITICAL_XID);
        model.severityFilterProperty().set(null);
        assertThat(model.visibleRows()).hasSize(2);
    }

    @Test
    void anAcknowledgedAlertStepsBackUntilItComesBack() {
        update(NOW);
        IncidentRow xid = model.rows().getFirst();

        model.acknowledge(xid);
        assertThat(model.visibleRows()).doesNotContain(xid);
        assertThat(model.countsProperty().get()).isEqualTo("no critical \u00b7 1 warning");
        model.showAcknowledgedProperty().set(true);
        assertThat(model.visibleRows()).contains(xid);
        update(NOW + 2_000);
        assertThat(xid.acknowledgedProperty().get())
                .as("still acknowledged while it lasts")
                .isTrue();

        fleet.busy(1, NOW + 3_000);
        update(NOW + 3_000);
        fleet.faultedGpu(1, 4, NOW + 4_000);
        update(NOW + 4_000);
        assertThat(model.rows().getFirst().acknowledgedProperty().get())
                .as("a new occurrence is news")
                .isFalse();
    }

    @Test
    void inChineseTheListSpeaksChinese() {
        AlertsViewModel chinese = new AlertsViewModel(
                new Messages(Locale.SIMPLIFIED_CHINESE), acknowledgements, silences, IdleThresholds.DEFAULTS);
        FleetTelemetry telemetry = fleet.telemetry();
        chinese.update(telemetry, FleetSummary.of(telemetry, new IdleClassifier(IdleThresholds.DEFAULTS), NOW), NOW);

        assertThat(chinese.rows().getFirst().kindText()).isEqualTo("严重 XID");
        assertThat(chinese.rows().getFirst().detailProperty().get()).isEqualTo("XID 79：GPU 掉卡（从总线脱落）");
        assertThat(chinese.countsProperty().get()).isEqualTo("严重 1 条 · 警告 1 条");
    }

    @Test
    void aModelRebuiltInAnotherLanguageOverTheSameRulesKeepsEveryAge() {
        AlertRules rules = new AlertRules(IdleThresholds.DEFAULTS);
        AlertsViewModel english = new AlertsViewModel(new Messages(Locale.US), acknowledgements, silences, rules);
        FleetTelemetry telemetry = fleet.telemetry();
        IdleClassifier classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        english.update(telemetry, FleetSummary.of(telemetry, classifier, NOW), NOW);
        samplesAt(NOW + 185_000);
        english.update(telemetry, FleetSummary.of(telemetry, classifier, NOW + 185_000), NOW + 185_000);
        assertThat(english.rows().getFirst().ageProperty().get()).isEqualTo("3 min");

        // The language switch: a new model, as a new shell builds, over the console's rules.
        AlertsViewModel chinese =
                new AlertsViewModel(new Messages(Locale.SIMPLIFIED_CHINESE), acknowledgements, silences, rules);
        samplesAt(NOW + 186_000);
        chinese.update(telemetry, FleetSummary.of(telemetry, classifier, NOW + 186_000), NOW + 186_000);

        assertThat(chinese.rows()).hasSize(2);
        assertThat(chinese.rows())
                .extracting(row -> row.incident().firstSeenMillis())
                .containsOnly(NOW);
        assertThat(chinese.rows().getFirst().ageProperty().get())
                .isEqualTo(new Messages(Locale.SIMPLIFIED_CHINESE).age(186_000));
        // A model with rules of its own starts counting afresh: what the console had before the fix.
        AlertsViewModel fresh = new AlertsViewModel(
                new Messages(Locale.SIMPLIFIED_CHINESE), acknowledgements, silences, IdleThresholds.DEFAULTS);
        fresh.update(telemetry, FleetSummary.of(telemetry, classifier, NOW + 186_000), NOW + 186_000);
        assertThat(fresh.rows().getFirst().incident().firstSeenMillis()).isEqualTo(NOW + 186_000);
    }

    @Test
    void aHotRackAndItsThrottlingGpusAreOneIncidentThatOpensOntoItsParts() {
        // Rack 1 (nodes 2 and 3) over 27 C inlet, and its 16 GPUs over their slowdown point.
        for (int node = 2; node < 4; node++) {
            fleet.hot(node, NOW);
        }
        fleet.telemetry().writeRack(1, NOW, 29f, 40f, 30f);
        update(NOW);

        IncidentRow rack = model.rows().stream()
                .filter(row -> row.incident().scope() == IncidentScope.RACK
                        && row.where().equals("Rack h1-a02"))
                .findFirst()
                .orElseThrow();
        assertThat(rack.kindText()).isEqualTo("Rack inlet too warm");
        assertThat(rack.partsText()).isEqualTo("17");
        assertThat(rack.parts()).hasSize(17);
        assertThat(rack.parts().get(1).kindText()).isEqualTo("GPU over slowdown temperature");
        assertThat(model.rows()).hasSize(3);
    }

    @Test
    void aSilencedIncidentLeavesTheListAndTheCountsButNotTheFilter() {
        update(NOW);
        IncidentRow xid = model.rows().getFirst();

        model.silence(xid, Duration.ofHours(4), "RMA opened, card to be swapped");

        assertThat(model.visibleRows()).doesNotContain(xid);
        assertThat(model.countsProperty().get()).isEqualTo("no critical \u00b7 1 warning \u00b7 1 silenced");
        model.showSilencedProperty().set(true);
        assertThat(model.visibleRows()).contains(xid);
        assertThat(xid.silenceProperty().get()).isEqualTo("4 h more: RMA opened, card to be swapped");

        samplesAt(NOW + 2 * 3_600_000);
        update(NOW + 2 * 3_600_000);
        assertThat(model.rows().getFirst()).isSameAs(xid);
        assertThat(xid.silenceProperty().get())
                .as("still silenced, counting down")
                .startsWith("2 h more");

        model.lift(xid);
        assertThat(xid.isSilenced()).isFalse();
        assertThat(model.countsProperty().get()).isEqualTo("1 critical \u00b7 1 warning");
    }

    @Test
    void aSilenceNeedsAReason() {
        update(NOW);
        IncidentRow xid = model.rows().getFirst();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.silence(xid, Duration.ofHours(1), "  "))
                .hasMessageContaining("reason");
        assertThat(xid.isSilenced()).isFalse();
    }
}
