package io.headroom.views.heatmap;

import io.headroom.themes.MetricScale;
import io.headroom.themes.Palette;
import io.headroom.views.paint.CanvasTheme;

/**
 * What a cell's colour depends on besides its GPU, fixed for one frame: the colouring and the
 * theme's colours, read from the {@link CanvasTheme} on the FX thread. Immutable, so the feed's
 * worker can colour the cells by it while the FX thread moves on; a new colouring or theme makes
 * a new one, and colours worked out by an older one are not painted.
 */
final class CellRecipe {

    final Colouring colouring;
    private final int[] stateArgb;
    final int staleHatch;
    final int rack;
    final int background;
    final MetricScale scale;

    CellRecipe(Colouring colouring, int[] stateArgb, int staleHatch, int rack, int background, MetricScale scale) {
        this.colouring = colouring;
        this.stateArgb = stateArgb;
        this.staleHatch = staleHatch;
        this.rack = rack;
        this.background = background;
        this.scale = scale;
    }

    static CellRecipe of(Colouring colouring, CanvasTheme theme) {
        return new CellRecipe(
                colouring,
                theme.stateArgb(), // a new array each call: nobody else holds it
                theme.argb(Palette.STALE_HATCH),
                theme.argb(Palette.RACK_BG),
                theme.argb(Palette.HEATMAP_BG),
                theme.scale());
    }

    /** The colour of an idle state, by its ordinal. */
    int stateArgb(int ordinal) {
        return stateArgb[ordinal];
    }
}
