package io.headroom.views.heatmap;

import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.StateStyle;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/**
 * Says what the colours mean: one swatch per idle state, or, when colouring by a metric, the
 * scale from its low to its high end with the unit, plus the stale swatch (stale cells stay
 * hatched under every colouring). Styled by the same rules the heatmap reads its colours from.
 */
final class HeatmapLegend extends io.headroom.views.HintedLegend {

    private final Messages messages;
    private final List<Node> stateItems = new ArrayList<>();
    private final List<Node> scaleItems = new ArrayList<>();
    private final Label low = new Label();
    private final Label high = new Label();
    private final Label metric = new Label();

    HeatmapLegend(Messages messages) {
        super(messages.get("heatmap.hint"));
        this.messages = messages;
        for (IdleState state : IdleState.values()) {
            Label item = StateStyle.legendItem(messages, state);
            stateItems.add(item);
            addItems(item);
        }
        for (Label label : List.of(metric, low, high)) {
            label.setMinWidth(Region.USE_PREF_SIZE);
        }
        metric.getStyleClass().add("hr-legend-item");
        metric.setId("heatmap-scale-name");
        low.getStyleClass().add("hr-legend-item");
        low.setId("heatmap-scale-low");
        high.getStyleClass().add("hr-legend-item");
        high.setId("heatmap-scale-high");
        Region bar = new Region();
        bar.getStyleClass().add("hr-scale-bar");
        for (Node n : List.of(metric, low, bar, high, StateStyle.legendItem(messages, IdleState.STALE))) {
            scaleItems.add(n);
            addItems(n);
        }
        show(Colouring.STATE, 0, 0);
    }

    /**
     * The legend of {@code colouring} for this frame: the states, or the scale from its low to
     * its high end; a scale waits for the first frame ({@code telemetry} null).
     */
    void show(Colouring colouring, io.headroom.core.fleet.FleetTelemetry telemetry) {
        if (!colouring.byMetric()) {
            show(colouring, 0, 0);
        } else if (telemetry != null) {
            show(colouring, colouring.low(), colouring.high(telemetry));
        }
    }

    /** Shows the legend of {@code colouring}, whose scale runs from {@code from} to {@code to}. */
    void show(Colouring colouring, float from, float to) {
        boolean scale = colouring.byMetric();
        stateItems.forEach(n -> shown(n, !scale));
        scaleItems.forEach(n -> shown(n, scale));
        if (scale) {
            metric.setText(messages.get(colouring.nameKey()));
            low.setText(messages.integer(Math.round(from)) + " " + colouring.unit());
            high.setText(messages.integer(Math.round(to)) + " " + colouring.unit());
        }
    }

    /** Shows or hides a node, giving its room to the others while hidden. */
    static void shown(Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }
}
