package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.views.shell.ConsoleShell;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/** The laptop console on the embedded fleet: from a heatmap cell to its server, and into Chinese. */
class ConsoleShellTest {

    @RegisterExtension
    final ConsoleExtension console =
            ConsoleExtension.onSimulatedFleet(256).locale(Locale.ENGLISH).inMemory();

    private final FxRobot robot = new FxRobot();

    @Test
    void clickingAGpuCellOpensItsServer() throws Exception {
        ConsoleShell shell = onFx(console::view);
        waitFor(
                "the 256 GPUs of the inventory",
                () -> shell.overview().tiles().gpuCountProperty().get() == 256);
        int slot = 37;
        var layout = console.live().fleet().layout();
        String host = layout.node(layout.nodeOfSlot(slot)).hostname();
        var center = onFx(() -> shell.overview()
                .heatmap()
                .localToScreen(shell.overview().heatmap().cellCenter(slot)));

        robot.clickOn(center);

        waitFor("the server page", () -> shell.selectedTab() == 2);
        assertThat(onFx(() -> shell.node().model().hostname())).isEqualTo(host);
        waitFor(
                "the server's rows",
                () -> shell.node().model().found()
                        && !shell.node().model().rows().isEmpty());
    }

    @Test
    void theLanguageMenuRebuildsTheConsoleInChinese() throws Exception {
        ConsoleShell english = onFx(console::view);
        assertThat(onFx(() -> tabTitles())).contains("Overview", "Racks", "Alerts");

        onFx(() -> {
            MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
            Menu view = bar.getMenus().stream()
                    .filter(m -> m.getText().equals("View"))
                    .findFirst()
                    .orElseThrow();
            Menu language = (Menu) view.getItems().get(1);
            MenuItem chinese = language.getItems().stream()
                    .filter(i -> i.getText().startsWith("中文"))
                    .findFirst()
                    .orElseThrow();
            chinese.fire();
            return null;
        });

        waitFor("the console rebuilt in Chinese", () -> console.view() != english);
        assertThat(onFx(() -> tabTitles())).contains("总览", "机柜", "告警");
    }

    @Test
    void switchingLanguageKeepsThePageTheServerAndTheSearch() throws Exception {
        ConsoleShell english = onFx(console::view);
        waitFor(
                "the inventory",
                () -> english.overview().tiles().gpuCountProperty().get() == 256);
        String host = console.live().fleet().layout().node(5).hostname();
        onFx(() -> {
            english.openNode(5);
            robot.lookup("#search-field")
                    .queryAs(javafx.scene.control.TextField.class)
                    .setText("h1-a0");
            return null;
        });
        waitFor("the server page", () -> onFx(english::selectedTab) == 2);

        onFx(() -> {
            MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
            Menu language = (Menu) viewMenu(bar).getItems().get(1);
            language.getItems().stream()
                    .filter(i -> i.getText().startsWith("中文"))
                    .findFirst()
                    .orElseThrow()
                    .fire();
            return null;
        });

        waitFor("the console rebuilt in Chinese", () -> console.view() != english);
        ConsoleShell chinese = onFx(console::view);
        assertThat(onFx(chinese::selectedTab)).isEqualTo(2);
        assertThat(onFx(() -> chinese.node().model().hostname())).isEqualTo(host);
        assertThat(onFx(() -> robot.lookup("#search-field")
                        .queryAs(javafx.scene.control.TextField.class)
                        .getText()))
                .isEqualTo("h1-a0");
        clearSearch();
    }

    @Test
    void theViewMenuChecksTheThemeTheWindowWears() throws Exception {
        onFx(console::view);
        boolean checked = onFx(() -> {
            MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
            Menu view = viewMenu(bar);
            Menu theme = (Menu) view.getItems().get(0);
            theme.getOnShowing().handle(null);
            return theme.getItems().stream()
                    .filter(i -> "theme-laptop-light".equals(i.getId()))
                    .map(i -> ((javafx.scene.control.RadioMenuItem) i).isSelected())
                    .findFirst()
                    .orElseThrow();
        });
        assertThat(checked).isTrue();
    }

    @Test
    void everyAdvertisedShortcutDoesWhatTheGoMenuSays() throws Exception {
        ConsoleShell shell = onFx(console::view);
        waitFor(
                "the window",
                () -> onFx(() ->
                        shell.getScene() != null && shell.getScene().getWindow().isShowing()));
        List<MenuItem> go = onFx(() -> robot.lookup(".menu-bar").queryAs(MenuBar.class).getMenus().stream()
                .filter(m -> "menu-go".equals(m.getId()))
                .findFirst()
                .orElseThrow()
                .getItems());
        List<String> tabs = onFx(this::tabTitles);
        // Every page is in the Go menu with its shortcut, in tab order: one table drives both.
        for (int i = 0; i < tabs.size(); i++) {
            MenuItem item = go.get(i);
            assertThat(item.getText()).isEqualTo(tabs.get(i));
            assertThat(item.getAccelerator()).isNotNull();
            assertThat(item.getAccelerator().getName()).endsWith("+" + (i + 1));
        }
        assertThat(go.stream().map(MenuItem::getId)).contains("menu-find", "menu-quit");

        for (int i = tabs.size() - 1; i >= 0; i--) {
            int page = i;
            robot.press(javafx.scene.input.KeyCode.SHORTCUT, digit(i + 1))
                    .release(digit(i + 1), javafx.scene.input.KeyCode.SHORTCUT);
            waitFor("Ctrl+" + (page + 1) + " shows " + tabs.get(page), () -> onFx(shell::selectedTab) == page);
        }

        robot.press(javafx.scene.input.KeyCode.SHORTCUT, javafx.scene.input.KeyCode.F)
                .release(javafx.scene.input.KeyCode.F, javafx.scene.input.KeyCode.SHORTCUT);
        waitFor(
                "the caret in the search field",
                () -> onFx(() -> shell.getScene().getFocusOwner() instanceof javafx.scene.control.TextField));
        robot.write("gpu-");
        waitFor(
                "typed text in the search field",
                () -> onFx(() -> ((javafx.scene.control.TextField)
                                        shell.getScene().getFocusOwner())
                                .getText())
                        .equals("gpu-"));
        clearSearch();
    }

    /** The suggestion popup closed before the stage is: TestFX's clean-up otherwise trips over it. */
    private void clearSearch() throws Exception {
        onFx(() -> {
            robot.lookup("#search-field")
                    .queryAs(javafx.scene.control.TextField.class)
                    .setText("");
            return null;
        });
    }

    private static javafx.scene.input.KeyCode digit(int n) {
        return javafx.scene.input.KeyCode.getKeyCode(String.valueOf(n));
    }

    private static Menu viewMenu(MenuBar bar) {
        return bar.getMenus().stream()
                .filter(m -> "menu-view".equals(m.getId()))
                .findFirst()
                .orElseThrow();
    }

    private List<String> tabTitles() {
        return robot.lookup(".tab-pane").queryAs(TabPane.class).getTabs().stream()
                .map(t -> t.getText())
                .toList();
    }
}
