package io.headroom.app.gallery;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A gallery picture as a small PNG, losslessly: opaque (the window has no transparency), with a
 * palette when the picture has 256 colours or fewer, deflated as hard as the JDK's writer goes.
 * The same pixels always give the same bytes.
 */
final class GalleryPng {

    private GalleryPng() {}

    /** The snapshot's pixels, opaque. Any thread once the snapshot is taken. */
    static BufferedImage pixels(WritableImage image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        PixelReader reader = image.getPixelReader();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            reader.getPixels(0, y, width, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, width);
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    /**
     * {@code over} drawn on {@code page} with its top-left corner at (x, y), framed by a one-pixel
     * grey line so that a dialog or a list stands out on a page of the same colour: how a window
     * or popup above the console looks.
     */
    static BufferedImage overlay(BufferedImage page, BufferedImage over, int x, int y) {
        BufferedImage out = new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(page, 0, 0, null);
            g.drawImage(over, x, y, null);
            g.setColor(new Color(0x80, 0x80, 0x80));
            g.drawRect(x - 1, y - 1, over.getWidth() + 1, over.getHeight() + 1);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes {@code image} to {@code file} (its folders made as needed). */
    static void write(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        BufferedImage smallest = withPalette(image);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.0f); // the strongest deflate
            }
            Files.deleteIfExists(file);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(smallest, null, null), param);
            }
        } finally {
            writer.dispose();
        }
    }

    /** The same picture with a palette when it has at most 256 colours; otherwise itself. Lossless either way. */
    static BufferedImage withPalette(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        int[] colours =
                Arrays.stream(rgb).map(c -> c & 0xFFFFFF).distinct().sorted().toArray();
        if (colours.length > 256) {
            return image;
        }
        byte[] r = new byte[colours.length];
        byte[] gr = new byte[colours.length];
        byte[] b = new byte[colours.length];
        for (int i = 0; i < colours.length; i++) {
            r[i] = (byte) (colours[i] >> 16);
            gr[i] = (byte) (colours[i] >> 8);
            b[i] = (byte) colours[i];
        }
        int bits = colours.length <= 2 ? 1 : colours.length <= 4 ? 2 : colours.length <= 16 ? 4 : 8;
        var model = new IndexColorModel(bits, colours.length, r, gr, b);
        BufferedImage indexed = new BufferedImage(
                width, height, bits == 8 ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_BYTE_BINARY, model);
        var raster = indexed.getRaster();
        int[] index = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                index[x] = Arrays.binarySearch(colours, rgb[y * width + x] & 0xFFFFFF);
            }
            raster.setPixels(0, y, width, 1, index);
        }
        return indexed;
    }
}
