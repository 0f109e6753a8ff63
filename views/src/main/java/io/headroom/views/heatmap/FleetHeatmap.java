package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;

/**
 * Every GPU of the fleet as one cell, hall by hall, rack by rack, coloured by idle state.
 *
 * <p>One {@link Canvas}, one int buffer, one {@code setPixels} per refresh: a node per cell
 * would cost CSS and layout for 100,000 nodes on every change. Hovering is arithmetic over
 * the {@link HeatmapGeometry}; the overlay names the GPU under the pointer. Colours come
 * from the theme through {@link ThemeSwatches}, so a theme switch recolours the cells.
 */
public final class FleetHeatmap extends Region {

    private final Messages messages;
    private final Canvas canvas = new Canvas();
    private final Label hover = new Label();
    private final HeatmapLegend legend;
    private final ThemeSwatches swatches;
    private final HeatmapPainter painter = new HeatmapPainter();
    private HeatmapPalette palette = HeatmapPalette.WALL_DEFAULT;
    private boolean backdropStale = true;
    private boolean repaintOnLayout;
    private FloorPlan plan;
    private HeatmapGeometry geometry;
    private WritableImage image;
    private FleetTelemetry telemetry;
    private FleetSummary summary;
    private long nowMillis;
    private int hoveredSlot = FleetLayout.NONE;
    private java.util.function.IntConsumer onNodeSelected = node -> { };
    private double hoverX;
    private double hoverY;

    public FleetHeatmap(Messages messages) {
        this.messages = messages;
        getStyleClass().add("hr-heatmap");
        canvas.getGraphicsContext2D().setImageSmoothing(false);
        legend = new HeatmapLegend(messages);
        hover.setId("heatmap-hover");
        hover.getStyleClass().add("hr-heatmap-hover");
        hover.setManaged(false);
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        swatches = new ThemeSwatches(this::themeChanged);
        canvas.setOnMouseMoved(event -> hoverAt(event.getX(), event.getY()));
        canvas.setOnMouseExited(event -> hoverAt(-1, -1));
        canvas.setOnMouseClicked(event -> {
            int slot = slotAt(event.getX(), event.getY());
            if (slot != FleetLayout.NONE && telemetry != null) {
                onNodeSelected.accept(telemetry.layout().nodeOfSlot(slot));
            }
        });
        getChildren().addAll(canvas, legend, hover, swatches);
    }

    /** Called with the node index when a cell is clicked: the operator wants that node. */
    public void setOnNodeSelected(java.util.function.IntConsumer handler) {
        this.onNodeSelected = handler == null ? node -> { } : handler;
    }

    /** Shows one refresh of the fleet. FX thread; {@code summary} must come from {@code telemetry}. */
    public void show(FleetTelemetry telemetry, FleetSummary summary, long nowMillis) {
        this.telemetry = telemetry;
        this.summary = summary;
        this.nowMillis = nowMillis;
        repaint();
        refreshHover();
    }

    /** The GPU slot under a point in this node's coordinates, or {@link FleetLayout#NONE}. */
    public int slotAt(double x, double y) {
        return geometry == null ? FleetLayout.NONE : geometry.slotAt(x - canvas.getLayoutX(), y - canvas.getLayoutY());
    }

    /** The centre of a GPU's cell in this node's coordinates, or null when it is not on screen. */
    public Point2D cellCenter(int slot) {
        double[] centre = geometry == null ? null : geometry.cellCenter(slot);
        return centre == null ? null : new Point2D(canvas.getLayoutX() + centre[0], canvas.getLayoutY() + centre[1]);
    }

    /** Cell width and height in pixels, {0, 0} before the first paint; for checks that cells stay readable. */
    public int[] cellSize() {
        return geometry == null ? new int[] {0, 0} : new int[] {geometry.cellWidth, geometry.cellHeight};
    }

    Canvas canvas() {
        return canvas;
    }

    HeatmapGeometry geometry() {
        return geometry;
    }

    @Override
    protected void layoutChildren() {
        Insets insets = getInsets();
        double x = snapPositionX(insets.getLeft());
        double y = snapPositionY(insets.getTop());
        double width = Math.max(0, getWidth() - insets.getLeft() - insets.getRight());
        double height = Math.max(0, getHeight() - insets.getTop() - insets.getBottom());
        double legendHeight = snapSizeY(legend.prefHeight(width));
        legend.resizeRelocate(x, y + height - legendHeight, width, legendHeight);
        int canvasWidth = (int) Math.floor(width);
        int canvasHeight = (int) Math.max(0, Math.floor(height - legendHeight));
        canvas.relocate(x, y);
        if (canvasWidth != (int) canvas.getWidth() || canvasHeight != (int) canvas.getHeight()) {
            canvas.setWidth(canvasWidth);
            canvas.setHeight(canvasHeight);
            repaintOnLayout = true;
        }
        if (repaintOnLayout) {
            repaintOnLayout = false;
            repaint();
        }
        placeHover();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 640 + getInsets().getLeft() + getInsets().getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        return 360 + getInsets().getTop() + getInsets().getBottom();
    }

