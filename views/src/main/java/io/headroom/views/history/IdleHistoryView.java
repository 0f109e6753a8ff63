package io.headroom.views.history;

import io.headroom.views.ChoiceNames;
import io.headroom.views.Messages;
import io.headroom.views.live.WhileShown;
import io.headroom.views.paint.CanvasTheme;
import io.headroom.views.paint.HoverPlacement;
import java.time.InstantSource;
import java.time.ZoneId;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Subscription;

/**
 * "Idle by hour": racks (or pools, tenants, halls) down, hours across, each cell as idle as
 * the group was in that hour, on the theme's sequential scale, so capacity idle at the same
 * hours every day shows as bright vertical bands. Over the last 24 hours, 7 or 30 days of
 * closed hours from the store's rollups, read off the FX thread whenever the page is shown or
 * a choice changes. Pointing at a cell names the group, the hour and how idle it was.
 */
public final class IdleHistoryView extends Region {

    private final Messages messages;
    private final HistoryLoader loader;
    private final ComboBox<Grouping> grouping = new ComboBox<>(FXCollections.observableArrayList(Grouping.values()));
    private final ComboBox<HistoryRange> range =
            new ComboBox<>(FXCollections.observableArrayList(HistoryRange.values()));
    private final Label status = new Label();
    private final Label filling = new Label();
    private final HBox toolbar;
    private final HBox legend;
    private final Canvas canvas = new Canvas();
    private final Label hover = HoverPlacement.overlay("history-hover");
    /** Over the grid while no closed hour is kept for the range: the grid alone would be a blank. */
    private final Label empty = new Label();

    private final CanvasTheme theme = new CanvasTheme(this::themeChanged);
    private final IdleGridPainter painter;
    private final Subscription showing;
    private IdleGrid grid;
    private double hoverX;
    private double hoverY;

    public IdleHistoryView(IdleHistory history, Messages messages, InstantSource clock, ZoneId zone) {
        this.messages = messages;
        this.painter = new IdleGridPainter(canvas, theme, messages, zone);
        this.loader = new HistoryLoader(history, clock, this::showGrid, this::showFailure);
        getStyleClass().addAll("hr-view", "hr-history");
        grouping.setId("history-grouping");
        range.setId("history-range");
        grouping.getSelectionModel().select(Grouping.RACK);
        range.getSelectionModel().select(HistoryRange.WEEK);
        ChoiceNames.show(grouping, g -> messages.get(g.nameKey()));
        ChoiceNames.show(range, r -> messages.get(r.nameKey()));
        Label title = new Label(messages.get("history.title"));
        title.getStyleClass().add("hr-view-title");
        status.setId("history-status");
        status.getStyleClass().add("hr-bar-text");
        // A long status (what could not be read, with its URL) is cut short here rather than squeezing the choices.
        status.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        filling.setId("history-filling");
        filling.getStyleClass().add("hr-bar-text");
        filling.managedProperty().bind(filling.visibleProperty());
        filling.setVisible(false);
        toolbar =
                new HBox(title, new Label(messages.get("history.group-by")), grouping, range, spacer, filling, status);
        toolbar.getStyleClass().add("hr-view-bar");
        Region bar = new Region();
        bar.getStyleClass().add("hr-scale-bar");
        Label low = new Label(messages.get("history.legend.low"));
        Label high = new Label(messages.get("history.legend.high"));
        low.getStyleClass().add("hr-legend-item");
        high.getStyleClass().add("hr-legend-item");
        Label caption = new Label(messages.get("history.legend.caption"));
        caption.getStyleClass().add("hr-legend-item");
        for (Label item : java.util.List.of(caption, low, high)) {
            item.setMinWidth(Region.USE_PREF_SIZE);
        }
        var hinted = new io.headroom.views.HintedLegend(messages.get("history.hint"));
        hinted.addItems(caption, low, bar, high);
        legend = hinted;
        canvas.setOnMouseMoved(e -> hoverAt(e.getX(), e.getY()));
        canvas.setOnMouseExited(e -> hoverAt(-1, -1));
        empty.setId("history-empty");
        empty.getStyleClass().add("hr-empty-state");
        empty.setManaged(false);
        empty.setVisible(false);
        empty.setMouseTransparent(true);
        empty.setWrapText(true);
        getChildren().addAll(toolbar, canvas, legend, hover, empty, theme);
        grouping.valueProperty().subscribe(g -> reload());
        range.valueProperty().subscribe(r -> reload());
        showing = WhileShown.run(this, () -> {
            reload();
            return Subscription.EMPTY;
        });
        status.setText(messages.get("history.loading"));
    }

