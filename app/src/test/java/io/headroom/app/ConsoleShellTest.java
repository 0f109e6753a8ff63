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

    private List<String> tabTitles() {
        return robot.lookup(".tab-pane").queryAs(TabPane.class).getTabs().stream()
                .map(t -> t.getText())
                .toList();
    }
}
