package io.headroom.views;

import io.headroom.core.idle.IdleState;

import java.util.Locale;

/** The CSS style class of an idle state ("held-idle"), shared by swatches, tiles and the heatmap palette. */
public final class StateStyle {

    private StateStyle() {}

    public static String styleClass(IdleState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
