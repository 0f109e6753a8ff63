package io.headroom.views.heatmap;

import io.headroom.core.idle.IdleState;

import java.util.Arrays;

/**
 * Fills the heatmap's one int buffer. The backdrop (background and rack frames) is painted
 * only when the geometry or palette changes; a frame overwrites just the cells, so its cost
 * is one pass over the GPUs and their pixels, whatever else is on screen.
 */
final class HeatmapPainter {

    private static final byte STALE = (byte) IdleState.STALE.ordinal();

    private int[] pixels = new int[0];

    int[] pixels() {
        return pixels;
    }

    void paintBackdrop(HeatmapGeometry geometry, HeatmapPalette palette) {
        int size = geometry.width * geometry.height;
        if (pixels.length != size) {
            pixels = new int[size];
        }
        Arrays.fill(pixels, palette.backgroundArgb());
        for (int block = 0; block < geometry.blockX.length; block++) {
            fill(geometry, geometry.blockX[block], geometry.blockY[block],
                    geometry.blockWidth, geometry.blockHeight, palette.rackArgb());
        }
    }

    /** @param states by GPU slot, the {@link IdleState} ordinal, as in {@code FleetSummary.gpuStates()} */
    void paintCells(HeatmapGeometry geometry, HeatmapPalette palette, byte[] states) {
        int width = geometry.width;
        int cellWidth = geometry.cellWidth - geometry.separator;
        int cellHeight = geometry.cellHeight - geometry.separator;
        int[] origins = geometry.slotOrigin;
        int[] colours = palette.stateArgb();
        int count = Math.min(states.length, origins.length);
        for (int slot = 0; slot < count; slot++) {
            int origin = origins[slot];
            if (origin < 0) {
                continue;
            }
            if (states[slot] == STALE && cellWidth >= 3 && cellHeight >= 3) {
                paintHatched(origin, width, cellWidth, cellHeight, colours[STALE], palette.staleHatchArgb());
                continue;
            }
            int colour = colours[states[slot]];
            for (int row = 0, at = origin; row < cellHeight; row++, at += width) {
                Arrays.fill(pixels, at, at + cellWidth, colour);
            }
        }
    }

    /** Diagonal stripes anchored to the buffer, so a stale rack reads as one hatched area, never as live. */
    private void paintHatched(int origin, int width, int cellWidth, int cellHeight, int colour, int hatch) {
        int x0 = origin % width;
        int y0 = origin / width;
        for (int row = 0; row < cellHeight; row++) {
            int at = origin + row * width;
            for (int column = 0; column < cellWidth; column++) {
                pixels[at + column] = ((x0 + column + y0 + row) & 3) == 0 ? hatch : colour;
            }
        }
    }

    private void fill(HeatmapGeometry geometry, int x, int y, int w, int h, int colour) {
        int right = Math.min(x + w, geometry.width);
        int bottom = Math.min(y + h, geometry.height);
        for (int row = y; row < bottom; row++) {
            Arrays.fill(pixels, row * geometry.width + x, row * geometry.width + right, colour);
        }
    }
}
