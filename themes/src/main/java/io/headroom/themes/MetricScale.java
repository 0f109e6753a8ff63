package io.headroom.themes;

/**
 * A sequential colour scale for the metric heatmaps, from the theme's stops (viridis or
 * cividis: perceptually even and readable with the common colour-vision deficiencies),
 * interpolated once into a 256-entry table so a cell costs one lookup.
 */
public final class MetricScale {

    public static final int STEPS = 256;

    private final int[] table = new int[STEPS];

    /** @param stops opaque ARGB colours from the low end to the high end, at least two */
    public MetricScale(int[] stops) {
        if (stops.length < 2) {
            throw new IllegalArgumentException("a scale needs at least two colours, had " + stops.length);
        }
        for (int i = 0; i < STEPS; i++) {
            double at = (double) i / (STEPS - 1) * (stops.length - 1);
            int from = Math.min((int) at, stops.length - 2);
            table[i] = blend(stops[from], stops[from + 1], at - from);
        }
    }

    /** The colour of {@code value} on a scale from {@code low} to {@code high}; values outside are clamped. */
    public int argb(float value, float low, float high) {
        double share = high > low ? (value - low) / (high - low) : 0;
        return table[(int) Math.round(Math.clamp(share, 0, 1) * (STEPS - 1))];
    }

    /** {@code a} moved {@code toB} (0..1) of the way towards {@code b}, channel by channel. */
    public static int blend(int a, int b, double toB) {
        int r = channel(a >> 16, b >> 16, toB);
        int g = channel(a >> 8, b >> 8, toB);
        int bl = channel(a, b, toB);
        return 0xFF000000 | r << 16 | g << 8 | bl;
    }

    private static int channel(int a, int b, double toB) {
        int x = a & 0xFF;
        int y = b & 0xFF;
        return (int) Math.round(x + (y - x) * toB);
    }
}
