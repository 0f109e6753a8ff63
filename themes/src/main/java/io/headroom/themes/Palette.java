package io.headroom.themes;

import java.util.List;
import java.util.Locale;

/**
 * The colours every theme declares, once, as looked-up colours on {@code .root}
 * ({@code -hr-busy: #0072b2;}): a theme is a palette, as in AtlantaFX. Component rules use
 * them by name, and canvases, which cannot use CSS, read them by the same name (the views'
 * {@code CanvasTheme}), so no colour is written anywhere but in the theme's stylesheet.
 * ThemeTest checks that every theme declares every one.
 */
public enum Palette {
    BG,
    SURFACE,
    SURFACE_RAISED,
    BORDER,
    FG,
    FG_MUTED,
    ACCENT,
    OK,
    WARN,
    BAD,
    ON_STATUS,
    /** The idle states, in the order of core's {@code IdleState}. */
    BUSY,
    HELD_IDLE,
    FREE_IDLE,
    DRAINED,
    FAULTED,
    STALE,
    /** The stripes over stale cells. */
    STALE_HATCH,
    /** The heatmap's floor, and the racks' frames on it and on the rack elevations. */
    HEATMAP_BG,
    RACK_BG,
    /** The sequential scale for metric heatmaps, low end first (viridis, or cividis on white). */
    SCALE_0,
    SCALE_1,
    SCALE_2,
    SCALE_3,
    SCALE_4,
    SCALE_5,
    SCALE_6,
    SCALE_7,
    SCALE_8,
    /** The frame round picked servers and the lasso. */
    SELECTION,
    /** The outline round the GPUs of the workload picked on the Idle holders page. */
    HIGHLIGHT;

    /** The stops of the metric scale, low end first. */
    public static final List<Palette> SCALE =
            List.of(SCALE_0, SCALE_1, SCALE_2, SCALE_3, SCALE_4, SCALE_5, SCALE_6, SCALE_7, SCALE_8);

    /** The looked-up colour's name in the stylesheets, e.g. {@code -hr-held-idle}. */
    public String cssName() {
        return "-hr-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
