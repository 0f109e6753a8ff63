package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.Palette;
import io.headroom.views.Messages;
import io.headroom.views.paint.CanvasTheme;
import io.headroom.views.paint.HoverPlacement;
import java.nio.IntBuffer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * Every GPU of the fleet as one cell, hall by hall, rack by rack, coloured by idle state or
 * by a reading (utilization, power, temperature, memory) on a colour-blind-safe scale, with
 * cells outside the chosen pools, tenants, models and states dimmed.
 *
 * <p>One {@link Canvas}, one int buffer the canvas's size, one {@code setPixels} per paint:
 * a node per cell would cost CSS and layout for 100,000 nodes on every change. A refresh, a
 * filter, a pick, a pan or a theme only marks the heatmap dirty; it paints in the next
 * layout pass, so at most once per pulse however many came in (and a snapshot, which lays
 * out first, sees the change). Zoomed in, the plan is laid out larger than the canvas and
 * only the part in view is painted. Hovering and picking are arithmetic over the
 * {@link HeatmapGeometry}; the overlay names the GPU under the pointer at any zoom. Colours
 * come from the theme's palette through a {@link CanvasTheme}.
 *
 * <p>Mouse: wheel zooms around the pointer, dragging pans, a click opens the server,
 * shift-drag picks the servers in a rectangle, Ctrl-click (Cmd on a Mac) picks or drops a
 * whole rack. Keys: + and - zoom, 0 shows the whole fleet, arrows pan, Esc drops the pick.
 */
public final class FleetHeatmap extends Region {

    private final Messages messages;
    private final Canvas canvas = new Canvas();
    private final Label hover = HoverPlacement.overlay("heatmap-hover");
    private final Rectangle lasso = new Rectangle();
    private final HeatmapLegend legend;
    private final HeatmapToolbar toolbar;
    private final CanvasTheme theme = new CanvasTheme(this::themeChanged);
    private final HeatmapPainter painter = new HeatmapPainter();
    /** The colouring and theme colours cells are coloured by now; null after either changed, until asked for. */
    private CellRecipe recipe;

    private final HeatmapFilter filter = new HeatmapFilter();
    // Hidden (the wall's tiles turn), it is shown no frame: the worker need not colour any.
    private final CellColourWork colourWork = new CellColourWork(() -> isVisible() ? recipe() : null, filter);
    private final HeatmapViewport viewport = new HeatmapViewport();
    private final ServerPick pick = new ServerPick();
    private final java.util.BitSet highlighted = new java.util.BitSet();
    private io.headroom.core.workload.FleetWorkloads workloads;
    private Colouring colouring = Colouring.STATE;
    private boolean backdropStale = true;
    private boolean dirty;
    private FloorPlan plan;
    private HeatmapGeometry geometry;
    private WritableImage image;
    private PixelBuffer<IntBuffer> pixels;
    private FleetTelemetry telemetry;
    private FleetSummary summary;
    private long nowMillis;
    private int paintedOffsetX = -1;
    private int paintedOffsetY = -1;
    private int hoveredSlot = FleetLayout.NONE;
    private long paints;
    private long paintedAt;
    private IntConsumer onNodeSelected = node -> {};
    private Consumer<int[]> onDrainSelected;
    private boolean picking = true;
    private double hoverX;
    private double hoverY;

    public FleetHeatmap(Messages messages) {
        this.messages = messages;
        getStyleClass().add("hr-heatmap");
        canvas.getGraphicsContext2D().setImageSmoothing(false);
        canvas.setFocusTraversable(true);
        legend = new HeatmapLegend(messages);
        toolbar = new HeatmapToolbar(messages, this::filterChanged);
        lasso.getStyleClass().add("hr-heatmap-lasso");
        lasso.setManaged(false);
        lasso.setVisible(false);
        lasso.setMouseTransparent(true);
        toolbar.colouring.valueProperty().subscribe(this::colour);
        toolbar.zoomIn.setOnAction(e -> zoomAt(centreX(), centreY(), 1));
        toolbar.zoomOut.setOnAction(e -> zoomAt(centreX(), centreY(), -1));
        toolbar.zoomAll.setOnAction(e -> showWholeFleet());
        toolbar.clearSelection.setOnAction(e -> clearSelection());
        toolbar.drainSelected.setOnAction(e -> {
            if (onDrainSelected != null && !pick.isEmpty()) {
                onDrainSelected.accept(selectedNodes());
            }
        });
        new HeatmapGestures(this, canvas).install();
        getChildren().addAll(toolbar, canvas, legend, lasso, hover, theme);
        toolbar.showZoom(viewport);
    }

