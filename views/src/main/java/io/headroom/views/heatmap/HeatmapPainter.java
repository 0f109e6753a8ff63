package io.headroom.views.heatmap;

import io.headroom.themes.MetricScale;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Fills the heatmap's one int buffer, the canvas's size, with the part of the plan the
 * viewport shows. The backdrop (background and rack frames) is painted only when the
 * geometry, theme or view moves; a frame overwrites just the cells on screen, so its cost
 * is one pass over the GPUs plus the pixels shown, whatever the zoom.
 */
final class HeatmapPainter {

    private int[] pixels = new int[0];
    private int width;
    private int height;
    private int offsetX;
    private int offsetY;

    int[] pixels() {
        return pixels;
    }

    /** Paints background and rack frames for the view of {@code width} x {@code height} at plan pixel (ox, oy). */
    void paintBackdrop(HeatmapGeometry geometry, int background, int rack, int ox, int oy, int width, int height) {
        this.width = width;
        this.height = height;
        this.offsetX = ox;
        this.offsetY = oy;
        if (pixels.length != width * height) {
            pixels = new int[width * height];
        }
        Arrays.fill(pixels, background);
        for (int block = 0; block < geometry.blockX.length; block++) {
            fill(
                    geometry.blockX[block] - ox,
                    geometry.blockY[block] - oy,
                    geometry.blockWidth,
                    geometry.blockHeight,
                    rack);
        }
    }

    /**
     * @param colours  per GPU slot, the colour to paint
     * @param hatches  per GPU slot, the colour of diagonal stripes over it, or 0 for none (stale cells)
     * @param selected nodes picked for an operation: their cells get a frame in {@code selectionArgb}
     * @param highlighted GPU slots of the workload picked on the Idle holders page: a thick outline in
     *                    {@code highlightArgb}
     */
    void paintCells(
            HeatmapGeometry geometry,
            int[] colours,
            int[] hatches,
            BitSet selected,
            int selectionArgb,
            BitSet highlighted,
            int highlightArgb) {
        int cellWidth = geometry.cellWidth - geometry.separator;
        int cellHeight = geometry.cellHeight - geometry.separator;
        int count = Math.min(colours.length, geometry.slotX.length);
        boolean framed = !selected.isEmpty();
        boolean outlined = !highlighted.isEmpty();
        var layout = geometry.plan.layout;
        for (int slot = 0; slot < count; slot++) {
            if (geometry.slotX[slot] < 0) {
                continue;
            }
            int x = geometry.slotX[slot] - offsetX;
            int y = geometry.slotY[slot] - offsetY;
            if (x >= width || y >= height || x + cellWidth <= 0 || y + cellHeight <= 0) {
                continue;
            }
            if (hatches[slot] != 0 && cellWidth >= 3 && cellHeight >= 3) {
                paintHatched(x, y, cellWidth, cellHeight, colours[slot], hatches[slot]);
            } else {
                fill(x, y, cellWidth, cellHeight, colours[slot]);
            }
            if (framed && selected.get(layout.nodeOfSlot(slot))) {
                frame(x, y, cellWidth, cellHeight, colours[slot], selectionArgb);
            }
            if (outlined && highlighted.get(slot)) {
                outline(x, y, cellWidth, cellHeight, colours[slot], highlightArgb);
            }
        }
    }

    /** A selected cell: a frame in the selection colour when the cell is big enough, else the whole cell. */
    private void frame(int x, int y, int w, int h, int colour, int selection) {
        if (w < 4 || h < 4) {
            fill(x, y, w, h, MetricScale.blend(colour, selection, 0.6));
            return;
        }
        fill(x, y, w, 1, selection);
        fill(x, y + h - 1, w, 1, selection);
        fill(x, y, 1, h, selection);
        fill(x + w - 1, y, 1, h, selection);
    }

    /** A highlighted cell: two pixels of outline when the cell is big enough, else the highlight colour mixed in. */
    private void outline(int x, int y, int w, int h, int colour, int highlight) {
        if (w < 6 || h < 6) {
            fill(x, y, w, h, MetricScale.blend(colour, highlight, 0.75));
            return;
        }
        fill(x, y, w, 2, highlight);
        fill(x, y + h - 2, w, 2, highlight);
        fill(x, y, 2, h, highlight);
        fill(x + w - 2, y, 2, h, highlight);
    }

    /** Diagonal stripes anchored to the plan, so a stale rack reads as one hatched area, never as live. */
    private void paintHatched(int x, int y, int w, int h, int colour, int hatch) {
        fill(x, y, w, h, colour);
        for (int row = Math.max(0, y); row < Math.min(height, y + h); row++) {
            for (int column = Math.max(0, x); column < Math.min(width, x + w); column++) {
                if (((column + offsetX + row + offsetY) & 3) == 0) {
                    pixels[row * width + column] = hatch;
                }
            }
        }
    }

    /** Fills a rectangle given in view pixels, clipped to the view. */
    private void fill(int x, int y, int w, int h, int colour) {
        int left = Math.max(0, x);
        int top = Math.max(0, y);
        int right = Math.min(width, x + w);
        int bottom = Math.min(height, y + h);
        if (right <= left) {
            return;
        }
        for (int row = top; row < bottom; row++) {
            Arrays.fill(pixels, row * width + left, row * width + right, colour);
        }
    }
}
