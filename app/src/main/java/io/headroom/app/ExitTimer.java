package io.headroom.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --exit-after} and {@code --snapshot}: quits after a while, first saving a picture of
 * the window. Used for smoke tests after install and for the screenshots in README.md and docs/.
 */
final class ExitTimer {

    private static final Logger log = LoggerFactory.getLogger(ExitTimer.class);

    private final java.time.Duration after;
    private final Path snapshot;
    private final Scene scene;

    ExitTimer(java.time.Duration after, Path snapshot, Scene scene) {
        this.after = after;
        this.snapshot = snapshot;
        this.scene = scene;
    }

    void start() {
        var pause = new PauseTransition(Duration.millis((double) after.toMillis()));
        pause.setOnFinished(e -> {
            if (snapshot != null) {
                save(scene.snapshot(null));
            }
            ConsoleApp.exit();
        });
        pause.play();
    }

    private void save(WritableImage image) {
        try {
            Path parent = snapshot.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", snapshot.toFile());
            log.info("saved a picture of the console to {}", snapshot.toAbsolutePath());
        } catch (IOException e) {
            log.error("could not save the picture to {}: {}", snapshot.toAbsolutePath(), e.getMessage());
        }
    }
}
