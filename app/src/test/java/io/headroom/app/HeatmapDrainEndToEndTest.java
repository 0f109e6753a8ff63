package io.headroom.app;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.themes.Theme;
import io.headroom.views.heatmap.FleetHeatmap;
import io.headroom.views.operations.OperationDialog;
import io.headroom.views.operations.OperationRow;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers picked on the heatmap with a shift-drag are drained from one dialog, as a rack is
 * from the racks page: the real console, its outbox, and the embedded simulator over gRPC.
 * (The headless robot sends no modifier keys with its mouse, so the drag is fired as events
 * at the heatmap's canvas; its real handlers run.)
 */
class HeatmapDrainEndToEndTest {

    @TempDir
    Path profile;
    private ConsoleApp app;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void serversPickedOnTheHeatmapAreDrainedWithOneReasonAsOneOperationPerServer() throws Exception {
        var settings = new ConsoleSettings(List.of(), 512, 42, Theme.LAPTOP_LIGHT, false, Locale.US, null, null, profile);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        app.awaitConsole();
        waitFor(() -> app.live().fleet().layout().nodeCount() == 64, "the simulated inventory");
        FleetLayout layout = app.live().fleet().layout();
        String rack = layout.node(9).rackId();
        List<Integer> rackNodes = java.util.stream.IntStream.range(0, layout.nodeCount())
                .filter(n -> layout.node(n).rackId().equals(rack)).boxed()
                .sorted((a, b) -> Integer.compare(layout.node(b).uPosition(), layout.node(a).uPosition())).toList();
        // The two servers at the top of the rack: adjacent rows of its block.
        int top = rackNodes.get(0);
        int next = rackNodes.get(1);
        List<String> hosts = List.of(layout.node(top).hostname(), layout.node(next).hostname());
        waitFor(() -> hosts.stream().allMatch(h -> app.live().client().channelFor(h).isPresent()), "the agent of the rack");
        waitFor(() -> heatmap().cellCenter(layout.firstGpuSlot(next)) != null, "the heatmap's first paint");

        onFx(() -> {
            FleetHeatmap heatmap = heatmap();
            Point2D from = heatmap.cellCenter(layout.firstGpuSlot(top));
            Point2D to = heatmap.cellCenter(layout.firstGpuSlot(next) + 1);
            fire(heatmap, MouseEvent.MOUSE_PRESSED, from);
            fire(heatmap, MouseEvent.MOUSE_DRAGGED, to);
            fire(heatmap, MouseEvent.MOUSE_RELEASED, to);
            assertThat(heatmap.selectedNodes()).containsExactlyInAnyOrder(top, next);
            Button drain = (Button) heatmap.lookup("#heatmap-drain-selected");
            assertThat(drain.isVisible()).isTrue();
            drain.fire();
            return null;
        });
        OperationDialog dialog = onFx(HeatmapDrainEndToEndTest::openDialog);
        waitFor(() -> ((TextArea) dialog.form().lookup("#operation-plan")).getText().lines().count() == hosts.size(),
                "one planned command per picked server");
        onFx(() -> {
            ((TextArea) dialog.form().lookup("#operation-reason")).setText("move to the new PDU");
            ((Button) dialog.getDialogPane().lookup("#operation-queue")).fire();
            return null;
        });
        waitFor(() -> !dialog.isShowing(), "the dialog to close once every drain is queued");
        waitFor(() -> hosts.stream().allMatch(this::delivered), "a delivered drain for both picked servers");
        assertThat(app.live().operations().recentOperations(50).get().stream()
                .filter(r -> r.reason().equals("move to the new PDU")).map(OperationRow::hostname))
                .containsExactlyInAnyOrderElementsOf(hosts);
    }

    private FleetHeatmap heatmap() {
        return app.view().overview().heatmap();
    }

    private static void fire(FleetHeatmap heatmap, EventType<MouseEvent> type, Point2D at) {
        Canvas canvas = (Canvas) heatmap.getChildrenUnmodifiable().stream().filter(n -> n instanceof Canvas)
                .findFirst().orElseThrow();
        Point2D scene = heatmap.localToScene(at);
        Point2D screen = heatmap.localToScreen(at);
        Event.fireEvent(canvas, new MouseEvent(type, scene.getX(), scene.getY(), screen.getX(), screen.getY(),
                MouseButton.PRIMARY, 1, true, false, false, false, true, false, false, false, false,
                type == MouseEvent.MOUSE_RELEASED, null));
    }

    private boolean delivered(String host) {
        try {
            return app.live().operations().recentOperations(10).get(5, TimeUnit.SECONDS).stream()
                    .anyMatch(r -> r.hostname().equals(host) && r.state().equals("DELIVERED"));
        } catch (Exception e) {
            return false;
        }
    }

    private static OperationDialog openDialog() {
        for (Window window : Window.getWindows()) {
            if (window.getProperties().get(OperationDialog.class) instanceof OperationDialog dialog) {
                return dialog;
            }
        }
        throw new AssertionError("no operation dialog is open");
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }
}
