package io.headroom.views.showback;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.report.ReportFormat;
import io.headroom.views.shell.ConsoleShell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.MenuBar;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Showback tab and File → Export report… in a console built with usage history, and none without. */
@ExtendWith(ApplicationExtension.class)
class ShowbackInTheShellTest {

    @TempDir
    Path directory;

    private final TestFleet fleet = TestFleet.of(1, 1, 2, 2, 4, 0);
    private final ConnectionBoard board = new ConnectionBoard(List.of("relay:7443"));
    private ConsoleShell shell;

    @Start
    void start(Stage stage) {
        // The toolkit is all these tests need.
    }

    @AfterEach
    void dispose() throws Exception {
        if (shell != null) {
            onFx(() -> {
                shell.dispose();
                return null;
            });
        }
    }

    private ConsoleShell build(Locale locale, boolean usage) throws Exception {
        return onFx(() -> {
            var builder = ConsoleShell.builder(fleet.state, new IdleClassifier(IdleThresholds.DEFAULTS), board)
                    .locale(locale)
                    .clock(ShowbackScenario.clock());
            if (usage) {
                builder.usage(new ShowbackScenario());
            }
            var built = builder.build();
            new Scene(built, 1200, 700);
            return built;
        });
    }

    @Test
    void theTabTheMenuAndACsvExportInChinese() throws Exception {
        shell = build(Locale.SIMPLIFIED_CHINESE, true);
        assertThat(onFx(() -> tabIds(shell))).contains("tab-showback");
        assertThat(onFx(() -> menuTexts(shell))).contains("文件");
        onFx(() -> {
            shell.showShowback();
            shell.showback().model().reload();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> shell.showback().table().getItems().size())).isEqualTo(28);
        Path csv = directory.resolve("showback.csv");
        Path written = onFx(() -> shell.exportReport(ReportContents.SHOWBACK, ReportFormat.CSV, csv))
                .get(10, TimeUnit.SECONDS);
        String text = Files.readString(written, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF时段,租户,");
        assertThat(text).contains("2026-12-05,notebooks,360.00,60.00,300.00,0.8333,");
        Path png = directory.resolve("overview.png");
        onFx(() -> shell.exportReport(ReportContents.OVERVIEW, ReportFormat.PNG, png))
                .get(10, TimeUnit.SECONDS);
        // The overview brought to the front and laid out, not its size while hidden behind the Showback tab.
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isBetween(1190, 1210);
    }

    @Test
    void withoutUsageThereIsNeitherTabNorFileMenu() throws Exception {
        shell = build(Locale.US, false);
        assertThat(onFx(() -> tabIds(shell))).doesNotContain("tab-showback");
        assertThat(onFx(() -> menuTexts(shell))).doesNotContain("File");
        assertThat(shell.showback()).isNull();
    }

    private static List<String> tabIds(ConsoleShell shell) {
        return ((TabPane) shell.getCenter())
                .getTabs().stream().map(t -> t.getId()).toList();
    }

    private static List<String> menuTexts(ConsoleShell shell) {
        var top = (javafx.scene.layout.BorderPane) shell.getTop();
        return ((MenuBar) top.getTop())
                .getMenus().stream().map(m -> m.getText()).toList();
    }

    private static <T> T onFx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(60, TimeUnit.SECONDS);
    }
}
