package io.headroom.views.rack;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.views.paint.CanvasTheme;
import io.headroom.views.paint.HoverPlacement;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;

/**
 * One canvas for a whole hall of racks, however many: a node per rack unit would cost CSS
 * and layout for tens of thousands of nodes on every refresh. The canvas is the size of the
 * viewport; a scroll bar moves the hall under it and only what is visible is drawn. Pointing
 * is arithmetic over {@link RackGeometry}; an overlay names the node or rack under the pointer.
 */
final class RackCanvas extends Region {

    private final RackElevationViewModel model;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final Label hover = HoverPlacement.overlay("rack-hover");
    private final CanvasTheme theme = new CanvasTheme(this::themeChanged);
    private final RackPainter painter = new RackPainter();
    private RackGeometry geometry;
    private int hall;
    private int hoveredNode = FleetLayout.NONE;
    private int hoveredRack = FleetLayout.NONE;
    private int selectedNode = FleetLayout.NONE;
    private final java.util.BitSet highlightedNodes = new java.util.BitSet();
    private double pointerX = -1;
    private double pointerY = -1;

    RackCanvas(RackElevationViewModel model, IntConsumer onNodeClicked) {
        this.model = model;
        getStyleClass().add("hr-rack-canvas");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.valueProperty().subscribe(value -> paint());
        canvas.setOnMouseMoved(event -> pointAt(event.getX(), event.getY()));
        canvas.setOnMouseExited(event -> pointAt(-1, -1));
        canvas.setOnMouseClicked(event -> {
            int node = nodeAtCanvas(event.getX(), event.getY());
            if (event.getButton() == MouseButton.PRIMARY && node != FleetLayout.NONE) {
                selectedNode = node;
                paint();
                onNodeClicked.accept(node);
            }
        });
        canvas.setOnScroll(event -> scroll.setValue(clamp(scroll.getValue() - event.getDeltaY())));
        getChildren().addAll(canvas, scroll, hover, theme);
    }

    /** Outlines these nodes (those holding the picked workload's GPUs). */
    void setHighlightedNodes(java.util.BitSet nodes) {
        if (!nodes.equals(highlightedNodes)) {
            highlightedNodes.clear();
            highlightedNodes.or(nodes);
            paint();
        }
    }

    void setHall(int hall) {
        if (hall != this.hall) {
            this.hall = hall;
            geometry = null;
            scroll.setValue(0);
            requestLayout();
        }
    }

    /** Outlines the node and, when it is off screen, scrolls it into view. */
    void select(int node) {
        selectedNode = node;
        layout();
        int[] box = geometry == null || node == FleetLayout.NONE ? null : geometry.nodeBox(node);
        if (box != null && (box[1] < scroll.getValue() || box[1] + box[3] > scroll.getValue() + canvas.getHeight())) {
            scroll.setValue(clamp(box[1] - canvas.getHeight() / 3));
        }
        paint();
    }

    /** Redraws after the model took a new refresh. */
    void refresh() {
        if (geometry == null || geometry.plan != model.plan()) {
            geometry = null;
            requestLayout();
        } else {
            paint();
            describe();
        }
    }

    /** The centre of a node's chassis in this region's coordinates, or null when it is not on screen. */
    Point2D nodeCenter(int node) {
        int[] box = geometry == null ? null : geometry.nodeBox(node);
        double y = box == null ? -1 : box[1] - scroll.getValue() + box[3] / 2.0;
        return box == null || y < 0 || y > canvas.getHeight()
                ? null
                : new Point2D(canvas.getLayoutX() + box[0] + box[2] / 2.0, canvas.getLayoutY() + y);
    }

    RackGeometry geometry() {
        return geometry;
    }

    double scrollOffset() {
        return scroll.getValue();
    }

    Canvas canvas() {
        return canvas;
    }

    int uPx() {
        return geometry == null ? 0 : geometry.uPx;
    }

