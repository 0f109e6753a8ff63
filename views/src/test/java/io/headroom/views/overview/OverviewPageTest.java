package io.headroom.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.skins.BarChartItem;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.Palette;
import io.headroom.themes.Theme;
import io.headroom.views.DeclaredColours;
import io.headroom.views.connection.LinkState;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.live.FleetFrame;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.util.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Overview page on a headless stage, fed from other threads as agent streams would. */
@ExtendWith(ApplicationExtension.class)
class OverviewPageTest {

    private static final long NOW = 1_760_000_000_000L;

    private final AtomicLong clockMillis = new AtomicLong(NOW);
    private final InstantSource clock = () -> Instant.ofEpochMilli(clockMillis.get());
    private final IdleClassifier classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
    private TestFleet fleet;
    private ConnectionBoard board;
    private StackPane root;
    private OverviewPage overview;

    @Start
    void start(Stage stage) {
        fleet = TestFleet.of(1, 1, 2, 2, 8, 0);
        for (int node = 0; node < 4; node++) {
            fleet.busy(node, NOW);
        }
        board = new ConnectionBoard(List.of("relay:7443"));
        board.update(new AgentStatus("relay:7443", AgentHealth.ONLINE, "", null, Instant.ofEpochMilli(NOW), 4));
        overview = new OverviewPage(fleet.state, classifier, board, clock, Locale.US);
        root = new StackPane(overview);
        Scene scene = new Scene(root, 1000, 700);
        scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    /** Evaluates on the FX thread: view-model properties are written there and only read safely there. */
    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get(5, TimeUnit.SECONDS));
    }

    @Test
    void figuresFollowSamplesPublishedOnAnotherThread(FxRobot robot) throws Exception {
        waitFor(() -> overview.tiles().gpusProperty(IdleState.BUSY).get() == 32);

        Thread agentStream = new Thread(
                () -> {
                    fleet.heldIdle(0, NOW);
                    fleet.freeIdle(1, NOW);
                },
                "agent-stream");
        agentStream.start();
        agentStream.join();

        waitFor(() -> overview.tiles().gpusProperty(IdleState.HELD_IDLE).get() == 8);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(overview.tiles().gpusProperty(IdleState.FREE_IDLE).get()).isEqualTo(8);
        Tile byState = overview.tilesView().tile("tile-gpus-by-state");
        assertThat(byState.getBarChartItems())
                .filteredOn(bar -> bar.getName().equals("Held idle"))
                .singleElement()
                .extracting(BarChartItem::getValue)
                .isEqualTo(8.0);
        assertThat(robot.lookup("#link-state").queryAs(Label.class).getText()).isEqualTo("Online");
    }

    @Test
    void switchingThemeRestylesTheTilesAndRepaintsTheHeatmap(FxRobot robot) throws Exception {
        waitFor(() -> overview.tiles().gpusProperty(IdleState.BUSY).get() == 32);
        Tile byState = overview.tilesView().tile("tile-gpus-by-state");
        for (Theme theme : new Theme[] {Theme.HIGH_CONTRAST, Theme.LAPTOP_LIGHT, Theme.WALL_DARK}) {
            robot.interact(() -> root.getScene().getStylesheets().setAll(theme.stylesheet()));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(byState.getBackgroundColor())
                    .as(theme.id())
                    .isEqualTo(DeclaredColours.of(theme, Palette.SURFACE));
            assertThat(byState.getBarChartItems())
                    .filteredOn(bar -> bar.getName().equals("Busy"))
                    .singleElement()
                    .extracting(BarChartItem::getBarColor)
                    .as(theme.id())
                    .isEqualTo(DeclaredColours.of(theme, Palette.BUSY));
            assertThat(WaitForAsyncUtils.asyncFx(() ->
                                    heatmapColourAt(fleet.telemetry().layout().firstGpuSlot(2) + 1))
                            .get())
                    .as(theme.id())
                    .isEqualTo(DeclaredColours.argb(theme, Palette.BUSY));
        }
    }

    /** The heatmap's colour in the middle of a GPU's cell, from a snapshot of its canvas. FX thread. */
    private int heatmapColourAt(int slot) {
        var heatmap = overview.heatmap();
        var centre = heatmap.cellCenter(slot);
        var canvas = (javafx.scene.canvas.Canvas) heatmap.getChildrenUnmodifiable().stream()
                .filter(n -> n instanceof javafx.scene.canvas.Canvas)
                .findFirst()
                .orElseThrow();
        return canvas.snapshot(null, null).getPixelReader().getArgb((int) (centre.getX() - canvas.getLayoutX()), (int)
                (centre.getY() - canvas.getLayoutY()));
    }

    @Test
    void dataTurnsStaleAsTimePassesWithoutNews() throws Exception {
        waitFor(() -> overview.tiles().gpusProperty(IdleState.BUSY).get() == 32);

        clockMillis.addAndGet(60_000);
        board.update(new AgentStatus(
                "relay:7443",
                AgentHealth.UNREACHABLE,
                "connection refused",
                Instant.ofEpochMilli(NOW + 65_000),
                Instant.ofEpochMilli(NOW),
                0));

        waitFor(() -> overview.tiles().staleNodesProperty().get() == 4);
        waitFor(() -> overview.connection().linkProperty().get() == LinkState.OFFLINE);
        waitFor(() -> overview.connection().dataAgeTextProperty().get().equals("Newest data 60 s ago"));
        waitFor(() -> overview.connection().dataStaleProperty().get());
    }

    @Test
    // The point is that the page takes the very frame the feed hands out, not an equal copy.
    @SuppressWarnings("ReferenceEquality")
    void onAFeedSharedWithOtherPagesThePageTakesTheSameFramesAndLetsGoWhenDisposed(FxRobot robot) throws Exception {
        FleetFeed feed = new FleetFeed(fleet.state, classifier, board, clock);
        List<FleetFrame> otherPage = new CopyOnWriteArrayList<>();
        AtomicReference<OverviewPage> shared = new AtomicReference<>();
        AtomicReference<Subscription> other = new AtomicReference<>();
        robot.interact(() -> {
            other.set(feed.subscribe(otherPage::add));
            shared.set(new OverviewPage(feed, Locale.US));
            root.getChildren().setAll(shared.get());
        });
        waitFor(() -> shared.get().tiles().gpuCountProperty().get() == 32 && !otherPage.isEmpty());
        assertThat(feed.subscribers()).isEqualTo(2);
        // One summary per refresh: what the other page was handed last is the feed's latest frame.
        assertThat(WaitForAsyncUtils.asyncFx(() -> otherPage.getLast() == feed.latest()
                                && feed.latest().agents().equals(board.statuses()))
                        .get())
                .isTrue();

        robot.interact(() -> {
            root.getChildren().clear();
            shared.get().dispose();
            other.get().unsubscribe();
        });
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void aRemovedPageIsCollectedAfterDispose(FxRobot robot) throws Exception {
        // Keep the pointer off the stage: a hovered node is remembered by the scene until the next move.
        robot.moveTo(990, 990);
        AtomicReference<OverviewPage> second = new AtomicReference<>();
        robot.interact(() -> {
            second.set(new OverviewPage(fleet.state, classifier, board, clock, Locale.US));
            root.getChildren().setAll(second.get());
        });
        waitFor(() -> second.get().tiles().gpuCountProperty().get() == 32);

        WeakReference<OverviewPage> removed = new WeakReference<>(second.get());
        robot.interact(() -> {
            root.getChildren().clear();
            second.get().dispose();
        });
        second.set(null);

        assertThat(io.headroom.views.Collected.afterGc(removed))
                .as("overview still reachable after dispose")
                .isTrue();
    }
}