    /** Called with the node index when a cell is clicked: the operator wants that node. */
    public void setOnNodeSelected(IntConsumer handler) {
        this.onNodeSelected = handler == null ? node -> {} : handler;
    }

    /**
     * Offers "Drain selected" for the servers picked on the heatmap; {@code handler} gets their
     * node indices. Null offers nothing (the wall, or no operations desk).
     */
    public void setOnDrainSelected(Consumer<int[]> handler) {
        this.onDrainSelected = handler;
        selectionChanged();
    }

    /**
     * Whether the operator can pick servers and use the controls; the wall shows the cells and
     * the legend only: nobody is there to use them, and nothing may open a dialog.
     */
    public void setInteractive(boolean interactive) {
        picking = interactive;
        toolbar.setVisible(interactive);
        toolbar.setManaged(interactive);
        if (!interactive) {
            clearSelection();
        }
        requestLayout();
    }

    /** Shows one refresh of the fleet. FX thread; {@code summary} must come from {@code telemetry}. */
    public void show(FleetTelemetry telemetry, FleetSummary summary, long nowMillis) {
        this.telemetry = telemetry;
        this.summary = summary;
        this.nowMillis = nowMillis;
        if (telemetry.layout().gpuCount() > 0) {
            ensureGeometry(); // pointing and picking follow this frame at once; the pixels wait for the pulse
        }
        legend.show(colouring, telemetry);
        markDirty();
        refreshHover();
    }

    /**
     * The cells' colours worked out on the feed's worker with each summary, ready with the frame;
     * register it with {@link io.headroom.views.live.FleetFeed#addFrameWork} while the heatmap
     * takes the feed's frames. Without it the FX thread colours every cell each refresh.
     */
    public io.headroom.views.live.FrameWork colourWork() {
        return colourWork;
    }

    /** Colours the cells by idle state or by a reading. */
    public void setColouring(Colouring colouring) {
        toolbar.colouring.setValue(colouring == null ? Colouring.STATE : colouring);
    }

    public Colouring colouring() {
        return colouring;
    }

    /** The GPU slot under a point in this node's coordinates, or {@link FleetLayout#NONE}. */
    public int slotAt(double x, double y) {
        double cx = x - canvas.getLayoutX();
        double cy = y - canvas.getLayoutY();
        if (geometry == null || cx < 0 || cy < 0 || cx >= canvas.getWidth() || cy >= canvas.getHeight()) {
            return FleetLayout.NONE;
        }
        return geometry.slotAt(cx + viewport.offsetX(), cy + viewport.offsetY());
    }

    /** The centre of a GPU's cell in this node's coordinates, or null when it is not on screen. */
    public Point2D cellCenter(int slot) {
        double[] centre = geometry == null ? null : geometry.cellCenter(slot);
        if (centre == null) {
            return null;
        }
        double x = centre[0] - viewport.offsetX();
        double y = centre[1] - viewport.offsetY();
        if (x < 0 || y < 0 || x >= canvas.getWidth() || y >= canvas.getHeight()) {
            return null;
        }
        return new Point2D(canvas.getLayoutX() + x, canvas.getLayoutY() + y);
    }

    /** Cell width and height in pixels, {0, 0} before the first paint; for checks that cells stay readable. */
    public int[] cellSize() {
        return geometry == null ? new int[] {0, 0} : new int[] {geometry.cellWidth, geometry.cellHeight};
    }

    /** The instant the last painted frame was judged at (samples up to it are on screen); for the view benchmark. */
    public long paintedAtMillis() {
        return paintedAt;
    }

    /** How many times the cells have been painted: the view benchmark tells a repaint from a quiet frame by it. */
    public long paintCount() {
        return paints;
    }

    /** Zooms {@code steps} levels in (out when negative) around the middle of the view, as the + and - keys do. */
    public void zoomAroundCentre(int steps) {
        zoomAt(centreX(), centreY(), steps);
    }

