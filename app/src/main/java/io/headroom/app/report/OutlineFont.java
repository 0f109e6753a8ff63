package io.headroom.app.report;

import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;
import java.io.IOException;
import java.util.Locale;
import org.apache.fontbox.cff.CFFCIDFont;
import org.apache.fontbox.cff.CFFFont;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.GlyphData;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TrueTypeFont;

/**
 * A font's glyphs as outlines and advances in thousandths of an em, whether the font draws them
 * with TrueType curves or CFF ones. Noto Sans CJK is CFF, which PDFBox 3.0 can neither subset nor
 * embed whole from a collection; {@link Type3Subset} draws its outlines instead.
 */
final class OutlineFont {

    private final TrueTypeFont face;
    private final CmapLookup cmap;
    private final double scale;
    private final CFFFont cff;

    OutlineFont(TrueTypeFont face) throws IOException {
        this.face = face;
        this.cmap = face.getUnicodeCmapLookup();
        this.scale = 1000.0 / face.getUnitsPerEm();
        this.cff = face instanceof OpenTypeFont otf && otf.isPostScript()
                ? otf.getCFF().getFont()
                : null;
    }

    int glyph(int codePoint) {
        return cmap.getGlyphId(codePoint);
    }

    /** The advance in thousandths of an em; a character the font lacks takes its .notdef's. */
    float advance(int codePoint) throws IOException {
        return (float) (face.getAdvanceWidth(glyph(codePoint)) * scale);
    }

    float width(String text, float size) throws IOException {
        float total = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            total += advance(codePoint);
            i += Character.charCount(codePoint);
        }
        return total / 1000 * size;
    }

    /** The glyph's outline as PDF path operators in thousandths of an em, filled (non-zero). */
    String outline(int codePoint) throws IOException {
        GeneralPath path = path(glyph(codePoint));
        var ops = new StringBuilder();
        if (path == null) {
            return "";
        }
        double[] c = new double[6];
        double lastX = 0;
        double lastY = 0;
        for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
            switch (it.currentSegment(c)) {
                case PathIterator.SEG_MOVETO -> {
                    ops.append(n(c[0])).append(' ').append(n(c[1])).append(" m\n");
                    lastX = c[0];
                    lastY = c[1];
                }
                case PathIterator.SEG_LINETO -> {
                    ops.append(n(c[0])).append(' ').append(n(c[1])).append(" l\n");
                    lastX = c[0];
                    lastY = c[1];
                }
                case PathIterator.SEG_QUADTO -> {
                    // A quadratic as the cubic it equals: control points two thirds of the way.
                    double x1 = lastX + 2.0 / 3 * (c[0] - lastX);
                    double y1 = lastY + 2.0 / 3 * (c[1] - lastY);
                    double x2 = c[2] + 2.0 / 3 * (c[0] - c[2]);
                    double y2 = c[3] + 2.0 / 3 * (c[1] - c[3]);
                    ops.append(n(x1))
                            .append(' ')
                            .append(n(y1))
                            .append(' ')
                            .append(n(x2))
                            .append(' ')
                            .append(n(y2))
                            .append(' ')
                            .append(n(c[2]))
                            .append(' ')
                            .append(n(c[3]))
                            .append(" c\n");
                    lastX = c[2];
                    lastY = c[3];
                }
                case PathIterator.SEG_CUBICTO -> {
                    ops.append(n(c[0]))
                            .append(' ')
                            .append(n(c[1]))
                            .append(' ')
                            .append(n(c[2]))
                            .append(' ')
                            .append(n(c[3]))
                            .append(' ')
                            .append(n(c[4]))
                            .append(' ')
                            .append(n(c[5]))
                            .append(" c\n");
                    lastX = c[4];
                    lastY = c[5];
                }
                default -> ops.append("h\n");
            }
        }
        if (!ops.isEmpty()) {
            ops.append("f\n");
        }
        return ops.toString();
    }

    private GeneralPath path(int gid) throws IOException {
        if (cff instanceof CFFCIDFont cid) {
            return cid.getType2CharString(cid.getCharset().getCIDForGID(gid)).getPath();
        }
        if (cff != null) {
            return cff.getType2CharString(gid).getPath();
        }
        GlyphData glyph = face.getGlyph().getGlyph(gid);
        return glyph == null ? null : glyph.getPath();
    }

    private String n(double fontUnits) {
        return String.format(Locale.ROOT, "%.1f", fontUnits * scale);
    }
}
