package io.headroom.views.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Zoom, pan and picking on the real heatmap in a headless window: after zooming and panning
 * the cell under the pointer still names its GPU, and a shift-drag picks the servers it covers
 * for "Drain picked". The headless robot sends neither wheel events nor modifier keys with
 * its mouse, so those gestures are fired as events at the canvas (its real handlers run);
 * pointing, clicking and keys go through the robot.
 */
@ExtendWith(ApplicationExtension.class)
class HeatmapZoomTest {

    private static final long NOW = 1_760_000_000_000L;

    private TestFleet fleet;
    private FleetHeatmap heatmap;
    private final List<int[]> drained = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        // 2 halls x 4 rows x 8 racks x 8 nodes x 8 GPUs = 4,096 GPUs: small cells until zoomed.
        fleet = TestFleet.of(2, 4, 8, 8, 8, 0);
        for (int node = 0; node < fleet.telemetry().layout().nodeCount(); node++) {
            if (node % 3 == 0) {
                fleet.heldIdle(node, NOW);
            } else {
                fleet.busy(node, NOW);
            }
        }
        heatmap = new FleetHeatmap(new Messages(Locale.US));
        heatmap.setOnDrainSelected(drained::add);
        Scene scene = new Scene(heatmap, 900, 600);
        scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
        stage.setScene(scene);
        stage.show();
        heatmap.show(
                fleet.telemetry(),
                FleetSummary.of(fleet.telemetry(), new IdleClassifier(IdleThresholds.DEFAULTS), NOW),
                NOW);
    }

    @Test
    void afterZoomingInAroundThePointerAndPanningTheCellUnderThePointerNamesItsGpu(FxRobot robot) {
        FleetLayout layout = fleet.telemetry().layout();
        int slot = layout.firstGpuSlot(layout.nodeIndex("gpu-h2-c05-n3")) + 4;
        int[] before = heatmap.cellSize();
        Point2D centre = heatmap.cellCenter(slot);

        robot.moveTo(heatmap.localToScreen(centre));
        for (int notch = 0; notch < 3; notch++) {
            scroll(centre, 40);
        }
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(heatmap.zoom()).isGreaterThan(1);
        assertThat(heatmap.cellSize()[0]).as("cells grew").isGreaterThan(before[0]);
        Point2D zoomed = heatmap.cellCenter(slot);
        assertThat(zoomed).as("the GPU under the pointer stays on screen").isNotNull();
        assertThat(zoomed.distance(centre)).as("and under the pointer").isLessThan(heatmap.cellSize()[0]);

        robot.interact(() -> heatmap.canvas().requestFocus());
        robot.type(KeyCode.RIGHT, KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        int panned = layout.firstGpuSlot(layout.nodeIndex("gpu-h2-c06-n5")) + 1;
        Point2D target = heatmap.cellCenter(panned);
        assertThat(target).as("a GPU in view after panning").isNotNull();
        assertThat(heatmap.slotAt(target.getX(), target.getY())).isEqualTo(panned);

        robot.moveTo(heatmap.localToScreen(target));
        WaitForAsyncUtils.waitForFxEvents();

        Label hover = robot.lookup("#heatmap-hover").queryAs(Label.class);
        assertThat(hover.isVisible()).isTrue();
        assertThat(hover.getText()).startsWith(layout.describe(panned) + "\n");
    }

    @Test
    void shiftDraggingPicksTheServersUnderTheRectangleForDraining(FxRobot robot) {
        FleetLayout layout = fleet.telemetry().layout();
        int top = layout.nodeIndex("gpu-h1-b03-n8"); // highest in the rack, so painted first
        int below = layout.nodeIndex("gpu-h1-b03-n7");
        Point2D from = heatmap.cellCenter(layout.firstGpuSlot(top) + 1);
        Point2D to = heatmap.cellCenter(layout.firstGpuSlot(below) + 6);

        mouse(MouseEvent.MOUSE_PRESSED, from, true, false);
        mouse(MouseEvent.MOUSE_DRAGGED, from.midpoint(to), true, false);
        mouse(MouseEvent.MOUSE_DRAGGED, to, true, false);
        mouse(MouseEvent.MOUSE_RELEASED, to, true, false);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(heatmap.selectedNodes()).containsExactlyInAnyOrder(top, below);
        assertThat(robot.lookup("#heatmap-selection").queryAs(Label.class).getText())
                .isEqualTo("2 servers picked");
        robot.clickOn(robot.lookup("#heatmap-drain-selected").queryAs(Button.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(drained).hasSize(1);
        assertThat(drained.getFirst()).containsExactlyInAnyOrder(top, below);
    }

    @Test
    void ctrlClickPicksAWholeRackAndTheWallPicksNothing(FxRobot robot) throws Exception {
        FleetLayout layout = fleet.telemetry().layout();
        int node = layout.nodeIndex("gpu-h1-a02-n4");
        Point2D cell = heatmap.cellCenter(layout.firstGpuSlot(node) + 2);

        ctrlClick(cell);

        int rack = layout.rackOfNode(node);
        assertThat(heatmap.selectedNodes()).hasSize(8);
        assertThat(java.util.Arrays.stream(heatmap.selectedNodes())
                        .map(layout::rackOfNode)
                        .distinct()
                        .toArray())
                .containsExactly(rack);

        WaitForAsyncUtils.asyncFx(() -> heatmap.setInteractive(false)).get();
        ctrlClick(cell);
        assertThat(heatmap.selectedNodes()).as("the wall offers no picking").isEmpty();
        assertThat(heatmap.toolbar().isVisible()).as("no controls on the wall").isFalse();
    }

    @Test
    void plusAndMinusZoomAndZeroShowsTheWholeFleetAgain(FxRobot robot) {
        robot.interact(() -> heatmap.canvas().requestFocus());
        robot.type(KeyCode.EQUALS, KeyCode.EQUALS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(heatmap.zoom()).isEqualTo(HeatmapViewport.ZOOMS[2]);
        robot.type(KeyCode.MINUS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(heatmap.zoom()).isEqualTo(HeatmapViewport.ZOOMS[1]);
        robot.type(KeyCode.DIGIT0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(heatmap.zoom()).isEqualTo(1);
        int last = fleet.telemetry().layout().gpuCount() - 1;
        assertThat(heatmap.cellCenter(last)).as("every GPU on screen again").isNotNull();
    }

    private void ctrlClick(Point2D at) {
        mouse(MouseEvent.MOUSE_PRESSED, at, false, true);
        mouse(MouseEvent.MOUSE_RELEASED, at, false, true);
        mouse(MouseEvent.MOUSE_CLICKED, at, false, true);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A mouse event at a point of the heatmap, as the canvas would get it from a real mouse. */
    private void mouse(EventType<MouseEvent> type, Point2D at, boolean shift, boolean control) {
        Point2D scene = heatmap.localToScene(at);
        Point2D screen = heatmap.localToScreen(at);
        MouseEvent event = new MouseEvent(
                type,
                scene.getX(),
                scene.getY(),
                screen.getX(),
                screen.getY(),
                MouseButton.PRIMARY,
                1,
                shift,
                control,
                false,
                false,
                true,
                false,
                false,
                false,
                false,
                type == MouseEvent.MOUSE_CLICKED || type == MouseEvent.MOUSE_RELEASED,
                null);
        // Callers wait with waitForFxEvents() and check what the heatmap did; the firing itself has nothing to report.
        var unusedFired = WaitForAsyncUtils.asyncFx(() -> Event.fireEvent(heatmap.canvas(), event));
    }

    private void scroll(Point2D at, double deltaY) {
        Point2D scene = heatmap.localToScene(at);
        Point2D screen = heatmap.localToScreen(at);
        ScrollEvent event = new ScrollEvent(
                ScrollEvent.SCROLL,
                scene.getX(),
                scene.getY(),
                screen.getX(),
                screen.getY(),
                false,
                false,
                false,
                false,
                false,
                false,
                0,
                deltaY,
                0,
                deltaY,
                ScrollEvent.HorizontalTextScrollUnits.NONE,
                0,
                ScrollEvent.VerticalTextScrollUnits.NONE,
                0,
                0,
                null);
        // waitForFxEvents() below lets it run; the firing itself has nothing to report.
        var unusedFired = WaitForAsyncUtils.asyncFx(() -> Event.fireEvent(heatmap.canvas(), event));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
