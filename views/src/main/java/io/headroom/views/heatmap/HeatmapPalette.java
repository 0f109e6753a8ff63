package io.headroom.views.heatmap;

import io.headroom.core.idle.IdleState;
import javafx.scene.paint.Color;

/**
 * The heatmap's colours as packed ARGB ints, ready for the pixel buffer. A canvas cannot
 * use CSS, so {@link ThemeSwatches} reads these from the theme's tokens; until CSS has been
 * applied the wall theme's Okabe-Ito values stand in.
 */
record HeatmapPalette(int[] stateArgb, int staleHatchArgb, int backgroundArgb, int rackArgb, int[] scaleArgb,
                      int selectionArgb) {

    /** Viridis in nine stops: the wall theme's metric scale. */
    static final int[] VIRIDIS = {0xFF440154, 0xFF472D7B, 0xFF3B528B, 0xFF2C728E, 0xFF21918C, 0xFF28AE80,
            0xFF5EC962, 0xFFADDC30, 0xFFFDE725};

    static final HeatmapPalette WALL_DEFAULT = new HeatmapPalette(new int[] {
            0xFF0072B2, // busy: blue
            0xFFE69F00, // held-idle: orange
            0xFF009E73, // free-idle: bluish green
            0xFFCC79A7, // drained: reddish purple
            0xFFD55E00, // faulted: vermillion
            0xFF5B6472, // stale: grey
    }, 0xFF2E343D, 0xFF121922, 0xFF05080B, VIRIDIS, 0xFFFFFFFF);

    int argb(IdleState state) {
        return stateArgb[state.ordinal()];
    }

    /** Opaque ARGB of a colour; the pixel buffer is premultiplied, so alpha is dropped rather than mis-blended. */
    static int argb(Color color) {
        int r = (int) Math.round(color.getRed() * 255);
        int g = (int) Math.round(color.getGreen() * 255);
        int b = (int) Math.round(color.getBlue() * 255);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }
}
