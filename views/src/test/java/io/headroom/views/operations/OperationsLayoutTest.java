package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Operations page with a shift's operations, a conflict picked, at 1280x800 to 3840x2160 in
 * each theme and both languages: nothing reaches past the window unless it scrolls into view,
 * and no label or button cuts its text short without a tooltip that holds all of it (the rule
 * the console's layout test applies to every page, here with rows in the tables).
 */
@ExtendWith(ApplicationExtension.class)
class OperationsLayoutTest {

    private static final int[][] SIZES = {{1280, 800}, {1600, 900}, {1920, 1080}, {3840, 2160}};

    @Start
    void start(Stage stage) {
        // Laid out in scenes of each size, off any window.
    }

    @Test
    void nothingIsCutOffAtAnySizeInAnyThemeOrLanguage() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Locale locale : List.of(Locale.US, Locale.SIMPLIFIED_CHINESE)) {
            OperationsView view = WaitForAsyncUtils.asyncFx(() -> {
                        var v = new OperationsView(
                                new Messages(locale),
                                new OperationsScenario.Desk(),
                                Clock.fixed(OperationsScenario.NOW, ZoneOffset.UTC));
                        v.refresh();
                        return v;
                    })
                    .get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            for (Theme theme : Theme.values()) {
                for (int[] size : SIZES) {
                    problems.addAll(WaitForAsyncUtils.asyncFx(() -> {
                                var scene = new Scene(new javafx.scene.layout.Pane(), size[0], size[1]);
                                scene.getStylesheets().setAll(theme.stylesheet());
                                scene.setRoot(view);
                                view.lookup("#operations-table").requestFocus();
                                ((javafx.scene.control.TableView<?>) view.lookup("#operations-table"))
                                        .getSelectionModel()
                                        .select(0);
                                // Twice: the columns fit themselves to what the first layout showed.
                                for (int pass = 0; pass < 2; pass++) {
                                    view.applyCss();
                                    view.layout();
                                }
                                List<String> found = new ArrayList<>();
                                String where = locale + " " + theme.id() + " " + size[0] + "x" + size[1] + ": ";
                                check(view, new BoundingBox(0, 0, size[0], size[1]), where, false, found);
                                scene.setRoot(new javafx.scene.layout.Pane());
                                return found;
                            })
                            .get(20, TimeUnit.SECONDS));
                }
            }
            WaitForAsyncUtils.asyncFx(view::dispose).get(10, TimeUnit.SECONDS);
        }
        assertThat(problems).isEmpty();
    }

    private static void check(Node node, Bounds window, String where, boolean scrolled, List<String> found) {
        if (!node.isVisible() || node.getScene() == null) {
            return;
        }
        if (node instanceof ScrollPane || node.getStyleClass().contains("virtual-flow")) {
            return;
        }
        boolean inHeaderRow = scrolled || node.getStyleClass().contains("column-header-background");
        Bounds bounds = node.localToScene(node.getLayoutBounds());
        if (bounds.getWidth() > 0 && bounds.getHeight() > 0) {
            if (!inHeaderRow && (bounds.getMaxX() > window.getMaxX() + 1 || bounds.getMaxY() > window.getMaxY() + 1)) {
                found.add(where + describe(node) + " reaches " + (int) bounds.getMaxX() + "," + (int) bounds.getMaxY());
                return;
            }
            if (node instanceof Labeled labeled
                    && labeled.isTextTruncated()
                    && (labeled.getTooltip() == null
                            || labeled.getTooltip().getText() == null
                            || !labeled.getTooltip().getText().contains(labeled.getText()))) {
                found.add(where + describe(node) + " cuts its text short: '" + labeled.getText() + "'");
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                check(child, window, where, inHeaderRow, found);
            }
        }
    }

    private static String describe(Node node) {
        String id = node.getId() == null ? "" : "#" + node.getId();
        return node.getClass().getSimpleName() + id + node.getStyleClass();
    }
}
