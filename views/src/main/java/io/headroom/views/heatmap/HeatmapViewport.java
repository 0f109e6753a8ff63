package io.headroom.views.heatmap;

/**
 * Which part of the plan is on the canvas: a zoom level (the plan is laid out that many times
 * the canvas's size, so cells grow in whole pixels) and the plan pixel at the canvas's top
 * left. Offsets are kept inside the plan, so panning never leaves the fleet behind.
 * Plain Java; FX thread.
 */
final class HeatmapViewport {

    /** From the whole fleet on one screen to a few racks: 100,000 GPUs at 1-2 px grow to 30 px and more. */
    static final double[] ZOOMS = {1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32};

    private int level;
    private int offsetX;
    private int offsetY;

    double zoom() {
        return ZOOMS[level];
    }

    int level() {
        return level;
    }

    boolean zoomedIn() {
        return level > 0;
    }

    /** The plan's size for a canvas of this size at the current zoom. */
    int planWidth(int canvasWidth) {
        return (int) Math.min(Integer.MAX_VALUE / 4, Math.round(canvasWidth * zoom()));
    }

    int planHeight(int canvasHeight) {
        return (int) Math.min(Integer.MAX_VALUE / 4, Math.round(canvasHeight * zoom()));
    }

    int offsetX() {
        return offsetX;
    }

    int offsetY() {
        return offsetY;
    }

    /** Moves one level in ({@code steps > 0}) or out; returns whether the level changed. */
    boolean zoomBy(int steps) {
        int next = Math.clamp(level + steps, 0, ZOOMS.length - 1);
        boolean changed = next != level;
        level = next;
        return changed;
    }

    void reset() {
        level = 0;
        offsetX = 0;
        offsetY = 0;
    }

    /** Puts plan pixel ({@code planX}, {@code planY}) at canvas pixel ({@code canvasX}, {@code canvasY}), within bounds. */
    void anchor(
            double planX,
            double planY,
            double canvasX,
            double canvasY,
            int planWidth,
            int planHeight,
            int canvasWidth,
            int canvasHeight) {
        offsetX = (int) Math.round(planX - canvasX);
        offsetY = (int) Math.round(planY - canvasY);
        clamp(planWidth, planHeight, canvasWidth, canvasHeight);
    }

    /** Moves the view by canvas pixels (dragging right moves the plan right, so the view left). */
    void panBy(double dx, double dy, int planWidth, int planHeight, int canvasWidth, int canvasHeight) {
        offsetX = (int) Math.round(offsetX - dx);
        offsetY = (int) Math.round(offsetY - dy);
        clamp(planWidth, planHeight, canvasWidth, canvasHeight);
    }

    void clamp(int planWidth, int planHeight, int canvasWidth, int canvasHeight) {
        offsetX = Math.clamp(offsetX, 0, Math.max(0, planWidth - canvasWidth));
        offsetY = Math.clamp(offsetY, 0, Math.max(0, planHeight - canvasHeight));
    }
}
