package io.headroom.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import io.headroom.views.WallFleet;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import javafx.event.Event;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the Overview page at 1600 x 900 with a 10,240-GPU fleet in each theme and writes PNGs
 * to {@code target/screenshots/} for people to look at. It asserts only what a picture
 * needs to be worth looking at: every GPU on screen, in cells big enough to see.
 */
@ExtendWith(ApplicationExtension.class)
class OverviewPageScreenshotTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        // TilesFX lays a tile's skin out only while the tile is in a showing window.
        this.stage = stage;
    }

    @Test
    void wallDark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, "overview-wall-dark.png", false);
        shoot(Theme.WALL_DARK, Locale.US, "overview-wall-dark-hover.png", true);
    }

    @Test
    void laptopLight() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.US, "overview-laptop-light.png", true);
    }

    @Test
    void highContrast() throws Exception {
        shoot(Theme.HIGH_CONTRAST, Locale.US, "overview-high-contrast.png", false);
    }

    @Test
    void heatmapByUtilizationZoomedIn() throws Exception {
        shootHeatmap(
                Theme.WALL_DARK,
                Locale.US,
                "heatmap-utilization-wall-dark.png",
                heatmap -> {
                    heatmap.setColouring(io.headroom.views.heatmap.Colouring.UTILIZATION);
                },
                3);
    }

    @Test
    void heatmapByTemperatureInChinese() throws Exception {
        shootHeatmap(
                Theme.LAPTOP_LIGHT,
                Locale.SIMPLIFIED_CHINESE,
                "heatmap-temperature-laptop-light-zh-CN.png",
                heatmap -> heatmap.setColouring(io.headroom.views.heatmap.Colouring.TEMPERATURE),
                0);
    }

    /** The heatmap alone, as the Overview page holds it, with its controls, zoomed {@code zoomSteps} levels in. */
    private void shootHeatmap(
            Theme theme,
            Locale locale,
            String file,
            java.util.function.Consumer<io.headroom.views.heatmap.FleetHeatmap> prepare,
            int zoomSteps)
            throws Exception {
        TestFleet fleet = WallFleet.build();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    OverviewPage view = new OverviewPage(
                            fleet.state,
                            new IdleClassifier(IdleThresholds.DEFAULTS),
                            WallFleet.board(),
                            InstantSource.fixed(Instant.ofEpochMilli(WallFleet.NOW)),
                            locale);
                    Scene scene = new Scene(view, 1600, 900);
                    scene.getStylesheets().setAll(theme.stylesheet());
                    stage.setScene(scene);
                    stage.show();
                    view.refreshNow();
                    view.applyCss();
                    view.layout();
                    prepare.accept(view.heatmap());
                    var canvas = view.heatmap().getChildrenUnmodifiable().stream()
                            .filter(n -> n instanceof Canvas)
                            .findFirst()
                            .orElseThrow();
                    for (int i = 0; i < zoomSteps; i++) {
                        Point2D at = canvas.localToScene(
                                canvas.getLayoutBounds().getWidth() * 0.3,
                                canvas.getLayoutBounds().getHeight() * 0.4);
                        Event.fireEvent(
                                canvas,
                                new javafx.scene.input.ScrollEvent(
                                        javafx.scene.input.ScrollEvent.SCROLL,
                                        at.getX(),
                                        at.getY(),
                                        at.getX(),
                                        at.getY(),
                                        false,
                                        false,
                                        false,
                                        false,
                                        false,
                                        false,
                                        0,
                                        40,
                                        0,
                                        40,
                                        javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE,
                                        0,
                                        javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE,
                                        0,
                                        0,
                                        null));
                    }
                    view.refreshNow();
                    view.applyCss();
                    view.layout();
                    WritableImage shot = scene.snapshot(null);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }

    @Test
    void aHundredThousandGpus() throws Exception {
        shoot(WallFleet.build(8, 10, 40), Theme.WALL_DARK, Locale.US, "overview-100k-wall-dark.png", false, 2);
    }

    private void shoot(Theme theme, Locale locale, String file, boolean hover) throws Exception {
        shoot(WallFleet.build(), theme, locale, file, hover, 4);
    }

    private void shoot(TestFleet fleet, Theme theme, Locale locale, String file, boolean hover, int minimumCell)
            throws Exception {
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(WallFleet.NOW));
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    OverviewPage view = new OverviewPage(
                            fleet.state, new IdleClassifier(IdleThresholds.DEFAULTS), WallFleet.board(), clock, locale);
                    Scene scene = new Scene(view, 1600, 900);
                    scene.getStylesheets().setAll(theme.stylesheet());
                    stage.setScene(scene);
                    stage.show();
                    if (minimumCell < 4) {
                        view.heatmap()
                                .setInteractive(false); // as on the wall, where 100,000 GPUs must fit without zooming
                    }
                    view.refreshNow();
                    // Twice: TilesFX skins place their content from size listeners during the first pass.
                    for (int pass = 0; pass < 2; pass++) {
                        view.applyCss();
                        view.layout();
                    }
                    if (hover) {
                        pointAt(view, heldIdleSlot(fleet));
                    }
                    int[] cell = view.heatmap().cellSize();
                    assertThat(Math.min(cell[0], cell[1])).as("cell size").isGreaterThanOrEqualTo(minimumCell);
                    assertThat(view.heatmap()
                                    .cellCenter(fleet.telemetry().layout().gpuCount() - 1))
                            .isNotNull();
                    WritableImage shot = scene.snapshot(null);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }

    /** A held-idle GPU in the reserved block of hall 1 row C, the kind an operator would point at. */
    // The telemetry keeps GPU states as bytes holding IdleState ordinals; the test reads them as the view does.
    @SuppressWarnings("EnumOrdinal")
    private static int heldIdleSlot(TestFleet fleet) {
        FleetLayout layout = fleet.telemetry().layout();
        byte[] states = FleetSummary.of(fleet.telemetry(), new IdleClassifier(IdleThresholds.DEFAULTS), WallFleet.NOW)
                .gpuStates();
        int first = layout.firstGpuSlot(layout.nodeIndex("gpu-h1-c09-n1"));
        for (int slot = first; slot < layout.gpuCount(); slot++) {
            if (states[slot] == IdleState.HELD_IDLE.ordinal()) {
                return slot + Math.min(5, layout.endGpuSlot(layout.nodeOfSlot(slot)) - slot - 1);
            }
        }
        return first;
    }

    private static void pointAt(OverviewPage view, int slot) {
        Point2D centre = view.heatmap().cellCenter(slot);
        Canvas canvas = (Canvas) view.heatmap().getChildrenUnmodifiable().stream()
                .filter(n -> n instanceof Canvas)
                .findFirst()
                .orElseThrow();
        // A synthetic event takes scene coordinates; the canvas handler receives them made local.
        Point2D scene = canvas.localToScene(canvas.parentToLocal(centre));
        Event.fireEvent(
                canvas,
                new MouseEvent(
                        MouseEvent.MOUSE_MOVED,
                        scene.getX(),
                        scene.getY(),
                        scene.getX(),
                        scene.getY(),
                        MouseButton.NONE,
                        0,
                        false,
                        false,
                        false,
                        false,
                        false,
                        false,
                        false,
                        false,
                        false,
                        false,
                        null));
        view.layout();
    }
}
