package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the Operations page in each theme and in Chinese, a conflict picked; in each, the
 * short columns (time, server, who, state, attempts, next try) show their whole text.
 */
@ExtendWith(ApplicationExtension.class)
class OperationsScreenshotTest {

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @Test
    void wallDark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, 1600, 900, "operations-wall-dark.png");
    }

    @Test
    void laptopLight() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.US, 1600, 900, "operations-laptop-light.png");
    }

    @Test
    void highContrast() throws Exception {
        shoot(Theme.HIGH_CONTRAST, Locale.US, 1600, 900, "operations-high-contrast.png");
    }

    @Test
    void laptopLightInChinese() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.SIMPLIFIED_CHINESE, 1600, 900, "operations-laptop-light-zh-CN.png");
    }

    @Test
    void wallDarkOnTheSmallestLaptop() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, 1280, 800, "operations-wall-dark-1280x800.png");
    }

    private static void shoot(Theme theme, Locale locale, int width, int height, String file) throws Exception {
        var desk = new OperationsScenario.Desk();
        OperationsView view = WaitForAsyncUtils.asyncFx(() -> {
                    var v = new OperationsView(
                            new Messages(locale), desk, Clock.fixed(OperationsScenario.NOW, ZoneOffset.UTC));
                    v.refresh();
                    return v;
                })
                .get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> cut = new ArrayList<>();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    WritableImage first = Screenshots.snapshot(view, theme, width, height, v -> {
                        @SuppressWarnings("unchecked")
                        var table = (TableView<OperationLine>) v.lookup("#operations-table");
                        table.getSelectionModel().select(0);
                    });
                    // The columns fit themselves to what the first layout showed: one more pass, then the picture.
                    view.applyCss();
                    view.layout();
                    WritableImage shot = view.getScene().snapshot(null);
                    cut.addAll(cutShort(view.lookup("#operations-table")));
                    cut.addAll(cutShort(view.lookup("#audit-table")));
                    view.dispose();
                    return first == null ? null : shot;
                })
                .get(20, TimeUnit.SECONDS);
        Screenshots.write(image, file);
        assertThat(cut).as("short columns cut short in " + file).isEmpty();
    }

    /** Cells of the short columns whose shown text is not their whole text ("Conflic…"). */
    private static List<String> cutShort(Node table) {
        List<String> found = new ArrayList<>();
        for (Node node : table.lookupAll(".table-cell")) {
            if (node instanceof TableCell<?, ?> cell
                    && cell.getText() != null
                    && !cell.getText().isEmpty()
                    && cell.getTooltip() == null // the long columns carry their whole text in a tooltip
                    && cell.lookup(".text") instanceof Text shown
                    && !shown.getText().equals(cell.getText())) {
                found.add(cell.getTableColumn().getText() + ": " + shown.getText());
            }
        }
        return found;
    }
}