    /** Reads the store again for the chosen grouping and range, off the FX thread. */
    public void reload() {
        Grouping by = grouping.getValue();
        HistoryRange span = range.getValue();
        if (by != null && span != null && getScene() != null) {
            status.setText(messages.get("history.loading"));
            loader.load(by, span);
        }
    }

    /** Reads the store on this thread and shows the result at once: for snapshots and tests. */
    public void reloadNow() {
        loader.loadNow(grouping.getValue(), range.getValue());
    }

    /** How far filling the history from the agents has got ("" when it is not filling); FX thread. */
    public void showFilling(String text) {
        filling.setText(text);
        filling.setVisible(!text.isEmpty());
    }

    public String fillingText() {
        return filling.isVisible() ? filling.getText() : "";
    }

    public void choose(Grouping by, HistoryRange span) {
        grouping.setValue(by);
        range.setValue(span);
    }

    public IdleGrid grid() {
        return grid;
    }

    /** The centre of a cell in this node's coordinates, or null when it is not laid out. */
    public Point2D cellCenter(int row, int column) {
        double[] c = painter.cellCenter(row, column);
        return c == null ? null : new Point2D(canvas.getLayoutX() + c[0], canvas.getLayoutY() + c[1]);
    }

    /** Stops loading for good; the view can then be collected. FX thread. */
    public void dispose() {
        showing.unsubscribe();
        loader.close();
    }

    private void showGrid(IdleGrid loaded, String shortfall) {
        grid = loaded;
        String figures = loaded.groups().isEmpty()
                ? messages.get("history.empty")
                : messages.format("history.loaded", loaded.groups().size(), loaded.hours());
        status.setText(
                shortfall == null ? figures : figures + " \u00b7 " + messages.format("history.partial", shortfall));
        status.setTooltip(shortfall == null ? null : new Tooltip(status.getText()));
        empty.setText(messages.get("history.empty-detail"));
        empty.setVisible(loaded.groups().isEmpty());
        requestLayout();
        painter.paint(loaded);
        refreshHover();
    }

    private void showFailure(String reason) {
        status.setText(messages.format("history.failed", reason));
    }

    private void themeChanged() {
        requestLayout();
        painter.paint(grid);
    }

    private void hoverAt(double x, double y) {
        hoverX = x;
        hoverY = y;
        refreshHover();
    }

    private void refreshHover() {
        int[] cell = grid == null || hoverX < 0 ? null : painter.cellAt(hoverX, hoverY);
        if (cell == null) {
            hover.setVisible(false);
            return;
        }
        hover.setText(painter.describe(grid, cell[0], cell[1]));
        hover.setVisible(true);
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        Insets insets = getInsets();
        double x = insets.getLeft();
        double y = insets.getTop();
        double width = Math.max(0, getWidth() - x - insets.getRight());
        double height = Math.max(0, getHeight() - y - insets.getBottom());
        double toolbarHeight = snapSizeY(toolbar.prefHeight(width));
        double legendHeight = snapSizeY(legend.prefHeight(width));
        toolbar.resizeRelocate(x, y, width, toolbarHeight);
        legend.resizeRelocate(x, y + height - legendHeight, width, legendHeight);
        canvas.relocate(x, y + toolbarHeight);
        double canvasWidth = Math.floor(width);
        double canvasHeight = Math.max(0, Math.floor(height - toolbarHeight - legendHeight));
        if (canvasWidth != canvas.getWidth() || canvasHeight != canvas.getHeight()) {
            canvas.setWidth(canvasWidth);
            canvas.setHeight(canvasHeight);
            painter.paint(grid);
        }
        HoverPlacement.place(hover, canvas, this, hoverX, hoverY);
        double emptyWidth = Math.min(canvasWidth * 0.8, snapSizeX(empty.prefWidth(-1)));
        double emptyHeight = snapSizeY(empty.prefHeight(emptyWidth));
        empty.resizeRelocate(
                x + (canvasWidth - emptyWidth) / 2,
                y + toolbarHeight + (canvasHeight - emptyHeight) / 2,
                emptyWidth,
                emptyHeight);
    }
}
