package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;

import java.util.Arrays;

/**
 * Where every GPU's cell lies in the heatmap's pixel buffer, for one floor plan and one
 * size. Halls are tiles flowed left to right and wrapped; inside a hall each rack row is a
 * line of rack blocks (wrapped when the row is wider than the view), with a wider aisle
 * between rows. Cells are whole pixels, as large as the space allows, and may be up to half
 * again as wide as high (or the reverse) to use the space a square grid would leave empty.
 *
 * <p>Hit-testing is arithmetic over these tiles and lines: no node or lookup per cell.
 * Coordinates are the plan's own ("virtual") pixels: zoomed in, the plan is laid out larger
 * than the canvas, and the {@link HeatmapViewport} says which part of it is on screen.
 */
final class HeatmapGeometry {

    private static final int MAX_CELL = 48;

    /**
     * One hall's tile: its name's top left; per line of racks the line's top, its blocks, and
     * the row name on the first line of each rack row (null on the lines a wide row wraps to).
     */
    record HallTile(int hall, int x, int y, int width, int height, int[] lineTops, int[][] lineBlocks,
                    String[] lineNames) {}

    final FloorPlan plan;
    final int width;
    final int height;
    final int cellWidth;
    final int cellHeight;
    /** Pixels of rack backdrop between neighbouring cells, 0 when cells are too small to spare one. */
    final int separator;
    final int blockWidth;
    final int blockHeight;
    final int rackGap;
    final int labelHeight;
    /** Room left of each hall's racks for the row names. */
    final int rowNameWidth;
    final HallTile[] tiles;
    final int[] blockX;
    final int[] blockY;
    /** By GPU slot, the cell's top left in plan pixels; x is -1 when the cell is not laid out. */
    final int[] slotX;
    final int[] slotY;

    /** A trial size: enough to test whether it fits, without the per-GPU arrays. */
    private HeatmapGeometry(FloorPlan plan, int width, int height, int cellWidth, int cellHeight, int labelHeight,
                            int rowNameWidth) {
        this(plan, width, height, cellWidth, cellHeight, labelHeight, rowNameWidth, 0);
    }

    private HeatmapGeometry(FloorPlan plan, int width, int height, int cellWidth, int cellHeight, int labelHeight,
                            int rowNameWidth, int slots) {
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
        this.tiles = new HallTile[plan.halls.size()];
        this.blockX = new int[plan.blockNodes.length];
        this.blockY = new int[plan.blockNodes.length];
        this.slotX = new int[slots];
        this.slotY = new int[slots];
        Arrays.fill(slotX, -1);
    }

    /**
     * The largest cells with which the whole plan fits {@code width} x {@code height}; 1 x 1
     * (clipped) if none does.
     *
     * @param labelHeight  pixels above each hall for its name
     * @param rowNameWidth pixels left of each hall's racks for the row names
     */
    static HeatmapGeometry fit(FloorPlan plan, int width, int height, int labelHeight, int rowNameWidth) {
        int bestWidth = 1;
        int bestHeight = 1;
        for (int h = 1; h <= MAX_CELL; h++) {
            for (int w = Math.min(MAX_CELL, h + h / 2); w >= Math.max(1, h - h / 3); w--) {
                boolean better = w * h > bestWidth * bestHeight
                        || (w * h == bestWidth * bestHeight && Math.abs(w - h) < Math.abs(bestWidth - bestHeight));
                if (better && new HeatmapGeometry(plan, width, height, w, h, labelHeight, rowNameWidth).place(false)) {
                    bestWidth = w;
                    bestHeight = h;
                    break;
                }
            }
        }
        // Only the chosen size gets the per-GPU arrays: at 100,000 GPUs a trial must not allocate them.
        HeatmapGeometry geometry = new HeatmapGeometry(plan, width, height, bestWidth, bestHeight, labelHeight,
                rowNameWidth, plan.layout.gpuCount());
        geometry.place(true);
        return geometry;
    }

    /** Lays the halls out; returns whether all of it fits. With {@code record}, fills the pixel origins too. */
    private boolean place(boolean record) {
        // Hall names already separate halls and rows: gaps stay small so the cells get the pixels.
        int hallGap = Math.max(10, rackGap * 3);
        int aisle = rackGap + Math.min(rackGap, 2);
        int x = 0;
        int y = 0;
        int lineHeight = 0;
        int usedWidth = 0;
        for (int h = 0; h < tiles.length; h++) {
            FloorPlan.HallPlan hall = plan.halls.get(h);
            int widest = hall.rows().stream().mapToInt(row -> row.length).max().orElse(1);
            int perLine = Math.min(widest, (width - rowNameWidth + rackGap) / (blockWidth + rackGap));
            if (perLine < 1) {
                return false;
            }
            int lines = hall.rows().stream().mapToInt(row -> (row.length + perLine - 1) / perLine).sum();
            int[] lineTops = new int[lines];
            int[][] lineBlocks = new int[lines][];
            String[] lineNames = new String[lines];
            int top = labelHeight;
            int line = 0;
            for (int r = 0; r < hall.rows().size(); r++) {
                int[] row = hall.rows().get(r);
                for (int from = 0; from < row.length; from += perLine, line++) {
                    top += line == 0 ? 0 : from == 0 ? aisle : rackGap;
                    lineTops[line] = top;
                    lineNames[line] = from == 0 ? hall.rowNames().get(r) : null;
                    lineBlocks[line] = Arrays.copyOfRange(row, from, Math.min(row.length, from + perLine));
                    top += blockHeight;
                }
            }
            int tileWidth = rowNameWidth + Math.max(perLine * (blockWidth + rackGap) - rackGap, 1);
            if (x > 0 && x + tileWidth > width) {
                x = 0;
                y += lineHeight + hallGap;
                lineHeight = 0;
            }
            tiles[h] = new HallTile(h, x, y, tileWidth, top, lineTops, lineBlocks, lineNames);
            lineHeight = Math.max(lineHeight, top);
            usedWidth = Math.max(usedWidth, x + tileWidth);
            x += tileWidth + hallGap;
        }
        boolean fits = y + lineHeight <= height && usedWidth <= width;
        if (record) {
            // Centre the floor so that the space the whole cells leave over frames it evenly.
            int shiftX = Math.max(0, (width - usedWidth) / 2);
            int shiftY = Math.max(0, (height - y - lineHeight) / 2);
            for (int h = 0; h < tiles.length; h++) {
                HallTile t = tiles[h];
                tiles[h] = new HallTile(h, t.x() + shiftX, t.y() + shiftY, t.width(), t.height(), t.lineTops(),
                        t.lineBlocks(), t.lineNames());
                recordCells(tiles[h]);
            }
        }
        return fits;
    }

    private void recordCells(HallTile tile) {
        FleetLayout layout = plan.layout;
        for (int line = 0; line < tile.lineBlocks().length; line++) {
            int[] blocks = tile.lineBlocks()[line];
            for (int i = 0; i < blocks.length; i++) {
                int bx = tile.x() + rowNameWidth + i * (blockWidth + rackGap);
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
            int column = (x - tile.x() - rowNameWidth) / (blockWidth + rackGap);
            int line = lineAt(tile.lineTops(), y - tile.y());
            if (x < tile.x() + rowNameWidth || line < 0 || column >= tile.lineBlocks()[line].length) {
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

    private int lineAt(int[] lineTops, int y) {
        int found = Arrays.binarySearch(lineTops, y);
        int line = found >= 0 ? found : -found - 2;
        return line >= 0 && y < lineTops[line] + blockHeight ? line : -1;
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
