package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import java.util.Arrays;

/**
 * Where every GPU's cell lies in the heatmap's pixel buffer, for one floor plan and one
 * size. Halls are tiles in a grid of {@code hallColumns} columns; inside a hall each rack row
 * is a line of rack blocks (wrapped when the row is wider than the view), with a wider aisle
 * between rows, and the lines stand in one or more bands side by side. The number of hall
 * columns and of bands is chosen with the cell size, so the floor takes the shape of the
 * window: a short, wide canvas gets halls side by side and their rows in several bands, a
 * tall one gets halls stacked. Cells are whole pixels, as large as the space allows, and may
 * be up to half again as wide as high (or the reverse) to use the space a square grid would
 * leave empty.
 *
 * <p>Hit-testing is arithmetic over these tiles and lines: no node or lookup per cell.
 * Coordinates are the plan's own ("virtual") pixels: zoomed in, the plan is laid out larger
 * than the canvas, and the {@link HeatmapViewport} says which part of it is on screen.
 */
final class HeatmapGeometry {

    private static final int MAX_CELL = 48;

    /**
     * One hall's tile: its name's top left; per line of racks the line's left (where its row
     * name goes, relative to the tile) and top, its blocks, and the row name on the first line
     * of each rack row (null on the lines a wide row wraps to).
     */
    // Flat per-line arrays built once per layout and read on the paint path; never compared or handed out.
    @SuppressWarnings("ArrayRecordComponent")
    record HallTile(
            int hall,
            int x,
            int y,
            int width,
            int height,
            int[] lineLefts,
            int[] lineTops,
            int[][] lineBlocks,
            String[] lineNames) {}

    /**
     * How the halls are arranged: hall columns in the grid, bands of lines in each hall, and
     * blocks per line (fewer than a rack row has when the row must wrap).
     */
    record Arrangement(int hallColumns, int bands, int perLine) {}

    final FloorPlan plan;
    final int width;
    final int height;
    final int cellWidth;
    final int cellHeight;
    /** Pixels of rack backdrop between neighbouring cells, 0 when cells are too small to spare one. */
    final int separator;

    final int blockWidth;
    final int blockHeight;
    /** Pixels between neighbouring racks of a line: at least the base gap, more where the floor is spread to fill the canvas. */
    int rackGap;

    final int labelHeight;
    /** Room left of each band of racks for the row names. */
    final int rowNameWidth;

    final HallTile[] tiles;
    final int[] blockX;
    final int[] blockY;
    /** By GPU slot, the cell's top left in plan pixels; x is -1 when the cell is not laid out. */
    final int[] slotX;

    final int[] slotY;
    /** The arrangement chosen; null on a trial size that fits no arrangement. */
    Arrangement arrangement;
    /** The laid-out floor's size in plan pixels (at most width x height when it fits). */
    int usedWidth;

    int usedHeight;
    private final int hallGap;
    private final int bandGap;
    private final int aisle;
    /** The vertical gap between the lines a wrapped rack row takes: the base rack gap, however far racks are spread. */
    private final int lineGap;
    /** Pixels added between lines of racks when the floor is spread to fill the canvas's height. */
    private int lineSpread;
    /** Pixels added between hall columns and between hall rows, for the same reason, once racks and lines are spread. */
    private int hallSpreadX;

    private int hallSpreadY;

    /** A trial size: enough to test whether it fits, without the per-GPU arrays. */
    private HeatmapGeometry(
            FloorPlan plan, int width, int height, int cellWidth, int cellHeight, int labelHeight, int rowNameWidth) {
        this(plan, width, height, cellWidth, cellHeight, labelHeight, rowNameWidth, 0);
    }

    private HeatmapGeometry(
            FloorPlan plan,
            int width,
            int height,
            int cellWidth,
            int cellHeight,
            int labelHeight,
            int rowNameWidth,
            int slots) {
        this.plan = plan;
        this.width = width;
        this.height = height;
        this.cellWidth = cellWidth;
        this.cellHeight = cellHeight;
        this.labelHeight = labelHeight;
        this.rowNameWidth = rowNameWidth;
        int small = Math.min(cellWidth, cellHeight);
        this.separator = small >= 5 ? 1 : 0;
        this.blockWidth = plan.blockColumns * cellWidth + separator;
        this.blockHeight = plan.blockRows * cellHeight + separator;
        // At 100,000 GPUs every pixel counts: racks of 1-2 px cells are told apart by a 1 px gap.
        this.rackGap = small <= 2 ? 1 : Math.clamp(small / 2, 2, 6);
        // Hall names already separate halls and rows: gaps stay small so the cells get the pixels.
        this.hallGap = Math.max(10, rackGap * 3);
        this.aisle = rackGap + Math.min(rackGap, 2);
        this.lineGap = rackGap;
        this.bandGap = Math.max(4, rackGap * 2);
        this.tiles = new HallTile[plan.halls.size()];
        this.blockX = new int[plan.blockNodes.length];
        this.blockY = new int[plan.blockNodes.length];
        this.slotX = new int[slots];
        this.slotY = new int[slots];
        Arrays.fill(slotX, -1);
    }

