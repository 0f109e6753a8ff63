package io.headroom.app.layout;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.app.ConsoleExtension;
import io.headroom.themes.Theme;
import io.headroom.views.shell.ConsoleShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every page of the laptop console at 1280x800, 1600x900, 1920x1080 and 3840x2160 in each theme:
 * no control reaches past the window's edge unless something scrolls it into view, and no
 * label or button cuts its text short ("Colour …"); and no page shows an enum's name, or in
 * Chinese an English sentence of the bundles ({@link ScreenWords}).
 */
class NothingCutOffTest {

    /** {@code -Dlayout.snapshots=true}: also writes each page at each size to target/screenshots, to look at. */
    private static final boolean SNAPSHOTS = Boolean.getBoolean("layout.snapshots");

    private static final int[][] SIZES = {{1280, 800}, {1600, 900}, {1920, 1080}, {3840, 2160}};

    @RegisterExtension
    final ConsoleExtension console =
            ConsoleExtension.onSimulatedFleet(512).locale(Locale.ENGLISH).inMemory();

    @Test
    void noPageIsCutOffAtAnySizeInAnyTheme() throws Exception {
        assertThat(problems(console, "en")).isEmpty();
    }

    /** Every page of this console at every size in every theme; what reaches past the window or is cut short. */
    static List<String> problems(ConsoleExtension console, String language) throws Exception {
        ConsoleShell shell = onFx(console::view);
        waitFor(
                "the inventory",
                () -> shell.overview().tiles().gpuCountProperty().get() == 512);
        List<String> problems = new ArrayList<>();
        ScreenWords words = ScreenWords.in(language);
        // JavaFX's headless screen is 1000x1000 and cannot hold a 4K window: the console is laid
        // out in a scene of each size of its own, off any window, as a window of that size would.
        javafx.scene.Scene window = onFx(shell::getScene);
        onFx(() -> {
            window.setRoot(new javafx.scene.layout.Pane());
            return null;
        });
        for (Theme theme : Theme.values()) {
            for (int[] size : SIZES) {
                javafx.scene.Scene sized = onFx(() -> {
                    javafx.scene.Scene scene = new javafx.scene.Scene(new javafx.scene.layout.Pane(), size[0], size[1]);
                    scene.getStylesheets().setAll(theme.stylesheet());
                    scene.setRoot(shell);
                    return scene;
                });
                int pages = onFx(() -> tabs(shell).getTabs().size());
                for (int page = 0; page < pages; page++) {
                    int shown = page;
                    onFx(() -> {
                        shell.showTab(shown);
                        return null;
                    });
                    // Two pulses: the page is built, then laid out at this size.
                    onFx(() -> {
                        shell.applyCss();
                        shell.layout();
                        return null;
                    });
                    problems.addAll(onFx(() -> {
                        shell.applyCss();
                        shell.layout();
                        String where = language + " " + theme.id() + " " + size[0] + "x" + size[1] + " "
                                + tabs(shell).getTabs().get(shown).getText() + ": ";
                        List<String> found = new ArrayList<>();
                        Bounds edges = new javafx.geometry.BoundingBox(0, 0, size[0], size[1]);
                        check(shell, edges, where, false, found);
                        if (size[0] == SIZES[0][0]) { // the words do not change with the size: read at one
                            found.addAll(words.check(shell, where));
                        }
                        if (SNAPSHOTS) {
                            io.headroom.views.Screenshots.write(
                                    sized.snapshot(null),
                                    "layout-" + language + "-" + theme.id() + "-" + size[0] + "x" + size[1] + "-"
                                            + shown + ".png");
                        }
                        return found;
                    }));
                }
                onFx(() -> {
                    sized.setRoot(new javafx.scene.layout.Pane());
                    return null;
                });
            }
        }
        onFx(() -> {
            window.setRoot(shell);
            return null;
        });
        // Menus, tabs, every page's bar, headers and legends in each theme: far more than this.
        if (words.read() < 500) {
            problems.add(language + ": the words check read only " + words.read() + " texts");
        }
        return problems;
    }

    private static TabPane tabs(ConsoleShell shell) {
        return (TabPane) shell.lookup(".tab-pane");
    }

    /**
     * Walks what is shown, except inside what scrolls (scroll panes, tables, lists: their rows come into view).
     * A table's header row scrolls sideways with its rows (a table too narrow for its columns' header
     * widths gets a horizontal scroll bar): past the edge is fine there, but its headers must not cut
     * their text short. {@code scrolled}: inside such a header row.
     */
    private static void check(Node node, Bounds window, String where, boolean scrolled, List<String> found) {
        if (!node.isVisible() || node.getScene() == null) {
            return;
        }
        if (node instanceof ScrollPane
                || node.getStyleClass().contains("virtual-flow")
                || node.getStyleClass().contains("tab-header-area")) {
            return;
        }
        boolean inHeaderRow = scrolled || node.getStyleClass().contains("column-header-background");
        Bounds bounds = node.localToScene(node.getLayoutBounds());
        if (bounds.getWidth() > 0 && bounds.getHeight() > 0) {
            if (!inHeaderRow && (bounds.getMaxX() > window.getMaxX() + 1 || bounds.getMaxY() > window.getMaxY() + 1)) {
                found.add(where + describe(node) + " reaches " + (int) bounds.getMaxX() + "," + (int) bounds.getMaxY()
                        + " past the window's " + (int) window.getMaxX() + "," + (int) window.getMaxY());
                return; // its children would only say the same again
            }
            // A line cut short whose tooltip holds all of it (the store problem, the history
            // fill on the connection bar) is allowed: the operator points at it to read it.
            if (node instanceof Labeled labeled && labeled.isTextTruncated() && !tooltipHoldsAll(labeled)) {
                found.add(where + describe(node) + " cuts its text short: '" + labeled.getText() + "'");
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                check(child, window, where, inHeaderRow, found);
            }
        }
    }

    private static boolean tooltipHoldsAll(Labeled labeled) {
        return labeled.getTooltip() != null
                && labeled.getTooltip().getText() != null
                && labeled.getTooltip().getText().contains(labeled.getText());
    }

    private static String describe(Node node) {
        String id = node.getId() == null ? "" : "#" + node.getId();
        return node.getClass().getSimpleName() + id + node.getStyleClass();
    }
}
