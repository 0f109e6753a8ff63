package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextArea;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The drain dialog in every theme, as the operator sees it: what is typed in the reason box
 * and what the plan box says must stand out from their backgrounds (high contrast once drew
 * them black on black). Pictures under target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class OperationDialogThemesTest {

    @Start
    void start(Stage stage) {}

    @ParameterizedTest
    @EnumSource(Theme.class)
    void theReasonAndThePlanAreReadableInEveryTheme(Theme theme) throws Exception {
        WritableImage[] shot = new WritableImage[1];
        Bounds[] reasonBox = new Bounds[1];
        WaitForAsyncUtils.asyncFx(() -> {
                    var gpu = new Accelerator(
                            "GPU-0", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 0, false, List.of());
                    var node = new Node(
                            "gpu-c07",
                            "SN7",
                            "rack-3",
                            5,
                            4,
                            "infer",
                            "",
                            SchedulerState.ALLOCATED,
                            3,
                            1000,
                            List.of(gpu));
                    var form = new OperationForm(new OperationFormViewModel(
                            new Messages(Locale.US),
                            new QuietDesk(),
                            OperationKind.DRAIN,
                            List.of(new OperationTarget(node, 3)),
                            "",
                            Clock.systemUTC(),
                            Platform::runLater));
                    var pane = new DialogPane();
                    pane.getStyleClass().add("hr-dialog");
                    pane.setContent(form);
                    shot[0] = Screenshots.snapshot(pane, theme, 640, 480, p -> {
                        var reason = (TextArea) form.lookup("#operation-reason");
                        reason.setText("WWWW MMMM reason typed by the technician");
                        ((TextArea) form.lookup("#operation-plan"))
                                .setText("scontrol update nodename=gpu-c07 state=drain");
                    });
                    reasonBox[0] = form.lookup("#operation-reason")
                            .localToScene(form.lookup("#operation-reason").getBoundsInLocal());
                    Screenshots.write(shot[0], "operation-dialog-" + theme.id() + ".png");
                    return null;
                })
                .get(10, TimeUnit.SECONDS);

        assertThat(bestContrastInside(shot[0], reasonBox[0]))
                .as("text against the reason box in %s", theme.id())
                .isGreaterThanOrEqualTo(4.5);
    }

    /** The highest contrast between the box's background (its most common colour) and any pixel inside it. */
    private static double bestContrastInside(WritableImage image, Bounds box) {
        PixelReader pixels = image.getPixelReader();
        var counts = new java.util.HashMap<Integer, Integer>();
        int x0 = (int) box.getMinX() + 4;
        int x1 = (int) Math.min(image.getWidth(), box.getMaxX()) - 4;
        int y0 = (int) box.getMinY() + 4;
        int y1 = (int) Math.min(image.getHeight(), box.getMaxY()) - 4;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                counts.merge(pixels.getArgb(x, y) & 0xFFFFFF, 1, Integer::sum);
            }
        }
        int background = counts.entrySet().stream()
                .max(java.util.Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        double best = 1;
        for (int colour : counts.keySet()) {
            best = Math.max(best, contrast(colour, background));
        }
        return best;
    }

    private static double contrast(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int rgb) {
        return 0.2126 * channel((rgb >> 16) & 0xFF)
                + 0.7152 * channel((rgb >> 8) & 0xFF)
                + 0.0722 * channel(rgb & 0xFF);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
