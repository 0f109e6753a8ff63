package io.headroom.views;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.text.TextAlignment;

/**
 * A legend row: its items (swatches, scale) left to right, then the muted "point at a cell…"
 * hint. The hint takes the room the items leave, right-aligned, and wraps rather than cutting
 * its words short; when that room is too narrow to read (a 1280 px window in a large theme) it
 * moves to a line of its own under the items instead of becoming a column of single words.
 * Asked for its height at its width, the row grows to hold it.
 */
public class HintedLegend extends HBox {

    /** Below this many of its own font's sizes, the hint goes to its own line. */
    private static final double NARROWEST_EMS = 14;

    private final Label hint;

    public HintedLegend(String text) {
        getStyleClass().add("hr-heatmap-legend");
        hint = new Label(text);
        hint.getStyleClass().add("hr-legend-hint");
        hint.setWrapText(true);
        hint.setMinWidth(0);
        hint.setMaxWidth(Double.MAX_VALUE);
        hint.setAlignment(Pos.CENTER_RIGHT);
        hint.setTextAlignment(TextAlignment.RIGHT);
        HBox.setHgrow(hint, Priority.ALWAYS);
        getChildren().add(hint);
    }

    /** Adds items before the hint. */
    public void addItems(Node... items) {
        getChildren().addAll(getChildren().size() - 1, java.util.List.of(items));
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefHeight(double width) {
        if (width < 0 || hintBeside(width)) {
            return super.computePrefHeight(width);
        }
        Insets insets = getInsets();
        return insets.getTop()
                + itemsHeight()
                + getSpacing() / 2
                + hint.prefHeight(contentWidth(width))
                + insets.getBottom();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        if (hintBeside(getWidth())) {
            super.layoutChildren();
            return;
        }
        Insets insets = getInsets();
        double rowHeight = itemsHeight();
        double x = insets.getLeft();
        for (Node item : items()) {
            double w = snapSizeX(item.prefWidth(-1));
            double h = snapSizeY(Math.min(rowHeight, item.prefHeight(w)));
            item.resizeRelocate(snapPositionX(x), snapPositionY(insets.getTop() + (rowHeight - h) / 2), w, h);
            x += w + getSpacing();
        }
        double width = contentWidth(getWidth());
        hint.resizeRelocate(
                insets.getLeft(),
                snapPositionY(insets.getTop() + rowHeight + getSpacing() / 2),
                width,
                snapSizeY(hint.prefHeight(width)));
    }

    private boolean hintBeside(double width) {
        double used = getSpacing() * items().size();
        for (Node item : items()) {
            used += item.prefWidth(-1);
        }
        double room = contentWidth(width) - used;
        return room
                >= Math.min(hint.prefWidth(-1), NARROWEST_EMS * hint.getFont().getSize());
    }

    private double contentWidth(double width) {
        return Math.max(0, width - getInsets().getLeft() - getInsets().getRight());
    }

    private double itemsHeight() {
        double height = 0;
        for (Node item : items()) {
            height = Math.max(height, item.prefHeight(-1));
        }
        return snapSizeY(height);
    }

    // the hint node itself, not an equal one
    @SuppressWarnings("ReferenceEquality")
    private java.util.List<Node> items() {
        return getManagedChildren().stream().filter(n -> n != hint).toList();
    }
}
