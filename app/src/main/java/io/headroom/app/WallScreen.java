package io.headroom.app;

import javafx.animation.PauseTransition;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall display takes the whole screen. Full screen is asked for; a bare X server with no
 * window manager (as many wall kiosks run) does not grant it, and the window would stay a
 * 1600x900 rectangle in the middle of a 4K screen: then the window is sized to the screen.
 *
 * <p>Whether it was granted shows in the window's size once the window system has answered
 * (the full-screen flag alone says what was asked, not what was done), so the check runs a
 * moment after the window opens.
 */
final class WallScreen {

    private static final Logger log = LoggerFactory.getLogger(WallScreen.class);
    private static final Duration ANSWER_TIME = Duration.millis(750);

    private WallScreen() {}

    static void coverWhenFullScreenRefused(Stage stage) {
        var wait = new PauseTransition(ANSWER_TIME);
        wait.setOnFinished(e -> cover(stage));
        wait.play();
    }

    private static void cover(Stage stage) {
        Rectangle2D bounds = screenOf(stage).getBounds();
        if (stage.getWidth() >= bounds.getWidth() && stage.getHeight() >= bounds.getHeight()) {
            return;
        }
        log.info(
                "full screen was not granted (no window manager?): sizing the wall window to the screen, {}x{}",
                (int) bounds.getWidth(),
                (int) bounds.getHeight());
        stage.setFullScreen(false);
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setWidth(bounds.getWidth());
        stage.setHeight(bounds.getHeight());
    }

    private static Screen screenOf(Stage stage) {
        var screens = Screen.getScreensForRectangle(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        return screens.isEmpty() ? Screen.getPrimary() : screens.getFirst();
    }
}
