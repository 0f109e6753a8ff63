package io.headroom.app.report;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/** A PDF's first page as a PNG: the report as a picture, without a window or the JavaFX toolkit (cron). */
public final class PdfPicture {

    /** 144 dpi: an A4 page about 1680 pixels wide, sharp on a screen and in docs. */
    public static final float DPI = 144;

    private PdfPicture() {}

    public static void firstPage(Path pdf, Path png) throws IOException {
        try (var document = Loader.loadPDF(pdf.toFile())) {
            var image = new PDFRenderer(document).renderImageWithDPI(0, DPI, ImageType.RGB);
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IOException("no PNG writer in this Java");
            }
        }
    }
}