    /**
     * {@link #fit} with room for the hall names and row names in a heading font of
     * {@code fontSize}; when racks come out shorter than a letter (huge fleets) the row names
     * would overprint, and their room goes to the cells.
     */
    static HeatmapGeometry fitWithNames(FloorPlan plan, int width, int height, double fontSize) {
        int longestRowName = plan.halls.stream()
                .flatMap(hall -> hall.rowNames().stream())
                .mapToInt(String::length)
                .max()
                .orElse(0);
        int rowNameWidth = longestRowName == 0 ? 0 : (int) Math.ceil(fontSize * (0.75 * longestRowName + 0.9));
        int labelHeight = (int) Math.ceil(fontSize * 1.6);
        HeatmapGeometry geometry = fit(plan, width, height, labelHeight, rowNameWidth);
        if (rowNameWidth > 0 && geometry.blockHeight < fontSize) {
            geometry = fit(plan, width, height, labelHeight, 0);
        }
        return geometry;
    }

    /**
     * The largest cells with which the whole plan fits {@code width} x {@code height}, in the
     * arrangement of halls and bands that lets them be largest; 1 x 1 (clipped) if none does.
     *
     * @param labelHeight  pixels above each hall for its name
     * @param rowNameWidth pixels left of each band of racks for the row names
     */
    static HeatmapGeometry fit(FloorPlan plan, int width, int height, int labelHeight, int rowNameWidth) {
        int bestWidth = 1;
        int bestHeight = 1;
        Arrangement best = null;
        for (int h = 1; h <= MAX_CELL; h++) {
            boolean anyFits = false;
            // Tiny cells may be twice as wide as high or the reverse: between 1 x 1 and 2 x 2 px a fleet loses or gains
            // 4 x.
            int widest = h <= 3 ? 2 * h : h + h / 2;
            int narrowest = h <= 3 ? Math.ceilDiv(h, 2) : h - h / 3;
            for (int w = Math.min(MAX_CELL, widest); w >= Math.max(1, narrowest); w--) {
                boolean better = w * h > bestWidth * bestHeight
                        || (w * h == bestWidth * bestHeight && Math.abs(w - h) < Math.abs(bestWidth - bestHeight));
                if (!better) {
                    anyFits = true; // smaller than the best so far: it would fit, but it is no use
                    continue;
                }
                Arrangement fits = new HeatmapGeometry(plan, width, height, w, h, labelHeight, rowNameWidth).arrange();
                if (fits != null) {
                    bestWidth = w;
                    bestHeight = h;
                    best = fits;
                    anyFits = true;
                    break;
                }
            }
            if (!anyFits) {
                break; // cells this high fit in no shape; higher ones will not either
            }
        }
        // Only the chosen size gets the per-GPU arrays: at 100,000 GPUs a trial must not allocate them.
        HeatmapGeometry geometry = new HeatmapGeometry(
                plan, width, height, bestWidth, bestHeight, labelHeight, rowNameWidth, plan.layout.gpuCount());
        if (best == null) {
            best = geometry.arrange();
        }
        Arrangement chosen = best == null ? geometry.narrowest() : best;
        if (best != null) {
            geometry.spread(chosen);
        }
        geometry.place(chosen, true);
        return geometry;
    }

