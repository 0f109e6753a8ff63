package io.headroom.views.overview;

import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * One headline figure: a caption, a large value with its unit in smaller type, and a line of
 * detail. Plain labels in a styled box rather than a gauge, so the theme's type and colours
 * apply and an update is a text change.
 */
class Figure extends VBox {

    private static final PseudoClass ALERT = PseudoClass.getPseudoClass("alert");

    final Label value = new Label();

    /** @param unitText shown after the value in smaller type; null for none */
    Figure(String caption, ObservableValue<String> valueText, ObservableValue<String> unitText,
           ObservableValue<String> detailText) {
        Label captionLabel = new Label(caption);
        captionLabel.getStyleClass().add("hr-figure-caption");
        value.getStyleClass().add("hr-figure-value");
        value.textProperty().bind(valueText);
        value.setMinWidth(Label.USE_PREF_SIZE);
        HBox valueLine = new HBox(value);
        valueLine.setAlignment(Pos.BASELINE_LEFT);
        valueLine.getStyleClass().add("hr-figure-value-line");
        if (unitText != null) {
            Label unit = new Label();
            unit.getStyleClass().add("hr-figure-unit");
            unit.textProperty().bind(unitText);
            unit.setMinWidth(Label.USE_PREF_SIZE); // "kW" cut to "…" says nothing; the detail line gives way instead
            valueLine.getChildren().add(unit);
        }
        Label detail = new Label();
        detail.getStyleClass().add("hr-figure-detail");
        detail.textProperty().bind(detailText);
        detail.setMinWidth(0);
        detail.setWrapText(true); // a second line rather than an ellipsis: the row's tiles share one height
        captionLabel.setMinWidth(0);
        getStyleClass().add("hr-figure");
        getChildren().addAll(captionLabel, valueLine, detail);
        setMaxWidth(Double.MAX_VALUE);
        setMinWidth(0);
    }

    /** Marks the figure as needing attention (red outline and value), e.g. stale nodes present. */
    void alertWhen(ObservableValue<Boolean> condition) {
        pseudoClassStateChanged(ALERT, condition.getValue());
        condition.subscribe(on -> pseudoClassStateChanged(ALERT, on));
    }
}
