package io.headroom.app;

import io.headroom.themes.Theme;
import io.headroom.views.shell.ConsoleShell;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The laptop console on the embedded fleet: from a heatmap cell to its server, and into Chinese. */
class ConsoleShellTest {

    private ConsoleApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void launch() throws Exception {
        var settings = new ConsoleSettings(List.of(), 256, 42, Theme.LAPTOP_LIGHT, false, Locale.ENGLISH, null, null, null);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        app.awaitConsole();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
    }

    @Test
    void clickingAGpuCellOpensItsServer() throws Exception {
        ConsoleShell shell = onFx(() -> app.view());
        waitFor(() -> shell.overview().overview().gpuCountProperty().get() == 256);
        int slot = 37;
        var layout = app.live().fleet().layout();
        String host = layout.node(layout.nodeOfSlot(slot)).hostname();
        var center = onFx(() -> shell.overview().heatmap().localToScreen(shell.overview().heatmap().cellCenter(slot)));

        robot.clickOn(center);

        waitFor(() -> shell.selectedTab() == 2);
        assertThat(onFx(() -> shell.node().model().hostname())).isEqualTo(host);
        waitFor(() -> shell.node().model().found() && !shell.node().model().rows().isEmpty());
    }

    @Test
    void theLanguageMenuRebuildsTheConsoleInChinese() throws Exception {
        ConsoleShell english = onFx(() -> app.view());
        assertThat(onFx(() -> tabTitles())).contains("Overview", "Racks", "Alerts");

        onFx(() -> {
            MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
            Menu view = bar.getMenus().get(1);
            Menu language = (Menu) view.getItems().get(1);
            MenuItem chinese = language.getItems().stream().filter(i -> i.getText().startsWith("中文")).findFirst().orElseThrow();
            chinese.fire();
            return null;
        });

        waitFor(() -> app.view() != english);
        assertThat(onFx(() -> tabTitles())).contains("总览", "机柜", "告警");
    }

    private List<String> tabTitles() {
        return robot.lookup(".tab-pane").queryAs(TabPane.class).getTabs().stream().map(t -> t.getText()).toList();
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(5, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(condition));
    }
}
