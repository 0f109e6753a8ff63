package io.headroom.views.overview;

import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.scene.layout.Region;

/**
 * Power drawn as a bar against the budget, with a mark at 90 %, the share past which the
 * alerts page warns. Plain regions styled by the theme; the fill turns red past the mark.
 */
final class BudgetBar extends Region {

    private static final PseudoClass OVER = PseudoClass.getPseudoClass("over");

    private final Region fill = new Region();
    private final Region mark = new Region();
    private double share = Double.NaN;

    BudgetBar(ObservableValue<Number> share, double markAt) {
        getStyleClass().add("hr-budget-bar");
        fill.getStyleClass().add("hr-budget-fill");
        mark.getStyleClass().add("hr-budget-mark");
        getChildren().addAll(fill, mark);
        share.subscribe(value -> {
            this.share = value.doubleValue();
            setVisible(!Double.isNaN(this.share));
            fill.pseudoClassStateChanged(OVER, this.share > markAt);
            requestLayout();
        });
        mark.setUserData(markAt);
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double w = getWidth() - x - snappedRightInset();
        double h = getHeight() - y - snappedBottomInset();
        double filled = Double.isNaN(share) ? 0 : Math.clamp(share, 0, 1) * w;
        fill.resizeRelocate(x, y, snapSizeX(filled), h);
        double markX = x + (double) mark.getUserData() * w;
        mark.resizeRelocate(snapPositionX(markX - 1), y - 2, 2, h + 4);
    }

    @Override
    protected double computePrefHeight(double width) {
        return snappedTopInset() + snappedBottomInset() + 8;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 100;
    }
}
