package io.headroom.views.overview;

import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.Tile.SkinType;
import eu.hansolo.tilesfx.Tile.TextSize;
import eu.hansolo.tilesfx.TileBuilder;
import eu.hansolo.tilesfx.skins.BarChartItem;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.paint.CanvasTheme;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.scene.layout.Region;

import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fleet's headline figures as a row of TilesFX tiles, the wall's first read from across
 * the room: what idle capacity is worth, GPUs by state, fleet utilization, card-hours used
 * today, power against budget, the hottest inlet, open alerts and what is not reporting. A
 * tile that needs someone turns red.
 *
 * <p>TilesFX sizes a tile's type from its smaller side, so the row keeps its tiles close to
 * square ({@link #ASPECT}) and as wide as the window allows: on a 1080p wall a tile is about
 * 230 px, its value 55 px high; on a 4K wall both double without any setting. Only a very
 * wide, short window caps them ({@link #MAX_SHARE_OF_PAGE}), so the heatmap below keeps
 * most of the screen. Colours and type are the theme's ({@link TileLook}).
 */
public final class OverviewView extends Region {

    /** How the tiles are laid out: one row above the heatmap, or a grid filling a page of its own (the wall). */
    public enum Arrangement { ROW, GRID }

    /** Width over height of a tile in a row: a little taller than wide, so the six states' bars all fit. */
    static final double ASPECT = 0.9;
    /** The most of its parent's height the row may take. */
    static final double MAX_SHARE_OF_PAGE = 0.3;
    static final int GRID_COLUMNS = 4;
    private static final double GAP = 8;

    private final OverviewViewModel model;
    private final Messages messages;
    private final TileLook look;
    private final Map<IdleState, BarChartItem> stateBars = new EnumMap<>(IdleState.class);
    /** The locale's digits and grouping, made once: a value may change several times a second. */
    private final DecimalFormat whole;
    private final DecimalFormat tenths;
    private Arrangement arrangement = Arrangement.ROW;

    public OverviewView(OverviewViewModel model) {
        this.model = model;
        this.messages = model.messages();
        whole = decimals(0);
        tenths = decimals(1);
        getStyleClass().add("hr-overview");
        CanvasTheme theme = new CanvasTheme(this::restyle);
        look = new TileLook(theme);
        getChildren().add(theme);

        add(idleCapacity(), gpusByState(), utilization(), cardHours(), power(), inlet(), openAlerts(), notReporting());
        restyle();
    }

    public OverviewViewModel model() {
        return model;
    }

    public void setArrangement(Arrangement arrangement) {
        this.arrangement = arrangement;
        requestLayout();
    }

    public Arrangement arrangement() {
        return arrangement;
    }

    /** The tile with this id ({@code tile-idle-capacity}, {@code tile-gpus-by-state}, ...), for tests and screenshots. */
    public Tile tile(String id) {
        return getChildren().stream().filter(n -> n instanceof TileSlot slot && id.equals(slot.tile().getId()))
                .map(n -> ((TileSlot) n).tile()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tile " + id));
    }

    private Tile idleCapacity() {
        Tile tile = tile("tile-idle-capacity", SkinType.NUMBER, messages.get("figure.idle-capacity.caption"));
        tile.setUnit(messages.get("figure.idle-capacity.unit"));
        tile.setDecimals(1);
        showNumber(tile, model.idlePflopsProperty());
        tile.descriptionProperty().bind(model.idleCapacityDetailProperty().orElse(""));
        tile.textProperty().bind(model.migLineProperty().orElse(""));
        return tile;
    }

    private Tile gpusByState() {
        Tile tile = tile("tile-gpus-by-state", SkinType.BAR_CHART, messages.get("tile.gpus-by-state.title"));
        tile.setItemSorting(Tile.ItemSorting.NONE); // the states keep their places, as in the legend
        for (IdleState state : IdleState.values()) {
            BarChartItem bar = new BarChartItem(messages.stateName(state), 0, look.color(CanvasTheme.Token.ACCENT));
            bar.setFormatString("%,.0f");
            bar.setLocale(messages.locale());
            stateBars.put(state, bar);
            tile.addBarChartItem(bar);
            model.gpusProperty(state).subscribe(count -> bar.setValue(count.doubleValue()));
        }
        model.gpuCountProperty().subscribe(count -> tile.setMaxValue(Math.max(1, count.doubleValue())));
        return tile;
    }

    private Tile utilization() {
        Tile tile = tile("tile-utilization", SkinType.GAUGE2, messages.get("figure.utilization.caption"));
        tile.setUnit("%");
        tile.setMaxValue(100);
        tile.setDecimals(0);
        showNumber(tile, model.utilizationPctProperty()); // no caption: this skin prints one too small to read
        return tile;
    }

    private Tile cardHours() {
        // A number, not a ring: before the day's first closed hour there is no figure, and a ring cannot say so.
        Tile tile = tile("tile-card-hours", SkinType.NUMBER, messages.get("tile.card-hours.title"));
        tile.setDecimals(1);
        tile.setUnit("%");
        showNumber(tile, model.cardHoursTodayPctProperty());
        tile.descriptionProperty().bind(model.cardHoursDetailProperty().orElse(""));
        return tile;
    }

    private Tile power() {
        Tile tile = tile("tile-power", SkinType.BAR_GAUGE, messages.get("tile.power.title"));
        tile.setUnit(messages.get("figure.power.unit"));
        tile.setDecimals(0);
        tile.setCustomDecimalFormatEnabled(true);
        tile.setCustomDecimalFormat(whole);
        Runnable scale = () -> {
            double budget = model.powerBudgetKwProperty().get();
            double kw = model.powerKwProperty().get();
            // Without a budget the bar has nothing to fill against; it shows the draw against itself.
            tile.setMaxValue(Math.max(1, budget > 0 ? Math.max(budget, kw) : kw));
            tile.setThreshold(budget > 0 ? OverviewViewModel.NEAR_BUDGET * budget : tile.getMaxValue());
            tile.setThresholdVisible(budget > 0);
            tile.setValue(kw);
        };
        model.powerBudgetKwProperty().subscribe(budget -> scale.run());
        model.powerKwProperty().subscribe(kw -> scale.run());
        tile.textProperty().bind(model.powerBudgetDetailProperty().orElse(""));
        look.alertWhen(tile, model.nearBudgetProperty());
        return tile;
    }

    private Tile inlet() {
        Tile tile = tile("tile-inlet", SkinType.NUMBER, messages.get("tile.inlet.title"));
        tile.setUnit("\u00b0C");
        tile.setDecimals(1);
        showNumber(tile, model.hottestInletCProperty());
        tile.descriptionProperty().bind(model.hottestInletDetailProperty().orElse(""));
        look.alertWhen(tile, model.inletHotProperty());
        return tile;
    }

    private Tile openAlerts() {
        Tile tile = tile("tile-alerts", SkinType.NUMBER, messages.get("tile.alerts.title"));
        tile.setDecimals(0);
        // -1 until the alerts page has counted: no number rather than a zero that means "all clear".
        showNumber(tile, model.openAlertsProperty().map(n -> n.intValue() < 0 ? Double.NaN : n.doubleValue()));
        tile.descriptionProperty().bind(model.openAlertsDetailProperty().orElse(""));
        look.alertWhen(tile, model.anyCriticalProperty());
        return tile;
    }

    private Tile notReporting() {
        Tile tile = tile("tile-stale-nodes", SkinType.NUMBER, messages.get("figure.stale-nodes.caption"));
        tile.setDecimals(0);
        showNumber(tile, model.staleNodesProperty());
        tile.descriptionProperty().bind(javafx.beans.binding.Bindings.concat(
                model.staleNodesTotalTextProperty().orElse(""), " \u00b7 ", model.staleNodesDetailProperty().orElse("")));
        tile.textProperty().bind(model.agentsDetailProperty().orElse(""));
        look.alertWhen(tile, model.linkTroubleProperty());
        return tile;
    }

    private Tile tile(String id, SkinType skin, String title) {
        Tile tile = TileBuilder.create()
                .skinType(skin)
                .title(title)
                .textSize(TextSize.BIGGER)
                .locale(messages.locale())
                .animated(false) // a wall redraws several times a second; a sweep per update would never rest
                .roundedCorners(true)
                .build();
        tile.setId(id);
        tile.getStyleClass().add("hr-tile");
        look.style(tile);
        return tile;
    }

    /** Shows a reading, or no number at all while it is unknown (NaN). */
    private void showNumber(Tile tile, ObservableValue<? extends Number> reading) {
        tile.setCustomDecimalFormatEnabled(true);
        tile.setCustomDecimalFormat(tile.getDecimals() > 0 ? tenths : whole);
        reading.subscribe(value -> {
            double v = value.doubleValue();
            tile.setValueVisible(!Double.isNaN(v)); // the unit stays: TilesFX does not show a unit set after the skin
            if (!Double.isNaN(v)) {
                // Tenths while a figure is small; past a hundred they are noise, as the model rounds it.
                if (tile.getDecimals() > 0) {
                    tile.setCustomDecimalFormat(v < 100 ? tenths : whole);
                }
                tile.setValue(v);
            }
        });
    }

    /** The locale's digits and grouping with a fixed number of decimals. */
    private DecimalFormat decimals(int places) {
        DecimalFormat format = (DecimalFormat) NumberFormat.getNumberInstance(messages.locale());
        format.setMinimumFractionDigits(places);
        format.setMaximumFractionDigits(places);
        return format;
    }

    private void add(Tile... tiles) {
        for (Tile tile : tiles) {
            getChildren().add(new TileSlot(tile));
        }
    }

    private void restyle() {
        look.repaint();
        stateBars.forEach((state, bar) -> {
            bar.setBarColor(look.stateColor(state));
            bar.setNameColor(look.color(CanvasTheme.Token.FG));
            bar.setValueColor(look.color(CanvasTheme.Token.FG));
            bar.setBarBackgroundColor(look.color(CanvasTheme.Token.BORDER));
        });
    }

    /** Equal tiles whatever their text, so nothing jumps as values change. */
    @Override
    protected void layoutChildren() {
        var slots = getManagedChildren();
        int columns = arrangement == Arrangement.ROW ? slots.size() : GRID_COLUMNS;
        int rows = (slots.size() + columns - 1) / columns;
        double left = snappedLeftInset();
        double top = snappedTopInset();
        double width = (getWidth() - left - snappedRightInset() - GAP * (columns - 1)) / columns;
        double height = (getHeight() - top - snappedBottomInset() - GAP * (rows - 1)) / rows;
        for (int i = 0; i < slots.size(); i++) {
            int column = i % columns;
            int row = i / columns;
            slots.get(i).resizeRelocate(snapPositionX(left + column * (width + GAP)), snapPositionY(top + row * (height + GAP)),
                    snapSizeX(width), snapSizeY(height));
        }
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + snappedRightInset() + 8 * 200;
    }

    /** In a row: tiles close to square, capped at a share of the page; in a grid, whatever the page gives. */
    @Override
    protected double computePrefHeight(double width) {
        int tiles = getManagedChildren().size();
        if (width <= 0 || tiles == 0 || arrangement == Arrangement.GRID) {
            return snappedTopInset() + snappedBottomInset() + 2 * 200 + GAP;
        }
        double inner = width - snappedLeftInset() - snappedRightInset() - GAP * (tiles - 1);
        double height = inner / tiles / ASPECT;
        if (getParent() instanceof Region page && page.getHeight() > 0) {
            height = Math.min(height, page.getHeight() * MAX_SHARE_OF_PAGE);
        }
        return snappedTopInset() + snapSizeY(height) + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return arrangement == Arrangement.ROW ? computePrefHeight(width) : 0;
    }
}
