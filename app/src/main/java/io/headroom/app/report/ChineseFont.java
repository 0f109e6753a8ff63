package io.headroom.app.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;

/**
 * Finds a font that renders Chinese for PDF reports: Noto Sans CJK (Debian's fonts-noto-cjk,
 * which the console's package recommends), its Simplified Chinese face taken from the
 * collection. When none is found, the message names every place it looked.
 */
public final class ChineseFont {

    /** {@code HEADROOM_REPORT_FONT}: a .ttf, .otf or .ttc to use instead (for a machine with another CJK font). */
    public static final String ENVIRONMENT = "HEADROOM_REPORT_FONT";

    static final List<Path> PLACES = List.of(
            Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
            Path.of("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
            Path.of("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
            Path.of("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
            Path.of("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"),
            Path.of("/System/Library/Fonts/PingFang.ttc"),
            Path.of("C:\\Windows\\Fonts\\msyh.ttc"));

    /** The face wanted in a collection: Simplified Chinese first. */
    static final List<String> FACES =
            List.of("NotoSansCJKsc-Regular", "NotoSansCJKSC-Regular", "PingFangSC-Regular", "MicrosoftYaHei");

    private ChineseFont() {}

    /** The font file to use; the exception says what was looked for, and where. */
    public static Path find() throws IOException {
        return find(System.getenv(ENVIRONMENT), PLACES);
    }

    static Path find(String configured, List<Path> places) throws IOException {
        if (configured != null && !configured.isBlank()) {
            Path file = Path.of(configured.strip());
            if (Files.isReadable(file)) {
                return file;
            }
            throw new IOException(ENVIRONMENT + " names " + file + ", which cannot be read");
        }
        for (Path place : places) {
            if (Files.isReadable(place)) {
                return place;
            }
        }
        List<String> looked = new ArrayList<>();
        places.forEach(p -> looked.add(p.toString()));
        throw new IOException("no font that renders Chinese: looked for Noto Sans CJK (install fonts-noto-cjk) at "
                + String.join(", ", looked) + "; or set " + ENVIRONMENT + " to a CJK .ttf/.otf/.ttc");
    }

    /**
     * The Simplified Chinese face of a collection (or the one face of a single font file). The
     * caller closes the collection when the document is written; the face is valid until then.
     */
    static Face open(Path file) throws IOException {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
            return new Face(
                    null,
                    new org.apache.fontbox.ttf.TTFParser()
                            .parse(new org.apache.pdfbox.io.RandomAccessReadBufferedFile(file.toFile())));
        }
        var collection = new TrueTypeCollection(file.toFile());
        for (String name : FACES) {
            TrueTypeFont face = collection.getFontByName(name);
            if (face != null) {
                return new Face(collection, face);
            }
        }
        List<String> names = new ArrayList<>();
        collection.processAllFonts(font -> names.add(font.getName()));
        collection.close();
        throw new IOException(file + " holds no Simplified Chinese face (looked for " + String.join(", ", FACES)
                + "; it has " + String.join(", ", names) + ")");
    }

    /** A face and the collection it lives in (null for a single font file). */
    record Face(TrueTypeCollection collection, TrueTypeFont font) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (collection != null) {
                collection.close();
            } else {
                font.close();
            }
        }
    }
}
