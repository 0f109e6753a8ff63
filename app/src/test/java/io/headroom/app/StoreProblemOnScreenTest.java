package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.themes.Theme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A damaged store file is moved aside, and the console says so on screen with the file's new name. */
class StoreProblemOnScreenTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.startedByTest().gpus(64).theme(Theme.WALL_DARK);

    @Test
    void aDamagedStoreFileIsNamedInTheStatusBar() throws Exception {
        Path profile = console.profile();
        Files.write(
                profile.resolve("headroom.mv.db"),
                "this is not an H2 database, it is a tea receipt".repeat(200).getBytes(StandardCharsets.UTF_8));
        console.start();

        await("the status bar to say the file was moved aside")
                .atMost(Duration.ofSeconds(20))
                .until(() -> onFx(() -> ((Label) console.view().lookup("#store-problem")).getText())
                        .contains("moved aside"));
        Label bar = onFx(() -> (Label) console.view().lookup("#store-problem"));
        String line = onFx(bar::getText);
        // The bar says it short, with the file's new name first; the tooltip has the whole account.
        String shown = onFx(() -> bar.getTooltip().getText());
        assertThat(shown).startsWith("Local store: The local store could not be read");
        var named = java.util.regex.Pattern.compile("moved aside to (\\S+) and").matcher(shown);
        assertThat(named.find()).as("the new name of the file, in: " + shown).isTrue();
        Path aside = Path.of(named.group(1));
        assertThat(aside.getParent()).isEqualTo(profile);
        assertThat(Files.readString(aside)).as("the damaged file, kept").startsWith("this is not an H2 database");
        assertThat(line)
                .isEqualTo("Local store: damaged file moved aside to " + aside + "; started with an empty store");
    }
}
