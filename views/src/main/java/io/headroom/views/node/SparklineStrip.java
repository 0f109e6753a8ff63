package io.headroom.views.node;

import io.headroom.themes.Palette;
import io.headroom.views.Messages;
import io.headroom.views.node.NodeDetailViewModel.Metric;
import io.headroom.views.paint.CanvasTheme;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * One GPU's (or slice's) last 15 minutes as four sparklines side by side on one canvas:
 * utilization, power, temperature, memory, each with its latest value. One canvas per row
 * rather than a chart per metric: a chart is dozens of nodes and a layout pass per point.
 * Temperature carries a dashed line at the model's slowdown point.
 */
final class SparklineStrip extends Region {

    /** Between panels; the column captions above use the same spacing so that they line up. */
    static final double GAP = 14;

    private final NodeDetailViewModel model;
    private final CanvasTheme theme;
    private final int row;
    private final GpuRow gpu;
    private final Canvas canvas = new Canvas();
    private double[] xs = new double[0];
    private double[] ys = new double[0];

    SparklineStrip(NodeDetailViewModel model, CanvasTheme theme, int row, GpuRow gpu) {
        this.model = model;
        this.theme = theme;
        this.row = row;
        this.gpu = gpu;
        getChildren().add(canvas);
        setMinWidth(0);
    }

    /** How many points the metric's sparkline holds (gaps left out), minutes from history included; for tests. */
    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal(); it is
    // filled every refresh and read on the paint path.
    @SuppressWarnings("EnumOrdinal")
    int points(Metric metric) {
        SampleRing ring = model.history();
        int count = 0;
        for (int i = 0; i < ring.size(); i++) {
            count += Float.isNaN(ring.value(row * NodeDetailViewModel.METRICS.length + metric.ordinal(), i)) ? 0 : 1;
        }
        return count;
    }

    @Override
    protected void layoutChildren() {
        int width = (int) Math.floor(getWidth());
        int height = (int) Math.floor(getHeight());
        if (width != (int) canvas.getWidth() || height != (int) canvas.getHeight()) {
            canvas.setWidth(width);
            canvas.setHeight(height);
            paint();
        }
    }

    @Override
    protected double computePrefHeight(double width) {
        return Math.ceil(theme.textFont().getSize() * (gpu.isSlice() ? 2.4 : 3.4));
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }

    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal(); it is
    // filled every refresh and read on the paint path.
    @SuppressWarnings("EnumOrdinal")
    void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        double panel = (width - GAP * (NodeDetailViewModel.METRICS.length - 1)) / NodeDetailViewModel.METRICS.length;
        if (panel <= 10) {
            return;
        }
        for (Metric metric : NodeDetailViewModel.METRICS) {
            boolean wholeGpuOnly = gpu.isSlice() && (metric == Metric.POWER || metric == Metric.TEMPERATURE);
            if (!wholeGpuOnly) {
                paintPanel(g, metric, metric.ordinal() * (panel + GAP), panel, height);
            }
        }
    }

    private void paintPanel(GraphicsContext g, Metric metric, double x, double w, double h) {
        Messages messages = model.messages();
        float latest = model.latest(row, metric);
        double textHeight = Math.ceil(theme.textFont().getSize() * 1.3);
        boolean hot = metric == Metric.TEMPERATURE && latest >= gpu.slowdownC();
        g.setFont(theme.textFont());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.setFill(theme.color(hot ? Palette.BAD : Palette.FG));
        g.fillText(gpu.valueText(messages, metric, latest), x, 0, w);

        double top = textHeight + 1;
        double bottom = h - 2;
        double[] scale = scale(metric);
        g.setFill(theme.color(Palette.BORDER));
        g.fillRect(x, bottom, w, 1);
        if (metric == Metric.TEMPERATURE && gpu.slowdownC() < scale[1]) {
            double y = y(gpu.slowdownC(), scale, top, bottom);
            g.setStroke(theme.color(Palette.BAD));
            g.setLineWidth(1);
            g.setLineDashes(4, 3);
            g.strokeLine(x, y, x + w, y);
            g.setLineDashes();
        }
        line(g, metric, scale, x, w, top, bottom);
    }

    /**
     * The line in runs between gaps (stale or unmeasured seconds, minutes nobody kept), each run with a faint
     * area under it.
     */
    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal(); it is
    // filled every refresh and read on the paint path.
    @SuppressWarnings("EnumOrdinal")
    private void line(GraphicsContext g, Metric metric, double[] scale, double x, double w, double top, double bottom) {
        SampleRing ring = model.history();
        if (ring.size() == 0) {
            return;
        }
        int series = row * NodeDetailViewModel.METRICS.length + metric.ordinal();
        long end = ring.time(ring.size() - 1);
        long start = end - NodeDetailViewModel.HISTORY_MILLIS;
        if (xs.length < ring.capacity() + 2) {
            xs = new double[ring.capacity() + 2];
            ys = new double[ring.capacity() + 2];
        }
        Color accent = theme.color(Palette.ACCENT);
        int n = 0;
        for (int i = 0; i <= ring.size(); i++) {
            if (i < ring.size() && ring.time(i) < start) {
                continue; // a minute from history that has slid out of the window
            }
            float value = i < ring.size() ? ring.value(series, i) : Float.NaN;
            if (!Float.isNaN(value)) {
                xs[n] = x + (ring.time(i) - start) / (double) NodeDetailViewModel.HISTORY_MILLIS * w;
                ys[n] = y(value, scale, top, bottom);
                n++;
                continue;
            }
            if (n > 0) {
                xs[n] = xs[n - 1];
                ys[n] = bottom;
                xs[n + 1] = xs[0];
                ys[n + 1] = bottom;
                g.setFill(accent.deriveColor(0, 1, 1, 0.22));
                g.fillPolygon(xs, ys, n + 2);
                g.setStroke(accent);
                g.setLineWidth(1.5);
                g.strokePolyline(xs, ys, n);
                n = 0;
            }
        }
    }

    /** {min, max} of a metric's axis: fixed, so that a glance compares GPUs and minutes. */
    private double[] scale(Metric metric) {
        return switch (metric) {
            case UTILIZATION, MEMORY -> new double[] {0, 100};
            case POWER ->
                new double[] {0, Float.isNaN(gpu.powerLimitW()) || gpu.powerLimitW() <= 0 ? 1000 : gpu.powerLimitW()};
            case TEMPERATURE -> new double[] {20, 100};
        };
    }

    private static double y(double value, double[] scale, double top, double bottom) {
        double share = (value - scale[0]) / (scale[1] - scale[0]);
        return bottom - Math.max(0, Math.min(1, share)) * (bottom - top);
    }
}
