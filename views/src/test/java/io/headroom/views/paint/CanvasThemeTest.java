package io.headroom.views.paint;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.idle.IdleState;
import io.headroom.themes.Palette;
import io.headroom.themes.Theme;
import io.headroom.views.DeclaredColours;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The one reader of the palette: what it reads is what the theme's stylesheet declares, and a switch is seen. */
@ExtendWith(ApplicationExtension.class)
class CanvasThemeTest {

    private final AtomicInteger changes = new AtomicInteger();
    private CanvasTheme theme;
    private Scene scene;

    @Start
    void start(Stage stage) {
        theme = new CanvasTheme(changes::incrementAndGet);
        // Deep in styled containers, as in the views: colours must come from the root, not the parent.
        StackPane styled = new StackPane(new VBox(theme));
        styled.getStyleClass().add("hr-heatmap");
        scene = new Scene(styled, 200, 100);
        scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void everyColourIsWhatTheThemeDeclaresAfterEverySwitch(FxRobot robot) {
        assertDeclared(Theme.WALL_DARK);
        for (Theme shown : new Theme[] {Theme.LAPTOP_LIGHT, Theme.HIGH_CONTRAST, Theme.WALL_DARK}) {
            int before = changes.get();
            robot.interact(() -> {
                scene.getStylesheets().setAll(shown.stylesheet());
                scene.getRoot().applyCss();
            });
            assertDeclared(shown);
            assertThat(changes.get())
                    .as("owner told of the switch to %s", shown.id())
                    .isGreaterThan(before);
        }
    }

    private void assertDeclared(Theme shown) {
        for (Palette colour : Palette.values()) {
            assertThat(theme.color(colour))
                    .as("%s in %s", colour, shown.id())
                    .isEqualTo(DeclaredColours.of(shown, colour));
            assertThat(theme.argb(colour))
                    .as("%s in %s", colour, shown.id())
                    .isEqualTo(DeclaredColours.argb(shown, colour));
        }
    }

    @Test
    // CanvasTheme.stateArgb() is a flat array indexed by IdleState ordinal (the paint path reads it per cell).
    @SuppressWarnings("EnumOrdinal")
    void eachStateHasItsColourAndTheScaleRunsFromTheFirstStopToTheLast() {
        for (IdleState state : IdleState.values()) {
            assertThat(theme.state(state))
                    .as(state.name())
                    .isEqualTo(DeclaredColours.of(Theme.WALL_DARK, Palette.valueOf(state.name())));
            assertThat(theme.stateArgb()[state.ordinal()])
                    .isEqualTo(DeclaredColours.argb(Theme.WALL_DARK, Palette.valueOf(state.name())));
        }
        assertThat(theme.scale().argb(0, 0, 1)).isEqualTo(DeclaredColours.argb(Theme.WALL_DARK, Palette.SCALE_0));
        assertThat(theme.scale().argb(1, 0, 1)).isEqualTo(DeclaredColours.argb(Theme.WALL_DARK, Palette.SCALE_8));
    }

    @Test
    void beforeAnyCssEveryColourIsTransparent() {
        CanvasTheme unstyled = new CanvasTheme(() -> {});
        for (Palette colour : Palette.values()) {
            assertThat(unstyled.color(colour)).isEqualTo(Color.TRANSPARENT);
        }
    }
}