    /**
     * Of the arrangements in which the plan fits at this cell size, the one whose floor fills
     * most of the space, a grid with empty places counting less (fewer bands on a tie, so rows
     * stay whole); null when none fits.
     */
    private Arrangement arrange() {
        int halls = Math.max(1, tiles.length);
        int maxLines =
                plan.halls.stream().mapToInt(hall -> hall.rows().size()).max().orElse(1);
        int widest = plan.halls.stream()
                .flatMap(hall -> hall.rows().stream())
                .mapToInt(row -> row.length)
                .max()
                .orElse(1);
        Arrangement best = null;
        long bestArea = -1;
        // A hall's lines depend on the bands, not on how many hall columns there are: each hall is laid
        // once per number of bands and the columns only add the tiles up (a million GPUs are 78 halls: laying
        // every hall again for every column made a zoom step take over a second).
        HallTile[][] laidByBands = new HallTile[maxLines + 1][];
        for (int columns = 1; columns <= halls; columns++) {
            for (int bands = 1; bands <= maxLines; bands++) {
                int perLine = widest;
                if (bands == 1) {
                    // Only a single band may wrap its rows: wrapped rows in side-by-side bands would be a maze.
                    perLine = Math.min(widest, (width - rowNameWidth + rackGap) / (blockWidth + rackGap));
                    if (perLine < 1) {
                        return null;
                    }
                }
                Arrangement trial = new Arrangement(columns, bands, perLine);
                if (laidByBands[bands] == null) {
                    laidByBands[bands] = layHalls(trial);
                }
                if (measure(laidByBands[bands], columns)) {
                    // Empty places in the grid of halls count against it: four halls as 3 + 1 leave a hole.
                    int places = columns * Math.ceilDiv(halls, columns);
                    long area = (long) usedWidth * usedHeight * halls / places;
                    if (area > bestArea) {
                        best = trial;
                        bestArea = area;
                    }
                } else if (usedWidth > width) {
                    break; // more bands only widen the floor
                }
            }
        }
        return best;
    }

    /**
     * Whole pixels leave space over (a cell one pixel larger would not fit): it goes to the
     * gaps between racks and between lines, up to half a rack, so the floor spans the canvas
     * the way the room spans its walls rather than sitting in a blank frame.
     */
    private void spread(Arrangement arrangement) {
        int base = rackGap;
        rackGap = widest(base, base + blockWidth / 2, value -> rackGap = value, arrangement);
        lineSpread = widest(0, blockHeight / 2, value -> lineSpread = value, arrangement);
        // What is left goes between the halls, up to a hall name's height more than their usual gap.
        hallSpreadX = widest(0, labelHeight + hallGap, value -> hallSpreadX = value, arrangement);
        hallSpreadY = widest(0, labelHeight + hallGap, value -> hallSpreadY = value, arrangement);
        place(arrangement, false);
    }

    /**
     * The largest value from {@code from} to {@code to} with which the arrangement still fits,
     * {@code from} itself fitting. A wider gap never makes the floor smaller, so a binary search
     * finds it: with racks hundreds of pixels wide (zoomed in on a million GPUs) trying every
     * pixel laid the whole floor out hundreds of times.
     */
    private int widest(int from, int to, java.util.function.IntConsumer set, Arrangement arrangement) {
        int fits = from;
        int fails = to + 1;
        while (fails - fits > 1) {
            int middle = (fits + fails) >>> 1;
            set.accept(middle);
            if (place(arrangement, false)) {
                fits = middle;
            } else {
                fails = middle;
            }
        }
        set.accept(fits);
        return fits;
    }

    /** The arrangement that fits the width best when nothing fits: one column of halls, rows wrapped. */
    private Arrangement narrowest() {
        int widest = plan.halls.stream()
                .flatMap(hall -> hall.rows().stream())
                .mapToInt(row -> row.length)
                .max()
                .orElse(1);
        int perLine = Math.clamp((width - rowNameWidth + rackGap) / (blockWidth + rackGap), 1, Math.max(1, widest));
        return new Arrangement(1, 1, perLine);
    }

    /**
     * Lays the halls out in {@code arrangement}; returns whether all of it fits. With
     * {@code record}, keeps the tiles and fills the pixel origins too.
     */
    private boolean place(Arrangement arrangement, boolean record) {
        HallTile[] laid = layHalls(arrangement);
        boolean fits = measure(laid, arrangement.hallColumns());
        if (record) {
            int columns = Math.min(arrangement.hallColumns(), Math.max(1, tiles.length));
            int gridRows = Math.ceilDiv(Math.max(1, tiles.length), columns);
            int[] columnWidths = new int[columns];
            int[] rowHeights = new int[gridRows];
            for (int h = 0; h < tiles.length; h++) {
                columnWidths[h % columns] = Math.max(columnWidths[h % columns], laid[h].width());
                rowHeights[h / columns] = Math.max(rowHeights[h / columns], laid[h].height());
            }
            this.arrangement = arrangement;
            // Centre the floor so that the space the whole cells leave over frames it evenly.
            int shiftX = Math.max(0, (width - usedWidth) / 2);
            int shiftY = Math.max(0, (height - usedHeight) / 2);
            for (int h = 0; h < tiles.length; h++) {
                int x = shiftX;
                for (int c = 0; c < h % columns; c++) {
                    x += columnWidths[c] + hallGap + hallSpreadX;
                }
                int y = shiftY;
                for (int r = 0; r < h / columns; r++) {
                    y += rowHeights[r] + hallGap + hallSpreadY;
                }
                HallTile t = laid[h];
                tiles[h] = new HallTile(
                        h, x, y, t.width(), t.height(), t.lineLefts(), t.lineTops(), t.lineBlocks(), t.lineNames());
                recordCells(tiles[h]);
            }
        }
        return fits;
    }

