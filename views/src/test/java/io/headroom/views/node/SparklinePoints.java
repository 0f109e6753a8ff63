package io.headroom.views.node;

import io.headroom.views.node.NodeDetailViewModel.Metric;

/** What one row's sparklines hold, for tests outside this package (the app's). FX thread. */
public final class SparklinePoints {

    private final NodeDetailView view;
    private final int row;

    private SparklinePoints(NodeDetailView view, int row) {
        this.view = view;
        this.row = row;
    }

    public static SparklinePoints of(NodeDetailView view, int row) {
        return new SparklinePoints(view, row);
    }

    /** Points the strip draws for the metric (gaps left out). */
    public int points(Metric metric) {
        return view.rowViews().get(row).strip.points(metric);
    }

    /**
     * Whether the line breaks at {@code timeMillis}: an instant held there with no value. (An
     * instant not held at all would let the line run straight across it.)
     */
    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal().
    @SuppressWarnings("EnumOrdinal")
    public boolean gapAt(Metric metric, long timeMillis) {
        SampleRing ring = view.model().history();
        for (int i = 0; i < ring.size(); i++) {
            if (ring.time(i) == timeMillis) {
                return Float.isNaN(ring.value(row * NodeDetailViewModel.METRICS.length + metric.ordinal(), i));
            }
        }
        throw new AssertionError("no instant at " + timeMillis + " in the sparklines");
    }
}
