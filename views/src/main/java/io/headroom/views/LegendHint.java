package io.headroom.views;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.text.TextAlignment;

/**
 * The muted "point at a cell…" hint at the right end of a legend row. It takes the room the
 * legend's items leave and wraps onto more lines rather than cutting its words short; the row
 * (an {@link HBox} asked for its height at its width) grows to hold it.
 */
public final class LegendHint {

    private LegendHint() {}

    /** A hint for the end of a legend row: fills what the items leave, right-aligned, wrapping. */
    public static Label of(String text) {
        Label hint = new Label(text);
        hint.getStyleClass().add("hr-legend-hint");
        hint.setWrapText(true);
        hint.setMinWidth(0);
        hint.setMaxWidth(Double.MAX_VALUE);
        hint.setAlignment(Pos.CENTER_RIGHT);
        hint.setTextAlignment(TextAlignment.RIGHT);
        HBox.setHgrow(hint, Priority.ALWAYS);
        return hint;
    }
}
