package io.headroom.app;

import io.headroom.themes.Theme;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A damaged store file is moved aside, and the console says so on screen with the file's new name. */
class StoreProblemOnScreenTest {

    @TempDir
    Path profile;
    private ConsoleApp app;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void aDamagedStoreFileIsNamedInTheStatusBar() throws Exception {
        Files.write(profile.resolve("headroom.mv.db"), "this is not an H2 database, it is a tea receipt".repeat(200).getBytes());
        var settings = new ConsoleSettings(List.of(), 64, 42, Theme.WALL_DARK, false, Locale.US, null, null, profile);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        app.awaitConsole();

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                ((Label) app.view().lookup("#store-problem")).getText()).get().contains("moved aside"));
        Label bar = WaitForAsyncUtils.asyncFx(() -> (Label) app.view().lookup("#store-problem")).get();
        String line = WaitForAsyncUtils.asyncFx(bar::getText).get();
        // The bar says it short, with the file's new name first; the tooltip has the whole account.
        String shown = WaitForAsyncUtils.asyncFx(() -> bar.getTooltip().getText()).get();
        assertThat(shown).startsWith("Local store: The local store could not be read");
        var named = java.util.regex.Pattern.compile("moved aside to (\\S+) and").matcher(shown);
        assertThat(named.find()).as("the new name of the file, in: " + shown).isTrue();
        Path aside = Path.of(named.group(1));
        assertThat(aside.getParent()).isEqualTo(profile);
        assertThat(Files.readString(aside)).as("the damaged file, kept").startsWith("this is not an H2 database");
        assertThat(line).isEqualTo("Local store: damaged file moved aside to " + aside + "; started with an empty store");
    }
}
