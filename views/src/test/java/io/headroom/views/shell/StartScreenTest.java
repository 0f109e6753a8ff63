package io.headroom.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The first thing the window shows is the start screen painted in the theme: its first frame is
 * the theme's background with the product's name on it, and the scene's own fill (what shows
 * where the root has not reached, as a window grows to full screen) is that colour too, never
 * JavaFX's white. The theme's colour is read from its stylesheet, the one place it is written.
 */
@ExtendWith(ApplicationExtension.class)
class StartScreenTest {

    private static final Pattern BACKGROUND = Pattern.compile("-hr-bg:\\s*(#[0-9a-fA-F]{6})\\s*;");

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void hide() throws Exception {
        onFx(() -> {
            stage.hide();
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void theFirstFrameIsTheStartScreenInTheThemesBackground(Theme theme) throws Exception {
        Color background = backgroundOf(theme);
        Scene scene = onFx(() -> {
            var shown = new Scene(new StartScreen(new Messages(Locale.SIMPLIFIED_CHINESE)), 800, 450);
            shown.getStylesheets().setAll(theme.stylesheet());
            WindowBackground.follow(shown);
            stage.setScene(shown);
            stage.show();
            return shown;
        });
        WritableImage first = onFx(() -> scene.snapshot(null));

        assertThat(onFx(scene::getFill)).as("the scene's own fill").isEqualTo(background);
        double share = shareOf(first, background);
        assertThat(share).as("of the frame in the theme's background").isGreaterThan(0.9);
        assertThat(share).as("the rest: the product's name and \"正在打开控制台…\"").isLessThan(0.999);
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void theFillFollowsAThemeSwitchAndANewRoot(Theme theme) throws Exception {
        Theme other = theme == Theme.LAPTOP_LIGHT ? Theme.WALL_DARK : Theme.LAPTOP_LIGHT;
        Scene scene = onFx(() -> {
            var shown = new Scene(new StartScreen(new Messages(Locale.US)), 400, 300);
            shown.getStylesheets().setAll(other.stylesheet());
            WindowBackground.follow(shown);
            stage.setScene(shown);
            stage.show();
            return shown;
        });
        WaitForAsyncUtils.waitForFxEvents();

        onFx(() -> {
            scene.getStylesheets().setAll(theme.stylesheet());
            scene.setRoot(new StartScreen(new Messages(Locale.US)));
            return null;
        });
        onFx(() -> scene.snapshot(null)); // a pulse: the CSS pass styles the new root

        assertThat(onFx(scene::getFill)).isEqualTo(backgroundOf(theme));
    }

    /** The theme's -hr-bg, as its stylesheet writes it. */
    private static Color backgroundOf(Theme theme) throws Exception {
        try (InputStream css = URI.create(theme.stylesheet()).toURL().openStream()) {
            var matcher = BACKGROUND.matcher(new String(css.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(matcher.find()).as("-hr-bg in %s", theme.stylesheet()).isTrue();
            return Color.web(matcher.group(1));
        }
    }

    private static double shareOf(WritableImage image, Color color) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int argb = 0xff000000
                | (int) Math.round(color.getRed() * 255) << 16
                | (int) Math.round(color.getGreen() * 255) << 8
                | (int) Math.round(color.getBlue() * 255);
        var reader = image.getPixelReader();
        long same = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (reader.getArgb(x, y) == argb) {
                    same++;
                }
            }
        }
        return same / (double) (width * height);
    }

    private static <T> T onFx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }
}
