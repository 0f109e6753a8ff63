package io.headroom.views.showback;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * A picture of a page as a PNG file: the snapshot and its pixels are taken on the FX thread
 * ({@link #of}), the file is encoded and written on any other ({@link #write}).
 */
public final class PngFile {

    private final int width;
    private final int height;
    private final int[] argb;

    private PngFile(int width, int height, int[] argb) {
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    /** FX thread: the node as it is drawn now. */
    public static PngFile of(Node node) {
        WritableImage image = node.snapshot(null, null);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return new PngFile(width, height, argb);
    }

    /** Any thread but the FX thread. */
    public void write(Path file) throws IOException {
        var buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        buffered.setRGB(0, 0, width, height, argb, 0, width);
        try (var out = Files.newOutputStream(file)) {
            if (!ImageIO.write(buffered, "png", out)) {
                throw new IOException("no PNG writer in this Java");
            }
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