    /** The zoom factor: 1 shows the whole fleet. */
    public double zoom() {
        return viewport.zoom();
    }

    /** Who holds each GPU, for the words under the pointer and the holder filter; null (the default): nobody. */
    public void setWorkloads(io.headroom.core.workload.FleetWorkloads workloads) {
        this.workloads = workloads;
        filter.chooseHolder(toolbar.holder.getText(), workloads);
    }

    /** The workload holding the GPU in this slot (for a MIG GPU, its first held slice's), or null. */
    private io.headroom.core.workload.Workload holderOf(int slot) {
        return workloads == null
                ? null
                : workloads.holderOf(telemetry.layout(), slot).orElse(null);
    }

    /** Outlines these GPU slots (a workload's, picked on the Idle holders page); an empty array clears. FX thread. */
    public void setHighlighted(int[] gpuSlots) {
        highlighted.clear();
        for (int slot : gpuSlots) {
            highlighted.set(slot);
        }
        markDirty();
    }

    /** The GPU slots outlined now. */
    public int[] highlighted() {
        return highlighted.stream().toArray();
    }

    /** The servers picked for an operation, by node index, in order. */
    public int[] selectedNodes() {
        return pick.toArray();
    }

    /** Drops the pick. */
    public void clearSelection() {
        if (!pick.isEmpty()) {
            pick.clear();
            selectionChanged();
        }
    }

    Canvas canvas() {
        return canvas;
    }

    HeatmapGeometry geometry() {
        return geometry;
    }

    /** The colour of the canvas where no rack stands; for checks of how much of it the floor covers. */
    int backgroundArgb() {
        return theme.argb(Palette.HEATMAP_BG);
    }

    /** How many paints took their colours from the feed's worker rather than working them out here. */
    long paintsByWorker() {
        return colourWork.takenFromWorker();
    }

    HeatmapToolbar toolbar() {
        return toolbar;
    }

    HeatmapViewport viewport() {
        return viewport;
    }

    boolean picking() {
        return picking;
    }

    // ---------------------------------------------------------------- gestures (see HeatmapGestures)

    /** Zooms {@code steps} levels in (or out) keeping what is under canvas point (x, y) there. */
    void zoomAt(double x, double y, int steps) {
        if (!ensureGeometry()) {
            viewport.zoomBy(steps);
            toolbar.showZoom(viewport);
            return;
        }
        int slot = geometry.slotAt(x + viewport.offsetX(), y + viewport.offsetY());
        double fx = (x + viewport.offsetX()) / geometry.width;
        double fy = (y + viewport.offsetY()) / geometry.height;
        if (!viewport.zoomBy(steps)) {
            return;
        }
        geometry = null;
        ensureGeometry();
        double[] anchor = slot == FleetLayout.NONE ? null : geometry.cellCenter(slot);
        if (anchor == null) {
            anchor = new double[] {fx * geometry.width, fy * geometry.height};
        }
        viewport.anchor(anchor[0], anchor[1], x, y, geometry.width, geometry.height, canvasWidth(), canvasHeight());
        toolbar.showZoom(viewport);
        viewMoved();
    }

    void panBy(double dx, double dy) {
        if (geometry == null) {
            return;
        }
        viewport.panBy(dx, dy, geometry.width, geometry.height, canvasWidth(), canvasHeight());
        viewMoved();
    }

    void showWholeFleet() {
        viewport.reset();
        geometry = null;
        toolbar.showZoom(viewport);
        viewMoved();
    }

    /** Adds the servers with a cell in the rectangle between two canvas points to the pick. */
    void pickWithin(double x0, double y0, double x1, double y1) {
        if (geometry == null || !picking) {
            return;
        }
        pick.add(geometry.nodesWithin(
                x0 + viewport.offsetX(), y0 + viewport.offsetY(), x1 + viewport.offsetX(), y1 + viewport.offsetY()));
        selectionChanged();
    }

    /** Picks the whole rack of the server under canvas point (x, y), or drops it when all of it is picked. */
    void toggleRackAt(double x, double y) {
        int slot =
                geometry == null ? FleetLayout.NONE : geometry.slotAt(x + viewport.offsetX(), y + viewport.offsetY());
        if (slot == FleetLayout.NONE || !picking) {
            return;
        }
        pick.toggleRackOf(telemetry.layout(), telemetry.layout().nodeOfSlot(slot));
        selectionChanged();
    }

