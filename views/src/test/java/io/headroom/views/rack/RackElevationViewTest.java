package io.headroom.views.rack;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Palette;
import io.headroom.themes.Theme;
import io.headroom.views.DeclaredColours;
import io.headroom.views.Messages;
import io.headroom.views.live.FleetFeed;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real rack elevation in a headless window: clicking, flagging, halls, language, lifetime. */
@ExtendWith(ApplicationExtension.class)
class RackElevationViewTest {

    private static final int WALL_BAD = 0xFFFF6B4A;

    private final List<Integer> selected = new CopyOnWriteArrayList<>();
    private SiteFleet site;
    private FleetFeed feed;
    private StackPane root;
    private RackElevationView view;

    @Start
    void start(Stage stage) {
        site = SiteFleet.build(2, 40).write(SiteFleet.NOW);
        feed = new FleetFeed(
                site.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                InstantSource.fixed(Instant.ofEpochMilli(SiteFleet.NOW)));
        view = new RackElevationView(feed, new Messages(Locale.US), selected::add);
        root = new StackPane(view);
        Scene scene = new Scene(root, 1000, 900);
        scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        feed.refreshNow();
        root.layout();
    }

    @Test
    void withNoRackThePageSaysSoWhereTheRacksWouldBe(FxRobot robot) {
        assertThat(robot.lookup("#rack-empty").tryQuery())
                .as("a site with racks")
                .isEmpty();

        var nothing = new io.headroom.core.fleet.FleetState(IdleThresholds.DEFAULTS);
        var emptyFeed = new FleetFeed(
                nothing,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                InstantSource.fixed(Instant.ofEpochMilli(SiteFleet.NOW)));
        var empty = new RackElevationView(emptyFeed, new Messages(Locale.US), selected::add);
        robot.interact(() -> {
            root.getChildren().setAll(empty);
            emptyFeed.refreshNow();
            root.layout();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Label message = robot.lookup("#rack-empty").queryAs(Label.class);
        assertThat(message.getText()).startsWith("No rack has reported yet");
        assertThat(empty.getCenter()).isSameAs(message);
        assertThat(robot.lookup("#rack-canvas").tryQuery())
                .as("no blank floor with a scroll bar")
                .isEmpty();
        robot.interact(empty::dispose);
    }

    @Test
    void clickingAServerSelectsThatNode(FxRobot robot) {
        int node = site.layout().nodeIndex("gpu-h1-b03-n5");
        Point2D centre = centreOf(robot, node);
        assertThat(centre).as("node on screen").isNotNull();

        robot.clickOn(view.localToScreen(centre));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(selected).containsExactly(node);
        Label hover = robot.lookup("#rack-hover").queryAs(Label.class);
        assertThat(hover.getText()).startsWith("gpu-h1-b03-n5 \u00b7 H1-B03 U21\u2013U25");
    }

    @Test
    void switchingThemeRepaintsTheRacksInItsColours(FxRobot robot) throws Exception {
        int quiet = site.layout().rackIndex("H1-A01");
        for (Theme theme : new Theme[] {Theme.LAPTOP_LIGHT, Theme.HIGH_CONTRAST, Theme.WALL_DARK}) {
            robot.interact(() -> root.getScene().getStylesheets().setAll(theme.stylesheet()));
            assertThat(outlineColour(site.hotRack)).as(theme.id()).isEqualTo(DeclaredColours.argb(theme, Palette.BAD));
            assertThat(outlineColour(quiet)).as(theme.id()).isEqualTo(DeclaredColours.argb(theme, Palette.SURFACE));
        }
    }

    @Test
    void aHotRackAndARackNearItsBudgetAreOutlined(FxRobot robot) throws Exception {
        assertThat(view.model().isHot(site.hotRack)).isTrue();
        assertThat(view.model().isOverBudget(site.nearBudgetRack)).isTrue();
        assertThat(robot.lookup("#rack-flagged").queryAs(Label.class).getText()).isEqualTo("Racks needing a look: 4");
        assertThat(robot.lookup("#hall-0").queryAs(ToggleButton.class).getText())
                .isEqualTo("Hall 1 \u00b7 40 racks \u00b7 2 flagged");

        int quiet = site.layout().rackIndex("H1-A01");
        assertThat(outlineColour(site.hotRack)).isEqualTo(WALL_BAD);
        assertThat(outlineColour(site.nearBudgetRack)).isEqualTo(WALL_BAD);
        assertThat(outlineColour(quiet)).isNotEqualTo(WALL_BAD);
    }

    @Test
    void anotherHallShowsItsOwnRacks(FxRobot robot) {
        int node = site.layout().nodeIndex("gpu-h2-a03-n2");
        assertThat(centreOf(robot, node)).as("hall 2 is not shown yet").isNull();

        robot.clickOn("#hall-1");
        WaitForAsyncUtils.waitForFxEvents();
        Point2D centre = centreOf(robot, node);
        assertThat(centre).isNotNull();

        robot.clickOn(view.localToScreen(centre));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(selected).containsExactly(node);
    }

    @Test
    void inChineseTheRacksAreCalledSo(FxRobot robot) {
        robot.interact(() -> {
            RackElevationView chinese =
                    new RackElevationView(feed, new Messages(Locale.SIMPLIFIED_CHINESE), node -> {});
            chinese.setId("chinese");
            root.getChildren().setAll(chinese);
        });
        robot.interact(() -> feed.refreshNow());

        assertThat(robot.lookup("#chinese .hr-view-title").queryAs(Label.class).getText())
                .isEqualTo("机柜");
        assertThat(robot.lookup("#chinese #hall-0").queryAs(ToggleButton.class).getText())
                .isEqualTo("Hall 1 · 40 个机柜 · 2 个告警");
        assertThat(robot.lookup("#chinese #rack-flagged").queryAs(Label.class).getText())
                .isEqualTo("需关注的机柜：4 个");
    }

    @Test
    void aRemovedViewIsCollectedAfterDispose(FxRobot robot) {
        robot.moveTo(new Point2D(990, 990));
        AtomicReference<RackElevationView> second = new AtomicReference<>();
        robot.interact(() -> {
            second.set(new RackElevationView(feed, new Messages(Locale.US), node -> {}));
            root.getChildren().setAll(second.get());
        });
        robot.interact(() -> feed.refreshNow());
        assertThat(feed.subscribers()).isEqualTo(1);

        WeakReference<RackElevationView> removed = new WeakReference<>(second.get());
        robot.interact(() -> {
            root.getChildren().clear();
            second.get().dispose();
            view.dispose();
        });
        second.set(null);
        assertThat(io.headroom.views.Collected.afterGc(removed))
                .as("rack elevation still reachable after dispose")
                .isTrue();
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void aHundredThousandGpusStillPointAtTheRightServer(FxRobot robot) {
        SiteFleet large = SiteFleet.build(4, 391).write(SiteFleet.NOW);
        FleetFeed largeFeed = new FleetFeed(
                large.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                InstantSource.fixed(Instant.ofEpochMilli(SiteFleet.NOW)));
        AtomicReference<RackElevationView> big = new AtomicReference<>();
        robot.interact(() -> {
            big.set(new RackElevationView(largeFeed, new Messages(Locale.US), selected::add));
            root.getChildren().setAll(big.get());
        });
        robot.interact(largeFeed::refreshNow);
        assertThat(large.layout().rackCount()).isEqualTo(1_564);
        assertThat(large.layout().gpuCount()).isEqualTo(100_096);

        int node = large.layout().nodeIndex("gpu-h4-am07-n3");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> big.get().showNode(node));
        AtomicReference<Point2D> centre = new AtomicReference<>();
        robot.interact(() -> centre.set(big.get().nodeCenter(node)));
        assertThat(centre.get()).as("scrolled into view").isNotNull();
        robot.clickOn(big.get().localToScreen(centre.get()));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(selected).containsExactly(node);
        assertThat(big.get().pixelsPerU()).isGreaterThanOrEqualTo(3);
        robot.interact(() -> big.get().dispose());
    }

    private Point2D centreOf(FxRobot robot, int node) {
        WaitForAsyncUtils.waitForFxEvents();
        AtomicReference<Point2D> centre = new AtomicReference<>();
        robot.interact(() -> centre.set(view.nodeCenter(node)));
        return centre.get();
    }

    /** The pixel just left of the rack's frame, where a flagged rack's outline runs. */
    private int outlineColour(int rack) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> {
                    RackCanvas canvas = view.canvas();
                    WritableImage image = canvas.canvas().snapshot(null, null);
                    RackGeometry geometry = canvas.geometry();
                    int x = geometry.rackX[rack] - 3;
                    int y = (int) (geometry.bodyTop(rack) + 20 - canvas.scrollOffset());
                    return image.getPixelReader().getArgb(x, y);
                })
                .get();
    }
}
