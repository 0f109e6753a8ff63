package io.headroom.views.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.MetricScale;
import io.headroom.themes.Palette;
import io.headroom.themes.Theme;
import io.headroom.views.DeclaredColours;
import io.headroom.views.Messages;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real heatmap in a headless window: pointing, painting, theming. */
@ExtendWith(ApplicationExtension.class)
class FleetHeatmapTest {

    private static final long NOW = 1_760_000_000_000L;
    // From wall-dark.css and laptop-light.css: what the theme says, the cells must show.
    private static final int WALL_BUSY = 0xFF0072B2;
    private static final int WALL_STALE = 0xFF5B6472;
    private static final int WALL_STALE_HATCH = 0xFF2E343D;
    private static final int LIGHT_STALE = 0xFFAEB5BF;
    private static final int LIGHT_STALE_HATCH = 0xFF6E7886;
    private static final int[] WALL_VIRIDIS = {
        0xFF440154, 0xFF472D7B, 0xFF3B528B, 0xFF2C728E, 0xFF21918C, 0xFF28AE80, 0xFF5EC962, 0xFFADDC30, 0xFFFDE725
    };

    private TestFleet fleet;
    private FleetHeatmap heatmap;
    private Scene scene;
    private static final int STALE_NODE = 5;
    private static final int HELD_IDLE_NODE = 9;

    @Start
    void start(Stage stage) {
        // 1 hall, 2 rows of 3 racks, 4 nodes of 8 GPUs each: 192 GPUs.
        fleet = TestFleet.of(1, 2, 3, 4, 8, 0);
        for (int node = 0; node < fleet.telemetry().layout().nodeCount(); node++) {
            fleet.busy(node, NOW);
        }
        fleet.stale(STALE_NODE, NOW);
        fleet.heldIdle(HELD_IDLE_NODE, NOW);
        heatmap = new FleetHeatmap(new Messages(Locale.US));
        scene = new Scene(heatmap, 900, 600);
        scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
        stage.setScene(scene);
        stage.show();
        heatmap.show(fleet.telemetry(), summary(), NOW);
    }

    private FleetSummary summary() {
        return FleetSummary.of(fleet.telemetry(), new IdleClassifier(IdleThresholds.DEFAULTS), NOW);
    }

    @Test
    void theCellUnderThePointerNamesItsGpu(FxRobot robot) {
        FleetLayout layout = fleet.telemetry().layout();
        int slot = layout.firstGpuSlot(HELD_IDLE_NODE) + 6;
        Point2D centre = heatmap.cellCenter(slot);
        assertThat(centre).isNotNull();
        assertThat(heatmap.slotAt(centre.getX(), centre.getY())).isEqualTo(slot);

        robot.moveTo(heatmap.localToScreen(centre));
        WaitForAsyncUtils.waitForFxEvents();

        Label hover = robot.lookup("#heatmap-hover").queryAs(Label.class);
        assertThat(hover.isVisible()).isTrue();
        assertThat(hover.getText())
                .startsWith(layout.describe(slot) + "\n")
                .contains("Held idle", "1%", "85 W", "36 \u00b0C", "Sampled 0 s ago");

        robot.moveTo(heatmap.localToScreen(new Point2D(2, 2)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(hover.isVisible()).as("hidden away from the cells").isFalse();
    }

    @Test
    // The telemetry keeps GPU states as bytes holding IdleState ordinals; the test reads them as the view does.
    @SuppressWarnings("EnumOrdinal")
    void aStaleNodeIsPaintedStaleNeverAsLive() throws Exception {
        assertThat(summary().gpuStates()[fleet.telemetry().layout().firstGpuSlot(STALE_NODE)])
                .isEqualTo((byte) IdleState.STALE.ordinal());

        Set<Integer> staleColours = cellColours(fleet.telemetry().layout().firstGpuSlot(STALE_NODE) + 3);
        Set<Integer> busyColours = cellColours(fleet.telemetry().layout().firstGpuSlot(0) + 3);

        assertThat(staleColours).contains(WALL_STALE).isSubsetOf(WALL_STALE, WALL_STALE_HATCH);
        assertThat(busyColours).containsExactly(WALL_BUSY);
    }

    @Test
    void switchingThemeRecoloursTheCells() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> scene.getStylesheets().setAll(Theme.LAPTOP_LIGHT.stylesheet()))
                .get();
        WaitForAsyncUtils.waitForFxEvents();

        Set<Integer> staleColours = cellColours(fleet.telemetry().layout().firstGpuSlot(STALE_NODE) + 3);

        assertThat(staleColours).contains(LIGHT_STALE).isSubsetOf(LIGHT_STALE, LIGHT_STALE_HATCH);
        int busy = fleet.telemetry().layout().firstGpuSlot(0) + 3;
        for (Theme theme : new Theme[] {Theme.HIGH_CONTRAST, Theme.WALL_DARK, Theme.LAPTOP_LIGHT}) {
            WaitForAsyncUtils.asyncFx(() -> scene.getStylesheets().setAll(theme.stylesheet()))
                    .get();
            WaitForAsyncUtils.waitForFxEvents();
            int stale = DeclaredColours.argb(theme, Palette.STALE);
            assertThat(cellColours(fleet.telemetry().layout().firstGpuSlot(STALE_NODE) + 3))
                    .as(theme.id())
                    .contains(stale)
                    .isSubsetOf(stale, DeclaredColours.argb(theme, Palette.STALE_HATCH));
            assertThat(cellColours(busy)).as(theme.id()).containsExactly(DeclaredColours.argb(theme, Palette.BUSY));
        }
    }

