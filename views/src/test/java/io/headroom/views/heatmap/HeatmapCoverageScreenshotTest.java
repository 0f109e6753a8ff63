package io.headroom.views.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import io.headroom.views.WallFleet;
import io.headroom.views.overview.OverviewPage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The overview's heatmap uses the space it is given, whatever the fleet and the screen: at
 * 100,000 GPUs the floor (every painted pixel's bounding box) covers at least 80 % of the
 * canvas on a laptop, on the 1600 x 900 default window and on a 4K wall. Before the halls were
 * arranged by the window's shape, four tall halls stood in the middle third of the canvas.
 * Writes the pictures to {@code target/screenshots/}.
 */
@ExtendWith(ApplicationExtension.class)
class HeatmapCoverageScreenshotTest {

    /** What the floor's bounding box must cover of the canvas. */
    private static final double MINIMUM_COVER = 0.8;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    /** The simulator's shape at 100,000 GPUs: 4 halls of 40 rows of 10 racks, 8 nodes of 8 GPUs a rack. */
    private static TestFleet simulated(int rowsPerHall) {
        TestFleet fleet = TestFleet.of(4, rowsPerHall, 10, 8, 8, 0);
        int nodes = fleet.telemetry().layout().nodeCount();
        for (int node = 0; node < nodes; node++) {
            if (node % 7 == 3) {
                fleet.freeIdle(node, WallFleet.NOW);
            } else {
                fleet.busy(node, WallFleet.NOW);
            }
        }
        return fleet;
    }

    @Test
    void aHundredThousandGpusFillALaptop() throws Exception {
        assertCovers(simulated(40), Theme.LAPTOP_LIGHT, 1280, 800, false, "heatmap-100k-laptop.png");
    }

    @Test
    void aHundredThousandGpusFillTheDefaultWindow() throws Exception {
        assertCovers(simulated(40), Theme.LAPTOP_LIGHT, 1600, 900, false, "heatmap-100k-1600x900.png");
    }

    @Test
    void aHundredThousandGpusFillAWall() throws Exception {
        assertCovers(simulated(40), Theme.WALL_DARK, 3840, 2160, true, "heatmap-100k-wall.png");
    }

    @Test
    void tenThousandGpusFillALaptop() throws Exception {
        assertCovers(simulated(4), Theme.LAPTOP_LIGHT, 1280, 800, false, "heatmap-10k-laptop.png");
    }

    @Test
    void anEmptyFleetSaysSoWhereTheFloorWillBe() throws Exception {
        double[] cover = new double[1];
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> {
                    var empty = new io.headroom.core.fleet.FleetState(IdleThresholds.DEFAULTS);
                    OverviewPage view = new OverviewPage(
                            empty,
                            new IdleClassifier(IdleThresholds.DEFAULTS),
                            WallFleet.board(),
                            InstantSource.fixed(Instant.ofEpochMilli(WallFleet.NOW)),
                            Locale.US);
                    Scene scene = new Scene(view, 1280, 800);
                    scene.getStylesheets().setAll(Theme.LAPTOP_LIGHT.stylesheet());
                    stage.setScene(scene);
                    stage.show();
                    view.refreshNow();
                    for (int pass = 0; pass < 2; pass++) {
                        view.applyCss();
                        view.layout();
                    }
                    cover[0] = floorCover(
                            view.heatmap().canvas().snapshot(new SnapshotParameters(), null),
                            view.heatmap().backgroundArgb());
                    WritableImage picture = scene.snapshot(null);
                    view.dispose();
                    return picture;
                })
                .get();
        Screenshots.write(shot, "heatmap-empty-laptop.png");
        assertThat(cover[0]).as("a message on the empty canvas").isGreaterThan(0);
    }

    private void assertCovers(TestFleet fleet, Theme theme, int width, int height, boolean wall, String file)
            throws Exception {
        double[] cover = new double[1];
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> {
                    OverviewPage view = new OverviewPage(
                            fleet.state,
                            new IdleClassifier(IdleThresholds.DEFAULTS),
                            WallFleet.board(),
                            InstantSource.fixed(Instant.ofEpochMilli(WallFleet.NOW)),
                            Locale.US);
                    Scene scene = new Scene(view, width, height);
                    scene.getStylesheets().setAll(theme.stylesheet());
                    if (!wall) {
                        // The headless screen is smaller than a 4K wall: a window that size cannot show, a scene can
                        // still draw.
                        stage.setScene(scene);
                        stage.show();
                    } else {
                        view.showWallPart(1);
                        view.heatmap().setInteractive(false);
                    }
                    view.refreshNow();
                    for (int pass = 0; pass < 2; pass++) {
                        view.applyCss();
                        view.layout();
                    }
                    Canvas canvas = view.heatmap().canvas();
                    WritableImage cells = canvas.snapshot(new SnapshotParameters(), null);
                    cover[0] = floorCover(cells, view.heatmap().backgroundArgb());
                    WritableImage picture = scene.snapshot(null);
                    view.dispose();
                    return picture;
                })
                .get();
        Screenshots.write(shot, file);
        System.out.printf("%s: the floor covers %.1f %% of the canvas%n", file, 100 * cover[0]);
        assertThat(cover[0])
                .as("share of the %d x %d canvas the floor covers", width, height)
                .isGreaterThanOrEqualTo(MINIMUM_COVER);
    }

    /** The bounding box of every pixel not in the background colour, over the image's area. */
    static double floorCover(WritableImage image, int background) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        PixelReader reader = image.getPixelReader();
        int left = width;
        int right = -1;
        int top = height;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (reader.getArgb(x, y) != background) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            return 0;
        }
        return (double) (right - left + 1) * (bottom - top + 1) / ((double) width * height);
    }
}
