package io.headroom.views.holders;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.views.Messages;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The Idle holders page without a toolkit: ranking, rows kept across refreshes, and what an empty page says. */
class IdleHoldersViewModelTest {

    private static final IdleClassifier CLASSIFIER = new IdleClassifier(IdleThresholds.DEFAULTS);
    private final Messages messages = new Messages(Locale.US);

    @Test
    void listsOnlyHoldersOfIdleCapacityMostWastedFirst() {
        var scenario = new HolderScenario();
        var model = new IdleHoldersViewModel(scenario.workloads, CLASSIFIER, messages);

        model.update(scenario.fleet.telemetry(), HolderScenario.NOW);

        assertThat(model.rows())
                .extracting(row -> row.holder().workload().schedulerId())
                .containsExactly("81234", "81302", "llm-serve-7f9c", "notebook-jdoe-0", "81377", "51234");
        HolderRow first = model.rows().getFirst();
        assertThat(first.gpusProperty().get()).isEqualTo("16 of 16");
        assertThat(first.wastedProperty().get()).isEqualTo("80.0");
        assertThat(first.userProperty().get()).isEqualTo("alice");
        assertThat(first.runtimeProperty().get()).isEqualTo("7 h of 24 h");
        assertThat(model.rows().get(4).gpusProperty().get())
                .as("half its GPUs busy")
                .isEqualTo("4 of 8");
        assertThat(model.rows().getLast().runtimeProperty().get())
                .as("no time limit is a dash, not 0")
                .isEqualTo("4 h of \u2014");
        assertThat(model.summaryProperty().get())
                .isEqualTo("6 workloads hold 35 idle GPUs \u00b7 114.6 GPU-hours wasted");
    }

    @Test
    void aRefreshUpdatesTheRowsInPlaceAndKeepsTheListWhenNothingMoved() {
        var scenario = new HolderScenario();
        var model = new IdleHoldersViewModel(scenario.workloads, CLASSIFIER, messages);
        model.update(scenario.fleet.telemetry(), HolderScenario.NOW);
        List<HolderRow> before = List.copyOf(model.rows());
        int[] listChanges = {0};
        model.rows().addListener((javafx.collections.ListChangeListener<HolderRow>) change -> listChanges[0]++);

        scenario.write(HolderScenario.NOW + 5 * 60_000);
        boolean moved = model.update(scenario.fleet.telemetry(), HolderScenario.NOW + 5 * 60_000);

        assertThat(moved).isFalse();
        assertThat(listChanges[0]).isZero();
        assertThat(model.rows()).containsExactlyElementsOf(before);
        assertThat(before.getFirst().wastedProperty().get())
                .as("five minutes later, 16 GPUs more")
                .isEqualTo("81.3");
    }

    @Test
    void anEmptyPageSaysWhetherNobodyHoldsIdleOrTheAgentsDoNotSay() {
        var scenario = new HolderScenario();
        var silent = new IdleHoldersViewModel(new FleetWorkloads(), CLASSIFIER, messages);
        silent.update(scenario.fleet.telemetry(), HolderScenario.NOW);
        assertThat(silent.rows()).isEmpty();
        assertThat(silent.emptyTextProperty().get()).contains("do not report who holds");

        var reporting = new FleetWorkloads();
        reporting.replace("agent", List.of());
        var none = new IdleHoldersViewModel(reporting, CLASSIFIER, messages);
        none.update(scenario.fleet.telemetry(), HolderScenario.NOW);
        assertThat(none.emptyTextProperty().get()).isEqualTo("No workload holds idle capacity");
    }
}
