package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.views.heatmap.FleetHeatmap;
import io.headroom.views.operations.OperationDialog;
import io.headroom.views.operations.OperationRow;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Servers picked on the heatmap with a shift-drag are drained from one dialog, as a rack is
 * from the racks page: the real console, its outbox, and the embedded simulator over gRPC.
 * (The headless robot sends no modifier keys with its mouse, so the drag is fired as events
 * at the heatmap's canvas; its real handlers run.)
 */
class HeatmapDrainEndToEndTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.onSimulatedFleet(512);

    @Test
    void serversPickedOnTheHeatmapAreDrainedWithOneReasonAsOneOperationPerServer() throws Exception {
        waitFor("the simulated inventory", () -> console.live().fleet().layout().nodeCount() == 64);
        FleetLayout layout = console.live().fleet().layout();
        String rack = layout.node(9).rackId();
        List<Integer> rackNodes = java.util.stream.IntStream.range(0, layout.nodeCount())
                .filter(n -> layout.node(n).rackId().equals(rack))
                .boxed()
                .sorted((a, b) -> Integer.compare(
                        layout.node(b).uPosition(), layout.node(a).uPosition()))
                .toList();
        // The two servers at the top of the rack: adjacent rows of its block.
        int top = rackNodes.get(0);
        int next = rackNodes.get(1);
        List<String> hosts =
                List.of(layout.node(top).hostname(), layout.node(next).hostname());
        waitFor(
                "the agent of the rack",
                () -> hosts.stream()
                        .allMatch(h -> console.live().client().channelFor(h).isPresent()));
        waitFor("the heatmap's first paint", () -> heatmap().cellCenter(layout.firstGpuSlot(next)) != null);

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
        OperationDialog dialog = onFx(ConsoleExtension::openDialog);
        waitFor(
                "one planned command per picked server",
                () -> ((TextArea) dialog.form().lookup("#operation-plan"))
                                .getText()
                                .lines()
                                .count()
                        == hosts.size());
        onFx(() -> {
            ((TextArea) dialog.form().lookup("#operation-reason")).setText("move to the new PDU");
            ((Button) dialog.getDialogPane().lookup("#operation-queue")).fire();
            return null;
        });
        waitFor("the dialog to close once every drain is queued", () -> !dialog.isShowing());
        waitFor(
                "a delivered drain for both picked servers",
                () -> hosts.stream().allMatch(this::delivered));
        assertThat(console.live().operations().recentOperations(50).get().stream()
                        .filter(r -> r.reason().equals("move to the new PDU"))
                        .map(OperationRow::hostname))
                .containsExactlyInAnyOrderElementsOf(hosts);
    }

    private FleetHeatmap heatmap() {
        return console.view().overview().heatmap();
    }

    private static void fire(FleetHeatmap heatmap, EventType<MouseEvent> type, Point2D at) {
        Canvas canvas = (Canvas) heatmap.getChildrenUnmodifiable().stream()
                .filter(n -> n instanceof Canvas)
                .findFirst()
                .orElseThrow();
        Point2D scene = heatmap.localToScene(at);
        Point2D screen = heatmap.localToScreen(at);
        Event.fireEvent(
                canvas,
                new MouseEvent(
                        type,
                        scene.getX(),
                        scene.getY(),
                        screen.getX(),
                        screen.getY(),
                        MouseButton.PRIMARY,
                        1,
                        true,
                        false,
                        false,
                        false,
                        true,
                        false,
                        false,
                        false,
                        false,
                        type == MouseEvent.MOUSE_RELEASED,
                        null));
    }

    private boolean delivered(String host) {
        try {
            return console.live().operations().recentOperations(10).get(5, TimeUnit.SECONDS).stream()
                    .anyMatch(r -> r.hostname().equals(host) && r.state().equals("DELIVERED"));
        } catch (Exception e) {
            return false;
        }
    }
}