    @Test
    void theGpusOfAPickedWorkloadAreOutlinedInTheHighlightColourAndNoOthers() throws Exception {
        var layout = fleet.telemetry().layout();
        int held = layout.firstGpuSlot(HELD_IDLE_NODE) + 2;
        int other = layout.firstGpuSlot(HELD_IDLE_NODE) + 3;
        int highlight = DeclaredColours.argb(Theme.WALL_DARK, Palette.HIGHLIGHT);

        WaitForAsyncUtils.asyncFx(() -> heatmap.setHighlighted(new int[] {held}))
                .get();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(cellColours(held)).contains(highlight, DeclaredColours.argb(Theme.WALL_DARK, Palette.HELD_IDLE));
        assertThat(cellColours(other)).doesNotContain(highlight);
        WaitForAsyncUtils.asyncFx(() -> heatmap.setHighlighted(new int[0])).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cellColours(held)).doesNotContain(highlight);
    }

    @Test
    void changesWithinOnePulsePaintOnceAtThatPulse() throws Exception {
        long before = WaitForAsyncUtils.asyncFx(() -> {
                    long painted = heatmap.paintCount();
                    for (int i = 0; i < 5; i++) {
                        heatmap.show(fleet.telemetry(), summary(), NOW);
                    }
                    heatmap.setColouring(Colouring.POWER);
                    heatmap.setColouring(Colouring.STATE);
                    heatmap.toolbar().states.getCheckModel().check(IdleState.BUSY);
                    assertThat(heatmap.paintCount())
                            .as("nothing painted before the pulse")
                            .isEqualTo(painted);
                    return painted;
                })
                .get();

        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(heatmap::paintCount).get() > before);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(heatmap::paintCount).get()).isEqualTo(before + 1);
    }

    @Test
    void aSnapshotRightAfterAChangeShowsIt() throws Exception {
        int slot = fleet.telemetry().layout().firstGpuSlot(0) + 1;
        int utilization = new MetricScale(WALL_VIRIDIS).argb(88, 0, 100);
        // One runnable: no pulse between the change and the snapshot, which lays the heatmap out first.
        assertThat(WaitForAsyncUtils.asyncFx(() -> {
                            heatmap.setColouring(Colouring.UTILIZATION);
                            return colourAt(slot);
                        })
                        .get())
                .isEqualTo(utilization);
    }

    @Test
    void colouredByUtilizationACellTakesItsReadingsColourOnTheScaleAndStaleStaysHatched() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> heatmap.setColouring(Colouring.UTILIZATION))
                .get();
        WaitForAsyncUtils.waitForFxEvents();
        FleetLayout layout = fleet.telemetry().layout();
        MetricScale viridis = new MetricScale(WALL_VIRIDIS);

        // Busy nodes report 88 %, held-idle ones 1 %: two ends of the scale, whatever the state colours.
        assertThat(cellColours(layout.firstGpuSlot(0) + 1)).containsExactly(viridis.argb(88, 0, 100));
        assertThat(cellColours(layout.firstGpuSlot(HELD_IDLE_NODE) + 1)).containsExactly(viridis.argb(1, 0, 100));
        assertThat(cellColours(layout.firstGpuSlot(STALE_NODE) + 3))
                .contains(WALL_STALE)
                .isSubsetOf(WALL_STALE, WALL_STALE_HATCH);
        assertThat(robotText("#heatmap-scale-name")).isEqualTo("Utilization");
        assertThat(robotText("#heatmap-scale-low")).isEqualTo("0 %");
        assertThat(robotText("#heatmap-scale-high")).isEqualTo("100 %");
    }

    @Test
    void fedByTheFeedTheCellsTakeTheColoursWorkedOutOnItsWorkerAndFollowNewReadings() throws Exception {
        var feed = new io.headroom.views.live.FleetFeed(
                fleet.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                java.time.InstantSource.fixed(java.time.Instant.ofEpochMilli(NOW)));
        javafx.util.Subscription subscription = WaitForAsyncUtils.asyncFx(() -> {
                    heatmap.setColouring(Colouring.UTILIZATION);
                    return feed.addFrameWork(heatmap.colourWork())
                            .and(feed.subscribe(
                                    frame -> heatmap.show(frame.telemetry(), frame.summary(), frame.nowMillis())));
                })
                .get();
        FleetLayout layout = fleet.telemetry().layout();
        MetricScale viridis = new MetricScale(WALL_VIRIDIS);
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(heatmap::paintsByWorker).get() > 0);
        assertThat(cellColours(layout.firstGpuSlot(0) + 1)).containsExactly(viridis.argb(88, 0, 100));

        fleet.heldIdleSince(0, NOW - 60_000, NOW); // 88 % -> 1 %, written as an agent stream would
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> cellColours(layout.firstGpuSlot(0) + 1).equals(Set.of(viridis.argb(1, 0, 100))));
        for (int slot = 0; slot < layout.gpuCount(); slot++) {
            int node = layout.nodeOfSlot(slot);
            Set<Integer> expected = node == 0 || node == HELD_IDLE_NODE
                    ? Set.of(viridis.argb(1, 0, 100))
                    : node == STALE_NODE ? Set.of(WALL_STALE, WALL_STALE_HATCH) : Set.of(viridis.argb(88, 0, 100));
            assertThat(cellColours(slot)).as("slot %d", slot).isEqualTo(expected);
        }
        assertThat(WaitForAsyncUtils.asyncFx(heatmap::paintsByWorker).get()).isPositive();
        WaitForAsyncUtils.asyncFx(subscription::unsubscribe).get();
    }

    @Test
    void theHolderFilterKeepsTheGpusOfMatchingWorkloadsBrightAndDimsTheRest() throws Exception {
        FleetLayout layout = fleet.telemetry().layout();
        String host = layout.node(HELD_IDLE_NODE).hostname();
        var workloads = new io.headroom.core.workload.FleetWorkloads();
        workloads.replace(
                "agent",
                List.of(
                        io.headroom.core.workload.TestWorkloads.slurmJob(
                                "4242", "alice", "physics", "gpu", null, host + ":2"),
                        io.headroom.core.workload.TestWorkloads.slurmJob(
                                "4243", "bob", "chem", "gpu", null, host + ":3")));

        WaitForAsyncUtils.asyncFx(() -> {
                    heatmap.setWorkloads(workloads);
                    heatmap.toolbar().holder.setText("ALI");
                })
                .get();
        WaitForAsyncUtils.waitForFxEvents();

        int heldIdle = 0xFFE69F00;
        assertThat(cellColours(layout.firstGpuSlot(HELD_IDLE_NODE) + 2))
                .as("alice's")
                .containsExactly(heldIdle);
        assertThat(cellColours(layout.firstGpuSlot(HELD_IDLE_NODE) + 3))
                .as("bob's")
                .containsExactly(MetricScale.blend(heldIdle, 0xFF121922, CellColours.DIM));
        WaitForAsyncUtils.asyncFx(() -> heatmap.toolbar().holder.setText("")).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cellColours(layout.firstGpuSlot(HELD_IDLE_NODE) + 3)).containsExactly(heldIdle);
    }

    @Test
    void aFilterDimsTheCellsItLeavesOut() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> heatmap.toolbar().states.getCheckModel().check(IdleState.HELD_IDLE))
                .get();
        WaitForAsyncUtils.waitForFxEvents();
        FleetLayout layout = fleet.telemetry().layout();

        int heldIdle = 0xFFE69F00;
        assertThat(cellColours(layout.firstGpuSlot(HELD_IDLE_NODE) + 2))
                .as("looked for")
                .containsExactly(heldIdle);
        assertThat(cellColours(layout.firstGpuSlot(0) + 2))
                .as("left out")
                .containsExactly(MetricScale.blend(WALL_BUSY, 0xFF121922, CellColours.DIM));
    }

    private String robotText(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> ((Label) heatmap.lookup(id)).getText())
                .get();
    }

    /** The colour at the middle of a cell, read back from a snapshot of the canvas. FX thread. */
    private int colourAt(int slot) {
        WritableImage image = heatmap.canvas().snapshot(null, null);
        HeatmapGeometry geometry = heatmap.geometry();
        return image.getPixelReader()
                .getArgb(
                        geometry.slotX[slot] - heatmap.viewport().offsetX() + geometry.cellWidth / 2,
                        geometry.slotY[slot] - heatmap.viewport().offsetY() + geometry.cellHeight / 2);
    }

    /** Every colour the cell's pixels show on screen, read back from a snapshot of the canvas. */
    private Set<Integer> cellColours(int slot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
                    WritableImage image = heatmap.canvas().snapshot(null, null);
                    HeatmapGeometry geometry = heatmap.geometry();
                    int x0 = geometry.slotX[slot] - heatmap.viewport().offsetX();
                    int y0 = geometry.slotY[slot] - heatmap.viewport().offsetY();
                    PixelReader pixels = image.getPixelReader();
                    Set<Integer> colours = new HashSet<>();
                    for (int y = y0; y < y0 + geometry.cellHeight - geometry.separator; y++) {
                        for (int x = x0; x < x0 + geometry.cellWidth - geometry.separator; x++) {
                            colours.add(pixels.getArgb(x, y));
                        }
                    }
                    return colours;
                })
                .get();
    }
}