    void openAt(double x, double y) {
        int slot =
                geometry == null ? FleetLayout.NONE : geometry.slotAt(x + viewport.offsetX(), y + viewport.offsetY());
        if (slot != FleetLayout.NONE && telemetry != null) {
            onNodeSelected.accept(telemetry.layout().nodeOfSlot(slot));
        }
    }

    void showLasso(double x0, double y0, double x1, double y1) {
        lasso.setX(canvas.getLayoutX() + Math.min(x0, x1));
        lasso.setY(canvas.getLayoutY() + Math.min(y0, y1));
        lasso.setWidth(Math.abs(x1 - x0));
        lasso.setHeight(Math.abs(y1 - y0));
        lasso.setVisible(true);
    }

    void hideLasso() {
        lasso.setVisible(false);
    }

    void hoverAt(double x, double y) {
        hoveredSlot = geometry == null || x < 0 || y < 0
                ? FleetLayout.NONE
                : geometry.slotAt(x + viewport.offsetX(), y + viewport.offsetY());
        hoverX = x;
        hoverY = y;
        refreshHover();
    }

    double centreX() {
        return canvas.getWidth() / 2;
    }

    double centreY() {
        return canvas.getHeight() / 2;
    }

    int canvasWidth() {
        return (int) canvas.getWidth();
    }

    int canvasHeight() {
        return (int) canvas.getHeight();
    }

    // ---------------------------------------------------------------- layout and painting

