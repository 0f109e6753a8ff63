package io.headroom.views;

import io.headroom.core.idle.IdleState;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The CSS style class of an idle state ("held-idle"), shared by swatches and legends. */
public final class StateStyle {

    private StateStyle() {}

    public static String styleClass(IdleState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A legend's entry for a state: its swatch, as the theme colours it, and its name. */
    public static Label legendItem(Messages messages, IdleState state) {
        Region swatch = new Region();
        swatch.getStyleClass().addAll("hr-swatch", styleClass(state));
        Label item = new Label(messages.stateName(state), swatch);
        item.getStyleClass().add("hr-legend-item");
        item.setMinWidth(Region.USE_PREF_SIZE);
        return item;
    }
}
