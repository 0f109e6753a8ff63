package io.headroom.views.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.node.NodeDetailViewModel.Metric;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real node detail on a headless stage, fed from another thread as agent streams would. */
@ExtendWith(ApplicationExtension.class)
class NodeDetailViewTest {

    private static final String HOST = "gpu-h1-a02-n3";

    private final AtomicLong clockMillis = new AtomicLong(SiteFleet.NOW);
    private SiteFleet site;
    private FleetFeed feed;
    private StackPane root;
    private NodeDetailView view;

    @Start
    void start(Stage stage) {
        site = SiteFleet.build(1, 10).write(SiteFleet.NOW);
        InstantSource clock = () -> Instant.ofEpochMilli(clockMillis.get());
        feed = new FleetFeed(site.state, new IdleClassifier(IdleThresholds.DEFAULTS), clock);
        view = new NodeDetailView(feed, new Messages(Locale.US));
        view.showNode(HOST);
        root = new StackPane(view);
        Scene scene = new Scene(root, 1000, 800);
        scene.getStylesheets().setAll(Theme.LAPTOP_LIGHT.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get(5, TimeUnit.SECONDS));
    }

    @Test
    void sparklinesGetAPointForEachSecondOfPublishedSamples() throws Exception {
        waitFor(() ->
                view.rowViews().size() == 8 && view.rowViews().getFirst().strip.points(Metric.POWER) == 1);

        for (int second = 1; second <= 3; second++) {
            long at = SiteFleet.NOW + second * 1000L;
            Thread agentStream = new Thread(() -> site.write(at), "agent-stream");
            agentStream.start();
            agentStream.join();
            clockMillis.set(at);
            int expected = second + 1;
            waitFor(() -> view.rowViews().get(2).strip.points(Metric.TEMPERATURE) == expected);
        }
        assertThat(view.rowViews().getFirst().strip.points(Metric.UTILIZATION)).isEqualTo(4);
        assertThat(view.model().historySize()).isEqualTo(4);
    }

    @Test
    void actionsAppearOnlyWhenTheAppOffersThem(FxRobot robot) throws Exception {
        waitFor(() -> view.model().found());
        HBox actions = robot.lookup("#node-actions").queryAs(HBox.class);
        assertThat(actions.isVisible()).isFalse();

        AtomicInteger drains = new AtomicInteger();
        robot.interact(() -> view.setActions(
                List.of(new NodeAction("Drain", drains::incrementAndGet), new NodeAction("Resume", () -> {}))));
        assertThat(actions.isVisible()).isTrue();
        robot.clickOn(robot.lookup("#node-actions .button").queryAs(Button.class));
        assertThat(drains.get()).isEqualTo(1);

        robot.interact(() -> view.setActions(List.of()));
        assertThat(actions.isVisible()).isFalse();
        assertThat(actions.getChildren()).isEmpty();
    }

    @Test
    void theOfferedActionsFollowTheSchedulerStateTheAgentSends(FxRobot robot) throws Exception {
        waitFor(() -> view.model().found());
        robot.interact(() -> view.offerActions(
                state -> List.of(new NodeAction(
                        state == io.headroom.core.fleet.SchedulerState.DRAINED ? "Resume" : "Drain", () -> {})),
                io.headroom.core.fleet.SchedulerState.ALLOCATED));
        assertThat(robot.lookup("#node-actions .button").queryAs(Button.class).getText())
                .isEqualTo("Drain");

        // The drain was queued and carried out: the agent's next sample says DRAINED.
        long at = SiteFleet.NOW + 1000;
        Thread agentStream =
                new Thread(() -> site.role(HOST, SiteFleet.Role.DRAINED).write(at), "agent-stream");
        agentStream.start();
        agentStream.join();
        clockMillis.set(at);
        waitFor(() -> robot.lookup("#node-actions .button")
                .queryAs(Button.class)
                .getText()
                .equals("Resume"));
    }

    @Test
    void withNoServerPickedTheFaultsPanelClaimsNothing(FxRobot robot) throws Exception {
        waitFor(() -> view.model().found());
        robot.interact(() -> view.showNode(""));
        waitFor(() -> !view.model().found());
        WaitForAsyncUtils.waitForFxEvents();
        String faults = robot.lookup("#node-faults").queryAs(javafx.scene.layout.VBox.class).getChildren().stream()
                .filter(n -> n instanceof Label)
                .map(n -> ((Label) n).getText())
                .toList()
                .toString();
        assertThat(faults).doesNotContain("None reported");

        robot.interact(() -> view.showNode(HOST));
        waitFor(() -> view.model().found());
        WaitForAsyncUtils.waitForFxEvents();
        String picked = robot.lookup("#node-faults").queryAs(javafx.scene.layout.VBox.class).getChildren().stream()
                .filter(n -> n instanceof Label)
                .map(n -> ((Label) n).getText())
                .toList()
                .toString();
        assertThat(picked).contains("None reported");
    }

    @Test
    void factsNameTheNode(FxRobot robot) throws Exception {
        waitFor(() -> view.model().found());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#node-hostname").queryAs(Label.class).getText())
                .isEqualTo(HOST);
        assertThat(robot.lookup("#node-location").queryAs(Label.class).getText())
                .isEqualTo("H1-A02 \u00b7 U11\u2013U15");
        assertThat(robot.lookup("#node-serial").queryAs(Label.class).getText())
                .isEqualTo(site.layout().node(site.layout().nodeIndex(HOST)).serial());
    }

    @Test
    void inChineseTheFactsAreCaptionedInChinese(FxRobot robot) throws Exception {
        AtomicReference<NodeDetailView> chinese = new AtomicReference<>();
        robot.interact(() -> {
            chinese.set(new NodeDetailView(feed, new Messages(Locale.SIMPLIFIED_CHINESE)));
            chinese.get().showNode(HOST);
            chinese.get().setId("chinese");
            root.getChildren().setAll(chinese.get());
        });
        waitFor(() -> chinese.get().model().found());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#chinese .hr-node-fact .hr-figure-caption")
                        .queryAs(Label.class)
                        .getText())
                .isEqualTo("序列号");
        assertThat(robot.lookup("#chinese #node-scheduler").queryAs(Label.class).getText())
                .isIn("已分配", "空闲", "已排空");
        assertThat(robot.lookup("#chinese .hr-gpu-captions .hr-figure-caption")
                        .queryAs(Label.class)
                        .getText())
                .isEqualTo("利用率");
    }

    @Test
    void aRemovedViewIsCollectedAfterDispose(FxRobot robot) throws Exception {
        robot.moveTo(new Point2D(990, 990));
        AtomicReference<NodeDetailView> second = new AtomicReference<>();
        robot.interact(() -> {
            second.set(new NodeDetailView(feed, new Messages(Locale.US)));
            second.get().showNode(HOST);
            second.get().setActions(List.of(new NodeAction("Drain", () -> {})));
            root.getChildren().setAll(second.get());
        });
        waitFor(() -> second.get().model().historySize() > 0);

        WeakReference<NodeDetailView> removed = new WeakReference<>(second.get());
        robot.interact(() -> {
            root.getChildren().clear();
            second.get().dispose();
            view.dispose();
        });
        second.set(null);
        assertThat(io.headroom.views.Collected.afterGc(removed))
                .as("node detail still reachable after dispose")
                .isTrue();
        assertThat(feed.subscribers()).isZero();
    }
}
