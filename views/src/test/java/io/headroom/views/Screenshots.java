package io.headroom.views;

import io.headroom.themes.Theme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** PNGs of views for people to look at, under {@code target/screenshots/}. FX thread for {@link #snapshot}. */
public final class Screenshots {

    public static final Path DIRECTORY = Path.of("target", "screenshots");

    private Screenshots() {}

    /** Lays the view out in a scene of the given size and theme, lets {@code ready} prepare it, and takes the picture. */
    public static <T extends Parent> WritableImage snapshot(
            T view, Theme theme, int width, int height, Consumer<T> ready) {
        Scene scene = new Scene(view, width, height);
        scene.getStylesheets().setAll(theme.stylesheet());
        view.applyCss();
        view.layout();
        ready.accept(view);
        view.applyCss();
        view.layout();
        return scene.snapshot(null);
    }

    public static void write(WritableImage image, String file) throws IOException {
        Files.createDirectories(DIRECTORY);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader reader = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                buffered.setRGB(x, y, reader.getArgb(x, y));
            }
        }
        ImageIO.write(buffered, "png", DIRECTORY.resolve(file).toFile());
    }
}
