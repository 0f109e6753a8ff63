package io.headroom.app.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType3Font;

/**
 * The characters a page uses, drawn from a font's outlines as Type 3 fonts of up to 255 glyphs
 * each, with a ToUnicode map so the text can be searched, copied and extracted. Only the glyphs
 * used go into the file: a page of Chinese is tens of kilobytes, not the font's megabytes.
 */
final class Type3Subset {

    private static final int PER_FONT = 255;

    /** Where one character is: its font's index and its one-byte code there. */
    record Slot(int font, int code) {}

    private final List<PDType3Font> fonts = new ArrayList<>();
    private final Map<Integer, Slot> slots = new LinkedHashMap<>();

    Type3Subset(PDDocument document, OutlineFont outlines, SortedSet<Integer> codePoints) throws IOException {
        List<Integer> all = new ArrayList<>(codePoints);
        for (int start = 0; start < all.size(); start += PER_FONT) {
            List<Integer> mine = all.subList(start, Math.min(all.size(), start + PER_FONT));
            fonts.add(font(document, outlines, mine));
            for (int i = 0; i < mine.size(); i++) {
                slots.put(mine.get(i), new Slot(fonts.size() - 1, i + 1));
            }
        }
    }

    List<PDType3Font> fonts() {
        return fonts;
    }

    Slot slot(int codePoint) {
        Slot slot = slots.get(codePoint);
        if (slot == null) {
            throw new IllegalStateException("character U+" + Integer.toHexString(codePoint) + " was not collected");
        }
        return slot;
    }

    private static PDType3Font font(PDDocument document, OutlineFont outlines, List<Integer> codePoints)
            throws IOException {
        var font = new COSDictionary();
        font.setItem(COSName.TYPE, COSName.FONT);
        font.setItem(COSName.SUBTYPE, COSName.TYPE3);
        font.setItem(COSName.FONT_BBOX, numbers(-1000, -1000, 2000, 2000));
        font.setItem(COSName.FONT_MATRIX, numbers(0.001, 0, 0, 0.001, 0, 0));
        var procs = new COSDictionary();
        var differences = new COSArray();
        differences.add(COSInteger.ONE);
        var widths = new COSArray();
        for (int i = 0; i < codePoints.size(); i++) {
            int codePoint = codePoints.get(i);
            String name = "g" + Integer.toHexString(codePoint);
            float advance = outlines.advance(codePoint);
            // d1: the glyph is a shape only; the text's fill colour paints it.
            String glyph = String.format(Locale.ROOT, "%.1f 0 -1000 -1000 2000 2000 d1\n", advance)
                    + outlines.outline(codePoint);
            procs.setItem(COSName.getPDFName(name), stream(document, glyph));
            differences.add(COSName.getPDFName(name));
            widths.add(new COSFloat(advance));
        }
        font.setItem(COSName.CHAR_PROCS, procs);
        var encoding = new COSDictionary();
        encoding.setItem(COSName.TYPE, COSName.ENCODING);
        encoding.setItem(COSName.DIFFERENCES, differences);
        font.setItem(COSName.ENCODING, encoding);
        font.setInt(COSName.FIRST_CHAR, 1);
        font.setInt(COSName.LAST_CHAR, codePoints.size());
        font.setItem(COSName.WIDTHS, widths);
        font.setItem(COSName.RESOURCES, new COSDictionary());
        font.setItem(COSName.TO_UNICODE, stream(document, toUnicode(codePoints)));
        return new PDType3Font(font);
    }

    private static String toUnicode(List<Integer> codePoints) {
        var cmap = new StringBuilder();
        cmap.append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
                .append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
                .append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
                .append("1 begincodespacerange\n<00> <FF>\nendcodespacerange\n");
        for (int start = 0; start < codePoints.size(); start += 100) {
            List<Integer> block = codePoints.subList(start, Math.min(codePoints.size(), start + 100));
            cmap.append(block.size()).append(" beginbfchar\n");
            for (int i = 0; i < block.size(); i++) {
                var utf16 = new StringBuilder();
                for (char c : Character.toChars(block.get(i))) {
                    utf16.append(String.format(Locale.ROOT, "%04X", (int) c));
                }
                cmap.append(String.format(Locale.ROOT, "<%02X> <%s>\n", start + i + 1, utf16));
            }
            cmap.append("endbfchar\n");
        }
        cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.toString();
    }

    private static COSStream stream(PDDocument document, String content) throws IOException {
        COSStream stream = document.getDocument().createCOSStream();
        try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(content.getBytes(StandardCharsets.US_ASCII));
        }
        return stream;
    }

    private static COSArray numbers(double... values) {
        var array = new COSArray();
        for (double value : values) {
            array.add(new COSFloat((float) value));
        }
        return array;
    }
}
