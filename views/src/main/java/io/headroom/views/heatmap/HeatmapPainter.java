package io.headroom.views.heatmap;

import io.headroom.themes.MetricScale;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Fills the heatmap's one int buffer, the canvas's size, with the part of the plan the
 * viewport shows. The backdrop (background and rack frames) is painted only when the
 * geometry, theme or view moves; a frame overwrites just the cells on screen whose colour
 * changed since they were last painted, so its cost is one pass over the GPUs plus the
 * pixels that change: at a million GPUs repainting every cell took 14 to 17 ms a frame, most
 * of them rewriting the colour already there. Colours worked out against the ones painted
 * last (on the feed's worker, {@link CellColourWork}) say which cells changed, and only those
 * are visited. The rectangle that changed is kept for the upload ({@link #dirtyX()} and the
 * others).
 */
final class HeatmapPainter {

    private int[] pixels = new int[0];
    private int width;
    private int height;
    private int offsetX;
    private int offsetY;
    /** Per GPU slot, the colour and stripes its cell has in the buffer now; valid only while {@link #fresh} is false. */
    private int[] paintedColours = new int[0];

    private int[] paintedHatches = new int[0];
    /** The generation of the {@link CellColours} painted last: its colours are on screen. */
    private long paintedGeneration = CellColours.NONE;
    /** The backdrop was just painted over every cell: all of them must be painted again. */
    private boolean fresh = true;
    /** The last paint framed or outlined cells: the next must repaint them all, to take frames away too. */
    private boolean decorated;

    private int dirtyLeft;
    private int dirtyTop;
    private int dirtyRight;
    private int dirtyBottom;

    int[] pixels() {
        return pixels;
    }

    /** Left edge of the rectangle the last {@link #paintCells} changed, in view pixels. */
    int dirtyX() {
        return dirtyLeft;
    }

    int dirtyY() {
        return dirtyTop;
    }

    /** Width of the changed rectangle; 0 when the last paint changed no pixel. */
    int dirtyWidth() {
        return Math.max(0, dirtyRight - dirtyLeft);
    }

    int dirtyHeight() {
        return Math.max(0, dirtyBottom - dirtyTop);
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
        fresh = true;
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
     * Paints the cells whose colour changed since the last call (all of them after a backdrop or with a pick).
     * When {@code cells} were worked out against the colours painted last, only the cells they list as changed
     * are visited; otherwise every GPU's colour is compared with the one it was painted in.
     *
     * @param cells    per GPU slot, the colour to paint and the colour of diagonal stripes over it, or 0 for none
     *                 (stale cells)
     * @param selected nodes picked for an operation: their cells get a frame in {@code selectionArgb}
     * @param highlighted GPU slots of the workload picked on the Idle holders page: a thick outline in
     *                    {@code highlightArgb}
     * @return whether any pixel changed (the backdrop, painted before, counts as a change)
     */
    boolean paintCells(
            HeatmapGeometry geometry,
            CellColours cells,
            BitSet selected,
            int selectionArgb,
            BitSet highlighted,
            int highlightArgb) {
        int[] colours = cells.colours();
        int count = Math.min(colours.length, geometry.slotX.length);
        boolean framed = !selected.isEmpty();
        boolean outlined = !highlighted.isEmpty();
        boolean all = fresh || decorated || framed || outlined || paintedColours.length != count;
        boolean changed = fresh;
        if (paintedColours.length != count) {
            paintedColours = new int[count];
            paintedHatches = new int[count];
        }
        dirtyLeft = all ? 0 : width;
        dirtyTop = all ? 0 : height;
        dirtyRight = all ? width : 0;
        dirtyBottom = all ? height : 0;
        if (!all && paintedGeneration != CellColours.NONE && cells.generation() == paintedGeneration) {
            return false; // painted already (a pick, a hover or a theme asked for the paint, not new colours)
        }
        if (!all && cells.basedOn() != CellColours.NONE && cells.basedOn() == paintedGeneration) {
            // The cells on screen are generation basedOn's: only those it lists changed.
            int[] list = cells.changed();
            for (int i = 0, end = cells.changedCount(); i < end; i++) {
                int slot = list[i];
                if (slot < count) {
                    changed |= paintCell(
                            geometry, cells, slot, false, selected, selectionArgb, highlighted, highlightArgb);
                }
            }
        } else {
            for (int slot = 0; slot < count; slot++) {
                changed |= paintCell(geometry, cells, slot, all, selected, selectionArgb, highlighted, highlightArgb);
            }
        }
        paintedGeneration = cells.generation();
        fresh = false;
        decorated = framed || outlined;
        return changed;
    }

    /** Paints one GPU's cell unless {@code all} is false and it shows this colour already; whether a pixel changed. */
    private boolean paintCell(
            HeatmapGeometry geometry,
            CellColours cells,
            int slot,
            boolean all,
            BitSet selected,
            int selectionArgb,
            BitSet highlighted,
            int highlightArgb) {
        int colour = cells.colours()[slot];
        int hatch = cells.hatches()[slot];
        if (!all && colour == paintedColours[slot] && hatch == paintedHatches[slot]) {
            return false; // the commonest case by far: the cell already shows this colour
        }
        paintedColours[slot] = colour;
        paintedHatches[slot] = hatch;
        if (geometry.slotX[slot] < 0) {
            return false;
        }
        int cellWidth = geometry.cellWidth - geometry.separator;
        int cellHeight = geometry.cellHeight - geometry.separator;
        int x = geometry.slotX[slot] - offsetX;
        int y = geometry.slotY[slot] - offsetY;
        if (x >= width || y >= height || x + cellWidth <= 0 || y + cellHeight <= 0) {
            return false;
        }
        if (!all) {
            dirtyLeft = Math.min(dirtyLeft, Math.max(0, x));
            dirtyTop = Math.min(dirtyTop, Math.max(0, y));
            dirtyRight = Math.max(dirtyRight, Math.min(width, x + cellWidth));
            dirtyBottom = Math.max(dirtyBottom, Math.min(height, y + cellHeight));
        }
        if (hatch != 0 && cellWidth >= 3 && cellHeight >= 3) {
            paintHatched(x, y, cellWidth, cellHeight, colour, hatch);
        } else {
            fill(x, y, cellWidth, cellHeight, colour);
        }
        if (!selected.isEmpty() && selected.get(geometry.plan.layout.nodeOfSlot(slot))) {
            frame(x, y, cellWidth, cellHeight, colour, selectionArgb);
        }
        if (!highlighted.isEmpty() && highlighted.get(slot)) {
            outline(x, y, cellWidth, cellHeight, colour, highlightArgb);
        }
        return true;
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
        if (right - left <= 4) {
            // A million GPUs make cells of 1 to 2 px: a call to Arrays.fill per row costs more than the pixels.
            for (int row = top; row < bottom; row++) {
                for (int i = row * width + left, end = row * width + right; i < end; i++) {
                    pixels[i] = colour;
                }
            }
            return;
        }
        for (int row = top; row < bottom; row++) {
            Arrays.fill(pixels, row * width + left, row * width + right, colour);
        }
    }
}