    /** Every hall's lines in bands, each relative to its own tile's top left. */
    private HallTile[] layHalls(Arrangement arrangement) {
        HallTile[] laid = new HallTile[tiles.length];
        for (int h = 0; h < tiles.length; h++) {
            laid[h] = layHall(h, arrangement);
        }
        return laid;
    }

    /** Sets {@link #usedWidth} and {@link #usedHeight} for these halls in {@code hallColumns}; returns whether they fit. */
    private boolean measure(HallTile[] laid, int hallColumns) {
        int columns = Math.min(hallColumns, Math.max(1, laid.length));
        int gridRows = Math.ceilDiv(Math.max(1, laid.length), columns);
        int[] columnWidths = new int[columns];
        int[] rowHeights = new int[gridRows];
        for (int h = 0; h < laid.length; h++) {
            columnWidths[h % columns] = Math.max(columnWidths[h % columns], laid[h].width());
            rowHeights[h / columns] = Math.max(rowHeights[h / columns], laid[h].height());
        }
        usedWidth = Arrays.stream(columnWidths).sum() + (hallGap + hallSpreadX) * (columns - 1);
        usedHeight = Arrays.stream(rowHeights).sum() + (hallGap + hallSpreadY) * (gridRows - 1);
        return usedWidth <= width && usedHeight <= height;
    }

    /** One hall's lines in bands, relative to its tile's top left. */
    private HallTile layHall(int h, Arrangement arrangement) {
        FloorPlan.HallPlan hall = plan.halls.get(h);
        int perLine = arrangement.perLine();
        int lines = hall.rows().stream()
                .mapToInt(row -> (row.length + perLine - 1) / perLine)
                .sum();
        int bands = Math.clamp(arrangement.bands(), 1, Math.max(1, lines));
        int perBand = Math.ceilDiv(Math.max(1, lines), bands);
        int bandWidth = rowNameWidth + Math.max(perLine * (blockWidth + rackGap) - rackGap, 1);
        int[] lineLefts = new int[lines];
        int[] lineTops = new int[lines];
        int[][] lineBlocks = new int[lines][];
        String[] lineNames = new String[lines];
        int top = labelHeight;
        int bottom = labelHeight;
        int line = 0;
        for (int r = 0; r < hall.rows().size(); r++) {
            int[] row = hall.rows().get(r);
            for (int from = 0; from < row.length; from += perLine, line++) {
                int band = line / perBand;
                if (line % perBand == 0) {
                    top = labelHeight;
                } else {
                    top += (from == 0 ? aisle : lineGap) + lineSpread;
                }
                lineLefts[line] = band * (bandWidth + bandGap);
                lineTops[line] = top;
                lineNames[line] = from == 0 ? hall.rowNames().get(r) : null;
                lineBlocks[line] = Arrays.copyOfRange(row, from, Math.min(row.length, from + perLine));
                top += blockHeight;
                bottom = Math.max(bottom, top);
            }
        }
        int usedBands = Math.ceilDiv(Math.max(1, lines), perBand);
        int tileWidth = usedBands * bandWidth + (usedBands - 1) * bandGap;
        return new HallTile(h, 0, 0, tileWidth, bottom, lineLefts, lineTops, lineBlocks, lineNames);
    }