    @Override
    protected void layoutChildren() {
        Insets insets = getInsets();
        double width = Math.max(0, getWidth() - insets.getLeft() - insets.getRight());
        double height = Math.max(0, getHeight() - insets.getTop() - insets.getBottom());
        if (model.plan() == null || model.hallCount() == 0) {
            return;
        }
        double bar = snapSizeX(scroll.prefWidth(-1));
        int canvasHeight = (int) Math.floor(height);
        if (geometry == null
                || geometry.plan != model.plan()
                || canvas.getHeight() != canvasHeight
                || (geometry.width != (int) Math.floor(width) && geometry.width != (int) Math.floor(width - bar))) {
            hall = Math.min(hall, model.hallCount() - 1);
            geometry = RackGeometry.fit(model.plan(), hall, (int) Math.floor(width), canvasHeight, metrics());
            if (geometry.contentHeight > canvasHeight) {
                // Only a hall that must scroll gives up width to the scroll bar.
                geometry = RackGeometry.fit(model.plan(), hall, (int) Math.floor(width - bar), canvasHeight, metrics());
            }
        }
        boolean scrolls = geometry.contentHeight > canvasHeight;
        int canvasWidth = geometry.width;
        scroll.setVisible(scrolls);
        canvas.setWidth(canvasWidth);
        canvas.setHeight(canvasHeight);
        canvas.relocate(insets.getLeft(), insets.getTop());
        scroll.resizeRelocate(insets.getLeft() + width - bar, insets.getTop(), bar, height);
        scroll.setMax(Math.max(0, geometry.contentHeight - canvasHeight));
        scroll.setVisibleAmount(canvasHeight * scroll.getMax() / Math.max(1, geometry.contentHeight));
        scroll.setUnitIncrement(geometry.lineHeights.length == 0 ? 10 : geometry.lineHeights[0] / 4.0);
        scroll.setBlockIncrement(canvasHeight * 0.9);
        scroll.setValue(clamp(scroll.getValue()));
        paint();
        placeHover();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 900;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 600;
    }

    /** Rack sizes follow the theme's type: a wall gets larger racks than a laptop. */
    private RackGeometry.Metrics metrics() {
        double title = theme.titleFont().getSize();
        double text = theme.textFont().getSize();
        int header = (int) (Math.ceil(title * RackPainter.LINE) + Math.ceil(text * RackPainter.LINE))
                + 1
                + RackPainter.BAR
                + 4;
        int rackGap = (int) Math.max(10, Math.ceil(title * 0.9));
        // Three pixels a unit keep a 5U server a visible block; eight make a small hall fill a wall.
        return new RackGeometry.Metrics(
                (int) Math.ceil(title * 8),
                (int) Math.ceil(title * 11),
                header,
                rackGap,
                (int) Math.ceil(title * 1.1),
                (int) Math.ceil(title * 2.2),
                3,
                8);
    }

    private void themeChanged() {
        geometry = null;
        requestLayout();
    }

    private void paint() {
        if (geometry != null && canvas.getWidth() > 0) {
            painter.paint(
                    canvas.getGraphicsContext2D(),
                    geometry,
                    model,
                    theme,
                    scroll.getValue(),
                    canvas.getWidth(),
                    canvas.getHeight(),
                    hoveredNode,
                    selectedNode,
                    highlightedNodes);
        }
    }

    private int nodeAtCanvas(double x, double y) {
        return geometry == null ? FleetLayout.NONE : geometry.nodeAt(x, y + scroll.getValue());
    }

    private void pointAt(double x, double y) {
        pointerX = x;
        pointerY = y;
        int node = nodeAtCanvas(x, y);
        int rack = node == FleetLayout.NONE && geometry != null && x >= 0
                ? geometry.rackAt(x, y + scroll.getValue())
                : FleetLayout.NONE;
        if (node != hoveredNode) {
            hoveredNode = node;
            paint();
        }
        hoveredRack = rack;
        describe();
    }

    private void describe() {
        boolean on = hoveredNode != FleetLayout.NONE || hoveredRack != FleetLayout.NONE;
        hover.setVisible(on);
        if (on) {
            hover.setText(
                    hoveredNode != FleetLayout.NONE
                            ? model.describeNode(hoveredNode)
                            : model.describeRack(hoveredRack));
            // The overlay is unmanaged, so its new size does not reach us by itself: ask for a layout to place it.
            requestLayout();
        }
    }

    private void placeHover() {
        HoverPlacement.place(hover, canvas, this, pointerX, pointerY);
    }

    private double clamp(double value) {
        return Math.max(0, Math.min(scroll.getMax(), value));
    }
}
