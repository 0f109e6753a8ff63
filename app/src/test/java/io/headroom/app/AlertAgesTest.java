package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.AlertKind;
import io.headroom.views.shell.ConsoleShell;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * An alert's "For" age counts from when the console first saw it, whatever the operator does in
 * between: switching language (which rebuilds every page) or theme. On the simulated fleet's
 * hardware faults (XIDs, ECC errors, GPUs off the bus), which last an hour or more, so that the
 * same alerts are open before and after.
 */
class AlertAgesTest {

    /** Faults the simulator keeps for an hour or more: open before and after the switch. */
    private static final Set<AlertKind> LASTING =
            Set.of(AlertKind.CRITICAL_XID, AlertKind.ECC_UNCORRECTABLE, AlertKind.GPU_MISSING);

    /** 2048 GPUs: about five faulted at any moment (seed 42). */
    @RegisterExtension
    final ConsoleExtension console =
            ConsoleExtension.onSimulatedFleet(2048).locale(Locale.ENGLISH).inMemory();

    private final FxRobot robot = new FxRobot();

    @Test
    void switchingLanguageOrThemeKeepsEveryAlertsAge() throws Exception {
        ConsoleShell english = onFx(console::view);
        waitFor(
                "hardware faults on the simulated fleet",
                () -> !onFx(() -> lasting(english)).isEmpty());
        Map<String, Long> since = onFx(() -> lasting(english));
        // Old enough that an age counted afresh would show.
        Thread.sleep(2_500);

        onFx(() -> {
            Menu language = (Menu) viewMenu().getItems().get(1);
            language.getItems().stream()
                    .filter(i -> i.getText().startsWith("中文"))
                    .findFirst()
                    .orElseThrow()
                    .fire();
            return null;
        });
        waitFor("the console rebuilt in Chinese", () -> console.view() != english);
        ConsoleShell chinese = onFx(console::view);
        waitFor(
                "the faults in Chinese",
                () -> onFx(() -> lasting(chinese)).keySet().containsAll(since.keySet()));
        assertThat(onFx(() -> lasting(chinese))).containsAllEntriesOf(since);

        onFx(() -> {
            Menu theme = (Menu) viewMenu().getItems().get(0);
            theme.getItems().stream()
                    .filter(i -> "theme-wall-dark".equals(i.getId()))
                    .findFirst()
                    .orElseThrow()
                    .fire();
            return null;
        });
        waitFor(
                "the dark theme",
                () -> onFx(() -> chinese.getScene().getStylesheets().getFirst().endsWith("wall-dark.css")));
        Thread.sleep(1_100); // the list refreshes at most once a second
        assertThat(onFx(console::view)).isSameAs(chinese);
        assertThat(onFx(() -> lasting(chinese))).containsAllEntriesOf(since);
    }

    /** Each open hardware-fault incident's key and since when it has been raised, as the list has it. */
    private static Map<String, Long> lasting(ConsoleShell shell) {
        var since = new HashMap<String, Long>();
        shell.alerts().model().rows().stream()
                .filter(row -> LASTING.contains(row.incident().cause().kind()))
                .forEach(row -> since.put(row.incident().key(), row.incident().firstSeenMillis()));
        return since;
    }

    private Menu viewMenu() {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        return bar.getMenus().stream()
                .filter(m -> "menu-view".equals(m.getId()))
                .findFirst()
                .orElseThrow();
    }
}
