package io.headroom.views.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.InMemoryAcknowledgements;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.live.FleetFeed;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeTableRow;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real incident table on a headless stage: jumping, opening, acknowledging, silencing, language. */
@ExtendWith(ApplicationExtension.class)
class AlertsViewTest {

    private final List<Integer> nodes = new CopyOnWriteArrayList<>();
    private final List<Integer> racks = new CopyOnWriteArrayList<>();
    private SiteFleet site;
    private FleetFeed feed;
    private StackPane root;
    private AlertsView view;

    @Start
    void start(Stage stage) {
        site = SiteFleet.build(1, 30).write(SiteFleet.NOW);
        feed = new FleetFeed(
                site.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                InstantSource.fixed(Instant.ofEpochMilli(SiteFleet.NOW)));
        view = new AlertsView(feed, new Messages(Locale.US), new InMemoryAcknowledgements());
        view.setOnJumpToNode(nodes::add);
        view.setOnJumpToRack(racks::add);
        root = new StackPane(view);
        Scene scene = new Scene(root, 1000, 800);
        scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
        stage.setScene(scene);
        stage.show();
        feed.refreshNow();
    }

    private TreeTableRow<?> rowShowing(FxRobot robot, String text) {
        WaitForAsyncUtils.waitForFxEvents();
        for (Node node : robot.lookup(".tree-table-row-cell").queryAll()) {
            TreeTableRow<?> row = (TreeTableRow<?>) node;
            if (row.getItem() instanceof AlertsLine alert
                    && (alert.where().equals(text) || alert.kindText().equals(text))) {
                return row;
            }
        }
        throw new AssertionError("no row shows " + text);
    }

    private TreeTableRow<?> rowOf(FxRobot robot, AlertsLine line) {
        WaitForAsyncUtils.waitForFxEvents();
        for (Node node : robot.lookup(".tree-table-row-cell").queryAll()) {
            TreeTableRow<?> row = (TreeTableRow<?>) node;
            if (row.getItem() == line) {
                return row;
            }
        }
        throw new AssertionError("no row shows " + line.kindText() + " on " + line.where());
    }

    @Test
    void doubleClickingAGpuAlertJumpsToItsNode(FxRobot robot) {
        String silent = site.layout().node(site.silentRack * 8).hostname();

        robot.doubleClickOn(rowShowing(robot, silent));

        assertThat(nodes).containsExactly(site.silentRack * 8);
        assertThat(racks).isEmpty();
    }

    @Test
    void goingToARackAlertJumpsToTheRack(FxRobot robot) {
        robot.clickOn(rowShowing(robot, "Rack near power budget"));
        robot.clickOn("#alert-go-to");

        assertThat(racks).containsExactly(site.nearBudgetRack);
    }

    @Test
    void anAcknowledgedAlertLeavesTheListUntilAskedFor(FxRobot robot) {
        int before = view.shownIncidents().size();
        TreeTableRow<?> row = rowShowing(robot, "Rack inlet too warm");
        AlertsLine alert = (AlertsLine) row.getItem();

        robot.clickOn(row);
        robot.clickOn("#alert-acknowledge");
        assertThat(view.shownIncidents()).hasSize(before - 1).doesNotContain((IncidentRow) alert);

        robot.clickOn("#alert-show-acknowledged");
        assertThat(view.shownIncidents()).hasSize(before).contains((IncidentRow) alert);
        assertThat(rowShowing(robot, "Rack inlet too warm").getPseudoClassStates())
                .anyMatch(state -> state.getPseudoClassName().equals("acknowledged"));
    }

    @Test
    void inChineseTheTableSpeaksChinese(FxRobot robot) {
        robot.interact(() -> {
            AlertsView chinese =
                    new AlertsView(feed, new Messages(Locale.SIMPLIFIED_CHINESE), new InMemoryAcknowledgements());
            chinese.setId("chinese");
            root.getChildren().setAll(chinese);
            view.dispose();
        });
        robot.interact(feed::refreshNow);

        assertThat(robot.lookup("#chinese .hr-view-title").queryAs(Label.class).getText())
                .isEqualTo("告警");
        assertThat(robot.lookup("#chinese #alert-counts").queryAs(Label.class).getText())
                .startsWith("严重 ");
        assertThat(robot.lookup("#chinese .column-header .label")
                        .queryAs(Label.class)
                        .getText())
                .isEqualTo("级别");
    }

    @Test
    void anIncidentOpensOntoItsParts(FxRobot robot) {
        IncidentRow many = view.shownIncidents().stream()
                .filter(row -> row.parts().size() > 1)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the site has no incident of several parts"));
        int lines = view.table().getExpandedItemCount();

        robot.interact(() -> view.expand(many, true));

        assertThat(view.table().getExpandedItemCount())
                .isEqualTo(lines + many.parts().size());
        assertThat(rowOf(robot, many.parts().get(1)).getPseudoClassStates())
                .anyMatch(state -> state.getPseudoClassName().equals("part"));
    }

    @Test
    void silencingAsksForAReasonAndTheIncidentWaitsUnderItsFilter(FxRobot robot) {
        TreeTableRow<?> row = rowShowing(robot, "Rack inlet too warm");
        IncidentRow incident = (IncidentRow) row.getItem();

        robot.clickOn(row);
        robot.clickOn("#alert-silence");
        robot.clickOn("#silence-reason");
        assertThat(robot.lookup("#silence-confirm").queryButton().isDisabled())
                .as("no reason, no silence")
                .isTrue();
        robot.write("CRAC unit 3 under repair");
        robot.clickOn("#silence-confirm");

        assertThat(incident.isSilenced()).isTrue();
        assertThat(incident.silence().orElseThrow().reason()).isEqualTo("CRAC unit 3 under repair");
        assertThat(view.shownIncidents()).doesNotContain(incident);
        robot.clickOn("#alert-show-silenced");
        assertThat(view.shownIncidents()).contains(incident);
    }
}
