package io.headroom.app.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery's PNGs lose nothing: a palette only where it holds every colour, the same bytes for the same pixels. */
class GalleryPngTest {

    @TempDir
    Path dir;

    @Test
    void aPictureOfFewColoursGetsAPaletteAndReadsBackPixelForPixel() throws Exception {
        BufferedImage few = picture(200);
        Path file = dir.resolve("few.png");
        GalleryPng.write(few, file);

        BufferedImage read = ImageIO.read(file.toFile());
        assertThat(read.getColorModel()).isInstanceOf(IndexColorModel.class);
        assertSamePixels(read, few);
    }

    @Test
    void aPictureOfManyColoursStaysTrueColourAndReadsBackPixelForPixel() throws Exception {
        BufferedImage many = picture(5_000);
        Path file = dir.resolve("many.png");
        GalleryPng.write(many, file);

        BufferedImage read = ImageIO.read(file.toFile());
        assertThat(read.getColorModel()).isNotInstanceOf(IndexColorModel.class);
        assertSamePixels(read, many);
    }

    @Test
    void theSamePixelsGiveTheSameBytes() throws Exception {
        Path first = dir.resolve("first.png");
        Path second = dir.resolve("second.png");
        GalleryPng.write(picture(300), first);
        GalleryPng.write(picture(300), second);

        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void anOverlayIsDrawnWhereAskedWithAFrame() {
        BufferedImage page = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        BufferedImage over = new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 10; x++) {
                over.setRGB(x, y, 0x123456);
            }
        }
        BufferedImage out = GalleryPng.overlay(page, over, 5, 6);

        assertThat(out.getRGB(5, 6) & 0xFFFFFF).isEqualTo(0x123456);
        assertThat(out.getRGB(14, 13) & 0xFFFFFF).isEqualTo(0x123456);
        assertThat(out.getRGB(4, 5) & 0xFFFFFF).as("the frame").isEqualTo(0x808080);
        assertThat(out.getRGB(30, 25) & 0xFFFFFF).as("the page").isZero();
    }

    /** 100 x 60 pixels in {@code colours} distinct colours. */
    private static BufferedImage picture(int colours) {
        BufferedImage image = new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 100; x++) {
                int colour = (y * 100 + x) % colours;
                image.setRGB(x, y, colour * 2_654_435 & 0xFFFFFF);
            }
        }
        return image;
    }

    private static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(actual.getRGB(x, y) & 0xFFFFFF)
                        .as("pixel %d,%d", x, y)
                        .isEqualTo(expected.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }
}
