package io.headroom.views.heatmap;

import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.StateStyle;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** One swatch per idle state, styled by the same rules the heatmap reads its colours from. */
final class HeatmapLegend extends HBox {

    HeatmapLegend(Messages messages) {
        getStyleClass().add("hr-heatmap-legend");
        for (IdleState state : IdleState.values()) {
            Region swatch = new Region();
            swatch.getStyleClass().addAll("hr-swatch", StateStyle.styleClass(state));
            Label item = new Label(messages.stateName(state), swatch);
            item.getStyleClass().add("hr-legend-item");
            item.setMinWidth(Region.USE_PREF_SIZE);
            getChildren().add(item);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label hint = new Label(messages.get("heatmap.hint"));
        hint.getStyleClass().add("hr-legend-hint");
        hint.setMinWidth(0);
        getChildren().addAll(spacer, hint);
    }
}