    private void recordCells(HallTile tile) {
        FleetLayout layout = plan.layout;
        for (int line = 0; line < tile.lineBlocks().length; line++) {
            int[] blocks = tile.lineBlocks()[line];
            for (int i = 0; i < blocks.length; i++) {
                int bx = tile.x() + tile.lineLefts()[line] + rowNameWidth + i * (blockWidth + rackGap);
                int by = tile.y() + tile.lineTops()[line];
                blockX[blocks[i]] = bx;
                blockY[blocks[i]] = by;
                int[] nodes = plan.blockNodes[blocks[i]];
                for (int row = 0; row < nodes.length; row++) {
                    int first = layout.firstGpuSlot(nodes[row]);
                    int end = Math.min(layout.endGpuSlot(nodes[row]), first + plan.blockColumns);
                    for (int slot = first; slot < end; slot++) {
                        int cx = bx + separator + (slot - first) * cellWidth;
                        int cy = by + separator + row * cellHeight;
                        boolean inside = cx + cellWidth - separator <= width && cy + cellHeight - separator <= height;
                        slotX[slot] = inside ? cx : -1;
                        slotY[slot] = cy;
                    }
                }
            }
        }
    }

    /** The GPU slot whose cell holds the pixel, or {@link FleetLayout#NONE}. */
    int slotAt(double px, double py) {
        if (px < 0 || py < 0 || px >= width || py >= height) {
            return FleetLayout.NONE;
        }
        int x = (int) px;
        int y = (int) py;
        for (HallTile tile : tiles) {
            if (x < tile.x() || x >= tile.x() + tile.width() || y < tile.y() || y >= tile.y() + tile.height()) {
                continue;
            }
            int line = lineAt(tile, x - tile.x(), y - tile.y());
            if (line < 0) {
                return FleetLayout.NONE;
            }
            int column = (x - tile.x() - tile.lineLefts()[line] - rowNameWidth) / (blockWidth + rackGap);
            if (x < tile.x() + tile.lineLefts()[line] + rowNameWidth || column >= tile.lineBlocks()[line].length) {
                return FleetLayout.NONE;
            }
            int block = tile.lineBlocks()[line][column];
            int cx = x - blockX[block] - separator;
            int cy = y - blockY[block] - separator;
            if (cx < 0 || cy < 0 || cx >= blockWidth - separator || cy >= blockHeight - separator) {
                return FleetLayout.NONE;
            }
            int[] nodes = plan.blockNodes[block];
            int row = cy / cellHeight;
            if (row >= nodes.length) {
                return FleetLayout.NONE;
            }
            int slot = plan.layout.firstGpuSlot(nodes[row]) + cx / cellWidth;
            return slot < plan.layout.endGpuSlot(nodes[row]) ? slot : FleetLayout.NONE;
        }
        return FleetLayout.NONE;
    }

    /**
     * The line of racks at tile-relative (x, y): of the lines whose height spans y, the one in
     * the rightmost band starting at or left of x; -1 for a name or an aisle. A few dozen lines
     * a hall: a scan costs less than keeping an index.
     */
    private int lineAt(HallTile tile, int x, int y) {
        int[] lefts = tile.lineLefts();
        int[] tops = tile.lineTops();
        int found = -1;
        for (int line = 0; line < tops.length; line++) {
            if (y >= tops[line]
                    && y < tops[line] + blockHeight
                    && x >= lefts[line]
                    && (found < 0 || lefts[line] > lefts[found])) {
                found = line;
            }
        }
        return found;
    }

    /** The centre of a slot's cell in plan pixels, or null when the slot is not laid out. */
    double[] cellCenter(int slot) {
        if (slot < 0 || slot >= slotX.length || slotX[slot] < 0) {
            return null;
        }
        return new double[] {slotX[slot] + (cellWidth - separator) / 2.0, slotY[slot] + (cellHeight - separator) / 2.0};
    }

    /**
     * The nodes with a cell overlapping the rectangle between two corners, in plan pixels, each
     * once, in slot order.
     */
    int[] nodesWithin(double x0, double y0, double x1, double y1) {
        double left = Math.min(x0, x1);
        double right = Math.max(x0, x1);
        double top = Math.min(y0, y1);
        double bottom = Math.max(y0, y1);
        int w = cellWidth - separator;
        int h = cellHeight - separator;
        FleetLayout layout = plan.layout;
        int[] found = new int[layout.nodeCount()];
        int count = 0;
        int lastNode = -1;
        for (int slot = 0; slot < slotX.length; slot++) {
            int x = slotX[slot];
            if (x < 0 || x + w <= left || x > right || slotY[slot] + h <= top || slotY[slot] > bottom) {
                continue;
            }
            int node = layout.nodeOfSlot(slot);
            if (node != lastNode) {
                found[count++] = node;
                lastNode = node;
            }
        }
        return Arrays.copyOf(found, count);
    }
}