    @Override
    protected double computeMinHeight(double width) {
        return legend.minHeight(width) + getInsets().getTop() + getInsets().getBottom();
    }

    private void themeChanged() {
        // Several tokens change in one CSS pass: coalesce them into one repaint at layout.
        backdropStale = true;
        repaintOnLayout = true;
        requestLayout();
    }

    private void repaint() {
        int width = (int) canvas.getWidth();
        int height = (int) canvas.getHeight();
        if (summary == null || width == 0 || height == 0 || summary.gpuCount() != telemetry.layout().gpuCount()) {
            return;
        }
        FleetLayout layout = telemetry.layout();
        if (plan == null || plan.layout != layout) {
            plan = FloorPlan.of(layout, messages.get("heatmap.unplaced"));
            geometry = null;
        }
        if (geometry == null || geometry.plan != plan || geometry.width != width || geometry.height != height) {
            double fontSize = swatches.hallFont().getSize();
            int longestRowName = plan.halls.stream().flatMap(hall -> hall.rowNames().stream())
                    .mapToInt(String::length).max().orElse(0);
            int rowNameWidth = longestRowName == 0 ? 0 : (int) Math.ceil(fontSize * (0.75 * longestRowName + 0.9));
            int labelHeight = (int) Math.ceil(fontSize * 1.6);
            geometry = HeatmapGeometry.fit(plan, width, height, labelHeight, rowNameWidth);
            if (rowNameWidth > 0 && geometry.blockHeight < fontSize) {
                // Racks shorter than a letter (huge fleets): names would overprint; give their room to cells.
                geometry = HeatmapGeometry.fit(plan, width, height, labelHeight, 0);
            }
            backdropStale = true;
        }
        if (backdropStale) {
            palette = swatches.palette();
            painter.paintBackdrop(geometry, palette);
            backdropStale = false;
        }
        painter.paintCells(geometry, palette, summary.gpuStates());
        if (image == null || (int) image.getWidth() != width || (int) image.getHeight() != height) {
            image = new WritableImage(width, height);
        }
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbPreInstance(),
                painter.pixels(), 0, width);
        GraphicsContext graphics = canvas.getGraphicsContext2D();
        graphics.drawImage(image, 0, 0);
        drawNames(graphics);
    }

    /** Hall names above each hall and row names left of each rack row, so a technician can find the rack. */
    private void drawNames(GraphicsContext graphics) {
        graphics.setFont(swatches.hallFont());
        graphics.setFill(swatches.hallFill());
        for (HeatmapGeometry.HallTile tile : geometry.tiles) {
            FloorPlan.HallPlan hall = plan.halls.get(tile.hall());
            String name = messages.format("heatmap.hall", hall.name(), messages.integer(hall.gpus()));
            graphics.setTextBaseline(VPos.TOP);
            graphics.fillText(name, tile.x(), tile.y(), Math.max(tile.width(), 1));
            graphics.setTextBaseline(VPos.CENTER);
            for (int line = 0; line < tile.lineNames().length; line++) {
                if (tile.lineNames()[line] != null && geometry.rowNameWidth > 0) {
                    graphics.fillText(tile.lineNames()[line], tile.x(),
                            tile.y() + tile.lineTops()[line] + geometry.blockHeight / 2.0, geometry.rowNameWidth);
                }
            }
        }
    }

    private void hoverAt(double x, double y) {
        hoveredSlot = geometry == null ? FleetLayout.NONE : geometry.slotAt(x, y);
        hoverX = x;
        hoverY = y;
        refreshHover();
    }

    private void refreshHover() {
        if (hoveredSlot == FleetLayout.NONE || summary == null || hoveredSlot >= summary.gpuCount()) {
            hover.setVisible(false);
            return;
        }
        IdleState state = IdleState.ofOrdinal(summary.gpuStates()[hoveredSlot]);
        hover.setText(CellDescription.describe(messages, telemetry, state, hoveredSlot, nowMillis));
        hover.setVisible(true);
        // The overlay is unmanaged, so its new size does not reach us by itself: ask for a layout to place it.
        requestLayout();
    }

    private void placeHover() {
        io.headroom.views.paint.HoverPlacement.place(hover, canvas, this, hoverX, hoverY);
    }
}
