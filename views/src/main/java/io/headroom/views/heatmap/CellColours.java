package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.MetricScale;
import io.headroom.themes.Palette;
import io.headroom.views.paint.CanvasTheme;

/**
 * Each GPU's colour for one frame: its state's, or its reading on the metric scale; stale
 * GPUs are always hatched grey, whatever the colouring (old readings are never shown as
 * live), and a GPU without the reading gets the rack colour. Cells the filter leaves out are
 * dimmed three quarters of the way into the background. Arrays are reused frame to frame.
 */
final class CellColours {

    // The telemetry's per-GPU states are bytes holding IdleState ordinals; cells compare against them per frame.
    @SuppressWarnings("EnumOrdinal")
    private static final byte STALE = (byte) IdleState.STALE.ordinal();
    /** How far a left-out cell fades into the background. */
    static final double DIM = 0.75;

    private int[] colours = new int[0];
    private int[] hatches = new int[0];

    int[] colours() {
        return colours;
    }

    int[] hatches() {
        return hatches;
    }

    void compute(
            FleetTelemetry telemetry, byte[] states, Colouring colouring, CanvasTheme theme, HeatmapFilter filter) {
        int gpus = Math.min(states.length, telemetry.layout().gpuCount());
        if (colours.length != gpus) {
            colours = new int[gpus];
            hatches = new int[gpus];
        }
        int[] stateArgb = theme.stateArgb();
        int staleHatch = theme.argb(Palette.STALE_HATCH);
        int rack = theme.argb(Palette.RACK_BG);
        MetricScale scale = theme.scale();
        float low = colouring.low();
        float high = colouring.byMetric() ? colouring.high(telemetry) : 0;
        boolean filtering = filter.active();
        int background = theme.argb(Palette.HEATMAP_BG);
        for (int slot = 0; slot < gpus; slot++) {
            byte state = states[slot];
            int colour;
            int hatch = 0;
            if (state == STALE) {
                colour = stateArgb[STALE];
                hatch = staleHatch;
            } else if (colouring.byMetric()) {
                float value = colouring.reading(telemetry, slot);
                colour = Float.isNaN(value) ? rack : scale.argb(value, low, high);
            } else {
                colour = stateArgb[state];
            }
            if (filtering && !filter.matches(telemetry.layout(), slot, state)) {
                colour = MetricScale.blend(colour, background, DIM);
                hatch = hatch == 0 ? 0 : MetricScale.blend(hatch, background, DIM);
            }
            colours[slot] = colour;
            hatches[slot] = hatch;
        }
    }
}
