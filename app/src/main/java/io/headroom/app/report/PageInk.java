package io.headroom.app.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * What a report page is drawn with: text, filled rectangles and rules, written as PDF content
 * operators. Without a subset it only notes which characters the text uses (the first pass).
 */
final class PageInk {

    private final OutlineFont outlines;
    private final Set<Integer> used;
    private final Type3Subset subset;
    private final StringBuilder ops = new StringBuilder();

    PageInk(OutlineFont outlines, Set<Integer> used, Type3Subset subset) {
        this.outlines = outlines;
        this.used = used;
        this.subset = subset;
    }

    float width(String text, float size) throws IOException {
        return outlines.width(text, size);
    }

    void text(float x, float baseline, float size, Color color, String text) {
        if (subset == null) {
            text.codePoints().forEach(used::add);
            return;
        }
        ops.append("BT\n").append(rgb(color)).append(" rg\n");
        ops.append(n(x)).append(' ').append(n(baseline)).append(" Td\n");
        int font = -1;
        var run = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            Type3Subset.Slot slot = subset.slot(codePoint);
            if (slot.font() != font) {
                flush(run);
                font = slot.font();
                ops.append("/F").append(font).append(' ').append(n(size)).append(" Tf\n");
            }
            run.append(String.format(Locale.ROOT, "%02X", slot.code()));
        }
        flush(run);
        ops.append("ET\n");
    }

    private void flush(StringBuilder run) {
        if (!run.isEmpty()) {
            ops.append('<').append(run).append("> Tj\n");
            run.setLength(0);
        }
    }

    void fill(Color color, float x, float bottom, float width, float height) {
        if (subset == null || width <= 0 || height <= 0) {
            return;
        }
        ops.append(rgb(color)).append(" rg\n");
        ops.append(n(x))
                .append(' ')
                .append(n(bottom))
                .append(' ')
                .append(n(width))
                .append(' ')
                .append(n(height));
        ops.append(" re f\n");
    }

    void line(Color color, float x1, float y1, float x2, float y2) {
        if (subset == null) {
            return;
        }
        ops.append(rgb(color)).append(" RG 0.5 w\n");
        ops.append(n(x1))
                .append(' ')
                .append(n(y1))
                .append(" m ")
                .append(n(x2))
                .append(' ')
                .append(n(y2));
        ops.append(" l S\n");
    }

    byte[] bytes() {
        return ops.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String rgb(Color color) {
        return n(color.getRed() / 255f) + " " + n(color.getGreen() / 255f) + " " + n(color.getBlue() / 255f);
    }

    private static String n(float value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
