package io.headroom.views.holders;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.IdleHolders;
import io.headroom.views.Messages;
import io.headroom.views.live.FleetFeed;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real Idle holders page in a headless window: picking a workload shows its GPUs and highlights them. */
@ExtendWith(ApplicationExtension.class)
class IdleHoldersViewTest {

    private final HolderScenario scenario = new HolderScenario();
    private final AtomicReference<int[]> highlighted = new AtomicReference<>(new int[0]);
    private FleetFeed feed;
    private IdleHoldersView view;

    @Start
    void start(Stage stage) {
        feed = new FleetFeed(
                scenario.fleet.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                () -> Instant.ofEpochMilli(HolderScenario.NOW));
        view = new IdleHoldersView(feed, scenario.workloads, new Messages(Locale.US), ZoneOffset.UTC);
        view.setOnHighlight(highlighted::set);
        stage.setScene(new Scene(view, 1400, 800));
        stage.show();
    }

    @Test
    void pickingAWorkloadHighlightsEveryGpuItHoldsAndListsThemLive() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
                    view.show(feed.refreshNow());
                    view.table().getSelectionModel().select(0);
                })
                .get();
        WaitForAsyncUtils.waitForFxEvents();

        var layout = scenario.fleet.telemetry().layout();
        int[] expected = scenario.workloads.workload("slurm:test:81234").orElseThrow().holdings().stream()
                .mapToInt(holding -> IdleHolders.slotOf(layout, holding))
                .toArray();
        assertThat(highlighted.get()).hasSize(16).containsExactlyInAnyOrder(expected);
        var gpus = WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.control.TableView<?>) view.lookup("#holder-gpus"))
                        .getItems()
                        .size())
                .get();
        assertThat(gpus).isEqualTo(16);

        WaitForAsyncUtils.asyncFx(() -> view.table().getSelectionModel().clearSelection())
                .get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(highlighted.get()).isEmpty();
    }

    @Test
    void theSelectionStaysOnItsWorkloadWhenTheRankingMoves() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
                    view.show(feed.refreshNow());
                    view.table().getSelectionModel().select(2); // the inference pod, two GPUs
                })
                .get();
        // The notebook's node goes idle much longer ago: it overtakes the pod.
        scenario.fleet.heldIdleSince(5, HolderScenario.NOW - 600 * 60_000, HolderScenario.NOW);

        String picked = WaitForAsyncUtils.asyncFx(() -> {
                    view.show(feed.refreshNow());
                    return view.table().getSelectionModel().getSelectedItem().id();
                })
                .get();

        assertThat(picked).isEqualTo("k8s:inference/llm-serve-7f9c");
        assertThat(Arrays.stream(highlighted.get())
                        .map(slot -> scenario.fleet.telemetry().layout().nodeOfSlot(slot))
                        .distinct()
                        .toArray())
                .containsExactly(scenario.fleet.telemetry().layout().nodeIndex(scenario.host(20)));
    }

    @Test
    void withNoAgentReportingWorkloadsThePageSaysSoInsteadOfAnEmptySuccess() throws Exception {
        var silent = new io.headroom.core.workload.FleetWorkloads();
        String text = WaitForAsyncUtils.asyncFx(() -> {
                    var page = new IdleHoldersView(feed, silent, new Messages(Locale.US), ZoneOffset.UTC);
                    page.show(feed.refreshNow());
                    String said = ((Label) page.table().getPlaceholder()).getText();
                    page.dispose();
                    return said;
                })
                .get();

        assertThat(text).contains("do not report who holds their GPUs");
    }
}