    @Override
    protected void layoutChildren() {
        Insets insets = getInsets();
        double x = snapPositionX(insets.getLeft());
        double y = snapPositionY(insets.getTop());
        double width = Math.max(0, getWidth() - insets.getLeft() - insets.getRight());
        double height = Math.max(0, getHeight() - insets.getTop() - insets.getBottom());
        double toolbarHeight = toolbar.isManaged() ? snapSizeY(toolbar.prefHeight(width)) : 0;
        toolbar.resizeRelocate(x, y, width, toolbarHeight);
        double legendHeight = snapSizeY(legend.prefHeight(width));
        legend.resizeRelocate(x, y + height - legendHeight, width, legendHeight);
        int canvasWidth = (int) Math.floor(width);
        int canvasHeight = (int) Math.max(0, Math.floor(height - legendHeight - toolbarHeight));
        canvas.relocate(x, y + toolbarHeight);
        if (canvasWidth != (int) canvas.getWidth() || canvasHeight != (int) canvas.getHeight()) {
            canvas.setWidth(canvasWidth);
            canvas.setHeight(canvasHeight);
            geometry = null;
            dirty = true;
        }
        if (dirty) {
            dirty = false;
            paint();
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

    /** Paints in the next layout pass: once per pulse, however many changes come in before it. */
    private void markDirty() {
        dirty = true;
        setNeedsLayout(true); // this node only: its parents just pass the layout pass down to it
    }

    private void themeChanged() {
        recipe = null;
        backdropStale = true;
        geometry = null; // the hall font may have changed, and with it the room for names
        markDirty();
    }

    private void colour(Colouring chosen) {
        colouring = chosen == null ? Colouring.STATE : chosen;
        recipe = null;
        legend.show(colouring, telemetry);
        markDirty();
        refreshHover();
    }

    private CellRecipe recipe() {
        if (recipe == null) {
            recipe = CellRecipe.of(colouring, theme);
        }
        return recipe;
    }

    private void filterChanged() {
        filter.choose(
                toolbar.checked(toolbar.pools),
                toolbar.checked(toolbar.tenants),
                toolbar.checked(toolbar.models),
                toolbar.checkedStates());
        filter.chooseHolder(toolbar.holder.getText(), workloads);
        markDirty();
    }

    private void viewMoved() {
        markDirty();
        refreshHover();
    }

    private void selectionChanged() {
        int count = pick.count();
        toolbar.showSelection(count, messages.format("heatmap.selected", count), onDrainSelected != null && picking);
        markDirty();
    }

    /** Lays the plan out for the current layout, canvas size and zoom, if it is not; false when there is nothing to lay out. */
    private boolean ensureGeometry() {
        int width = canvasWidth();
        int height = canvasHeight();
        if (telemetry == null || width == 0 || height == 0) {
            return false;
        }
        FleetLayout layout = telemetry.layout();
        if (plan == null || plan.layout != layout) {
            plan = FloorPlan.of(layout, messages.get("heatmap.unplaced"));
            geometry = null;
            pick.clear();
            toolbar.offer(HeatmapFilter.Choices.of(layout));
            selectionChanged();
        }
        int planWidth = viewport.planWidth(width);
        int planHeight = viewport.planHeight(height);
        if (geometry == null || geometry.plan != plan || geometry.width != planWidth || geometry.height != planHeight) {
            geometry = HeatmapGeometry.fitWithNames(
                    plan, planWidth, planHeight, theme.headingFont().getSize());
            viewport.clamp(geometry.width, geometry.height, width, height);
            backdropStale = true;
        }
        return true;
    }

    // The pixel buffer must wrap this very array (identity, not equal contents): the painter may have made a new one.
    @SuppressWarnings("ReferenceEquality")
    private void paint() {
        if (telemetry != null && telemetry.layout().gpuCount() == 0) {
            paintEmpty();
            return;
        }
        if (summary == null || summary.gpuCount() != telemetry.layout().gpuCount() || !ensureGeometry()) {
            return;
        }
        int width = canvasWidth();
        int height = canvasHeight();
        int ox = viewport.offsetX();
        int oy = viewport.offsetY();
        boolean moved = backdropStale || ox != paintedOffsetX || oy != paintedOffsetY;
        if (moved) {
            painter.paintBackdrop(
                    geometry, theme.argb(Palette.HEATMAP_BG), theme.argb(Palette.RACK_BG), ox, oy, width, height);
            backdropStale = false;
            paintedOffsetX = ox;
            paintedOffsetY = oy;
        }
        boolean changed = painter.paintCells(
                geometry,
                colourWork.coloursFor(telemetry, summary, recipe()),
                pick.nodes(),
                theme.argb(Palette.SELECTION),
                highlighted,
                theme.argb(Palette.HIGHLIGHT));
        if (pixels == null || pixels.getBuffer().array() != painter.pixels()) {
            // The image reads the painter's buffer itself: no copy (and no conversion to bytes) per frame.
            pixels = new PixelBuffer<>(
                    width, height, IntBuffer.wrap(painter.pixels()), PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixels);
            changed = true;
            moved = true; // all of a new buffer is new
        }
        if (changed) {
            // Only the rectangle that changed goes up to the texture; a canvas keeps what it was drawn, so
            // a frame in which no cell changed colour draws nothing at all.
            Rectangle2D dirty = moved
                    ? null
                    : new Rectangle2D(painter.dirtyX(), painter.dirtyY(), painter.dirtyWidth(), painter.dirtyHeight());
            pixels.updateBuffer(buffer -> dirty);
            GraphicsContext graphics = canvas.getGraphicsContext2D();
            graphics.drawImage(image, 0, 0);
            HallNames.draw(
                    graphics,
                    geometry,
                    messages,
                    theme.headingFont(),
                    theme.color(Palette.FG_MUTED),
                    ox,
                    oy,
                    canvas.getWidth(),
                    canvas.getHeight());
        }
        paints++;
        paintedAt = nowMillis;
    }

    /** No GPU has reported: the canvas says so, where the floor will be, rather than stay blank. */
    private void paintEmpty() {
        EmptyFloor.draw(canvas, theme, messages.get("heatmap.empty"));
        geometry = null;
        backdropStale = true;
    }

    private void refreshHover() {
        if (hoveredSlot == FleetLayout.NONE || summary == null || hoveredSlot >= summary.gpuCount()) {
            hover.setVisible(false);
            return;
        }
        IdleState state = IdleState.ofOrdinal(summary.gpuStates()[hoveredSlot]);
        hover.setText(
                CellDescription.describe(messages, telemetry, state, hoveredSlot, nowMillis, holderOf(hoveredSlot)));
        hover.setVisible(true);
        // The overlay is unmanaged, so its new size does not reach us by itself: ask for a layout to place it.
        requestLayout();
    }

    private void placeHover() {
        HoverPlacement.place(hover, canvas, this, hoverX, hoverY);
    }
}
