package io.headroom.views.overview;

import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.Tile.SkinType;
import eu.hansolo.tilesfx.Tile.TextSize;
import eu.hansolo.tilesfx.TileBuilder;
import eu.hansolo.tilesfx.skins.BarChartItem;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.Palette;
import io.headroom.views.Messages;
import io.headroom.views.paint.CanvasTheme;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.scene.layout.Region;

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
public final class FleetTilesView extends Region {

    /** How the tiles are laid out: one row above the heatmap, or a grid filling a page of its own (the wall). */
    public enum Arrangement {
        ROW,
        GRID
    }

    /** Width over height of a tile in a row: a little taller than wide, so the six states' bars all fit. */
    static final double ASPECT = 0.9;
    /** The most of its parent's height the row may take. */
    static final double MAX_SHARE_OF_PAGE = 0.3;

    /** Wall grid: two rows of tiles. */
    static final int GRID_ROWS = 2;
    /** The top held-idle holders the leader board names. */
    public static final int TOP_HOLDERS = 5;

    private static final double GAP = 8;
    /** Key of the figure a tile shows, in its properties. */
    private static final String FIGURE = "headroom.figure";

    private final FleetTilesViewModel model;
    private final Messages messages;
    private final CanvasTheme theme = new CanvasTheme(this::restyle);
    private final TileLook look = new TileLook(theme);
    private final Map<IdleState, BarChartItem> stateBars = new EnumMap<>(IdleState.class);
    /** The locale's digits and grouping, made once: a value may change several times a second. */
    private final DecimalFormat whole;

    private final DecimalFormat tenths;
    private Arrangement arrangement = Arrangement.ROW;
    private Tile topHolders;
    private final java.util.List<Object> kept = new java.util.ArrayList<>();

    public FleetTilesView(FleetTilesViewModel model) {
        this.model = model;
        this.messages = model.messages();
        whole = decimals(0);
        tenths = decimals(1);
        getStyleClass().add("hr-overview");
        getChildren().add(theme);

        add(
                idleCapacity(),
                gpusByState(),
                utilization(),
                cardHours(),
                power(),
                inlet(),
                openAlerts(),
                notReporting(),
                topHolders());
        restyle();
    }

    public FleetTilesViewModel model() {
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
        return getChildren().stream()
                .filter(n -> n instanceof TileSlot slot && id.equals(slot.tile().getId()))
                .map(n -> ((TileSlot) n).tile())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tile " + id));
    }

    private Tile idleCapacity() {
        Tile tile = tile("tile-idle-capacity", SkinType.NUMBER, messages.get("figure.idle-capacity.caption"));
        showFigure(tile, model.idlePflopsProperty(), TileFigure.Kind.FLOPS);
        // On demand, the split by vendor: a click swaps the line under the figure, hovering shows it in full.
        tile.descriptionProperty()
                .bind(model.showingByVendorProperty()
                        .flatMap(byVendor ->
                                byVendor ? model.idleByVendorLineProperty() : model.idleCapacityDetailProperty())
                        .orElse(""));
        tile.textProperty().bind(model.migLineProperty().orElse(""));
        tile.setOnMouseClicked(e -> model.toggleByVendor());
        var split = new javafx.scene.control.Tooltip();
        split.setId("tile-idle-capacity-by-vendor");
        split.textProperty().bind(model.idleByVendorProperty());
        model.idleByVendorProperty().subscribe(text -> {
            if (text.isEmpty()) {
                javafx.scene.control.Tooltip.uninstall(tile, split);
            } else {
                javafx.scene.control.Tooltip.install(tile, split);
            }
        });
        return tile;
    }

    private Tile gpusByState() {
        Tile tile = tile("tile-gpus-by-state", SkinType.BAR_CHART, messages.get("tile.gpus-by-state.title"));
        tile.setItemSorting(Tile.ItemSorting.NONE); // the states keep their places, as in the legend
        for (IdleState state : IdleState.values()) {
            BarChartItem bar = new BarChartItem(messages.stateName(state), 0, theme.color(Palette.ACCENT));
            bar.setFormatString("%,.0f");
            bar.setLocale(messages.locale());
            stateBars.put(state, bar);
            tile.addBarChartItem(bar);
            model.gpusProperty(state).subscribe(count -> bar.setValue(count.doubleValue()));
        }
        model.gpuCountProperty().subscribe(count -> tile.setMaxValue(Math.max(1, count.doubleValue())));
        // Before any GPU reports, no bars: six zeros would read as a fleet with nothing in it.
        model.fleetKnownProperty().subscribe(known -> {
            stateBars.values().forEach(bar -> bar.setVisible(known));
            tile.setText(known ? "" : messages.get("tile.no-gpus"));
        });
        return tile;
    }

    private Tile utilization() {
        Tile tile = tile("tile-utilization", SkinType.GAUGE2, messages.get("figure.utilization.caption"));
        tile.setMaxValue(100);
        // No caption: this skin prints one too small to read. Whole percent: the needle says no more.
        showWholeFigure(tile, model.utilizationPctProperty(), TileFigure.Kind.PERCENT);
        gaugeWhileKnown(
                tile,
                SkinType.GAUGE2,
                model.utilizationPctProperty().map(pct -> !Double.isNaN(pct.doubleValue())),
                () -> tile.setMaxValue(100));
        tile.textProperty().bind(model.fleetKnownProperty().map(known -> known ? "" : messages.get("tile.no-gpus")));
        return tile;
    }

    private Tile cardHours() {
        // A number, not a ring: before the day's first closed hour there is no figure, and a ring cannot say so.
        Tile tile = tile("tile-card-hours", SkinType.NUMBER, messages.get("tile.card-hours.title"));
        showFigure(tile, model.cardHoursTodayPctProperty(), TileFigure.Kind.PERCENT);
        tile.descriptionProperty().bind(model.cardHoursDetailProperty().orElse(""));
        return tile;
    }

    private Tile power() {
        Tile tile = tile("tile-power", SkinType.BAR_GAUGE, messages.get("tile.power.title"));
        prepareUnit(tile);
        Runnable scale = () -> {
            double budget = model.powerBudgetKwProperty().get();
            double kw = model.powerKwProperty().get();
            TileFigure figure = TileFigure.of(kw, TileFigure.Kind.POWER, messages);
            // The bar, its budget and its threshold in the unit the figure is shown in (kW or MW).
            double perKw = figure.known() && kw != 0 ? figure.value() / kw : 1;
            double shown = figure.known() ? kw : 0;
            // Without a budget the bar has nothing to fill against; it shows the draw against itself.
            tile.setMaxValue(Math.max(perKw, (budget > 0 ? Math.max(budget, shown) : shown) * perKw));
            tile.setThreshold(budget > 0 ? FleetTilesViewModel.NEAR_BUDGET * budget * perKw : tile.getMaxValue());
            tile.setThresholdVisible(budget > 0 && figure.known());
            show(tile, figure);
        };
        model.powerBudgetKwProperty().subscribe(budget -> scale.run());
        model.powerKwProperty().subscribe(kw -> scale.run());
        gaugeWhileKnown(
                tile, SkinType.BAR_GAUGE, model.powerKwProperty().map(kw -> !Double.isNaN(kw.doubleValue())), scale);
        tile.textProperty().bind(model.powerBudgetDetailProperty().orElse(""));
        look.alertWhen(tile, model.nearBudgetProperty());
        return tile;
    }

    private Tile inlet() {
        Tile tile = tile("tile-inlet", SkinType.NUMBER, messages.get("tile.inlet.title"));
        showFigure(tile, model.hottestInletCProperty(), TileFigure.Kind.CELSIUS);
        tile.descriptionProperty().bind(model.hottestInletDetailProperty().orElse(""));
        look.alertWhen(tile, model.inletHotProperty());
        return tile;
    }

    private Tile openAlerts() {
        Tile tile = tile("tile-alerts", SkinType.NUMBER, messages.get("tile.alerts.title"));
        // -1 until the alerts page has counted, and nothing to count before a GPU reports: a dash
        // rather than a zero that means "all clear".
        showFigure(
                tile,
                keep(javafx.beans.binding.Bindings.createDoubleBinding(
                        () -> model.openAlertsProperty().get() < 0
                                        || !model.fleetKnownProperty().get()
                                ? Double.NaN
                                : model.openAlertsProperty().get(),
                        model.openAlertsProperty(),
                        model.fleetKnownProperty())),
                TileFigure.Kind.COUNT);
        tile.descriptionProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> model.fleetKnownProperty().get()
                                ? model.openAlertsDetailProperty().get()
                                : messages.get("tile.no-gpus"),
                        model.fleetKnownProperty(),
                        model.openAlertsDetailProperty()));
        look.alertWhen(tile, model.anyCriticalProperty());
        return tile;
    }

    private Tile notReporting() {
        Tile tile = tile("tile-stale-nodes", SkinType.NUMBER, messages.get("figure.stale-nodes.caption"));
        showFigure(
                tile,
                keep(javafx.beans.binding.Bindings.createDoubleBinding(
                        () -> model.fleetKnownProperty().get()
                                ? model.staleNodesProperty().get()
                                : Double.NaN,
                        model.staleNodesProperty(),
                        model.fleetKnownProperty())),
                TileFigure.Kind.COUNT);
        tile.descriptionProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> {
                            String total = model.staleNodesTotalTextProperty().get();
                            String detail = model.staleNodesDetailProperty().get();
                            return total == null || total.isEmpty() ? detail : total + " \u00b7 " + detail;
                        },
                        model.staleNodesTotalTextProperty(),
                        model.staleNodesDetailProperty()));
        tile.textProperty().bind(model.agentsDetailProperty().orElse(""));
        look.alertWhen(tile, model.linkTroubleProperty());
        return tile;
    }

    /** The workloads wasting the most GPU-hours on idle GPUs, as TilesFX's leader board. */
    private Tile topHolders() {
        Tile tile = tile("tile-top-holders", SkinType.LEADER_BOARD, messages.get("tile.top-holders.title"));
        topHolders = tile;
        tile.setDecimals(1);
        tile.setText(messages.get("tile.top-holders.not-reported"));
        return tile;
    }

    /**
     * Shows the top held-idle holders (at most {@link #TOP_HOLDERS}), most GPU-hours wasted first.
     * Items are kept and their values moved while the same workloads stay on the board.
     *
     * @param names    one line per holder ("alice · Job 4242")
     * @param hours    GPU-hours wasted, in the same order
     * @param reported whether any agent reports who holds its GPUs: if not, the board says so
     */
    public void showTopHolders(java.util.List<String> whole, double[] hours, boolean reported) {
        java.util.List<String> names =
                whole.stream().map(FleetTilesView::boardName).toList();
        Tile tile = tile("tile-top-holders");
        var items = tile.getLeaderBoardItems();
        boolean same = items.size() == names.size();
        for (int i = 0; same && i < names.size(); i++) {
            same = items.get(i).getName().equals(names.get(i));
        }
        if (same) {
            for (int i = 0; i < names.size(); i++) {
                items.get(i).setValue(hours[i]);
            }
        } else {
            var fresh = new java.util.ArrayList<eu.hansolo.tilesfx.skins.LeaderBoardItem>();
            for (int i = 0; i < names.size(); i++) {
                var item = new eu.hansolo.tilesfx.skins.LeaderBoardItem(names.get(i), hours[i]);
                item.setNameColor(theme.color(Palette.FG));
                item.setValueColor(theme.color(Palette.FG));
                item.setSeparatorColor(theme.color(Palette.BORDER));
                fresh.add(item);
            }
            // One by one: the leader board skin lays out and sizes each item as it is added.
            items.clear();
            fresh.forEach(items::add);
        }
        tile.setText(
                names.isEmpty()
                        ? messages.get(reported ? "tile.top-holders.none" : "tile.top-holders.not-reported")
                        : messages.get("tile.top-holders.unit"));
    }

    /**
     * The leader board draws a name at a size that follows the tile and never clips it: a long
     * one ran under its figure. The board's font grows with the tile, so what fits is about the
     * same number of characters at any size; the Idle holders page has the whole name.
     */
    static String boardName(String name) {
        return name.length() <= BOARD_NAME_CHARS ? name : name.substring(0, BOARD_NAME_CHARS - 1) + "\u2026";
    }

    /** Characters of a holder's line that fit beside a five-figure value on the board. */
    static final int BOARD_NAME_CHARS = 22;

    private Tile tile(String id, SkinType skin, String title) {
        Tile tile = TileBuilder.create()
                .skinType(skin)
                .title(title)
                .locale(messages.locale())
                .build();
        settle(tile);
        tile.setId(id);
        tile.getStyleClass().add("hr-tile");
        look.style(tile);
        return tile;
    }

    /**
     * Holds a binding for as long as the view lives: a binding listens to its sources weakly,
     * so one that only a subscriber refers to is collected, and its tile stops changing.
     */
    private <T> T keep(T binding) {
        kept.add(binding);
        return binding;
    }

    /** What every tile has whatever its skin: TilesFX presets these again when the skin type changes. */
    private static void settle(Tile tile) {
        tile.setTextSize(TextSize.BIGGER);
        tile.setAnimated(false); // a wall redraws several times a second; a sweep per update would never rest
        tile.setRoundedCorners(true);
    }

    /** Shows a reading as a {@link TileFigure} of {@code kind}: scaled to fit, or a dash while unknown. */
    private void showFigure(Tile tile, ObservableValue<? extends Number> reading, TileFigure.Kind kind) {
        prepareUnit(tile);
        reading.subscribe(value -> show(tile, TileFigure.of(value.doubleValue(), kind, messages)));
    }

    /** The same in whole numbers, for a gauge whose needle says no more. */
    private void showWholeFigure(Tile tile, ObservableValue<? extends Number> reading, TileFigure.Kind kind) {
        prepareUnit(tile);
        reading.subscribe(value ->
                show(tile, TileFigure.of(value.doubleValue(), kind, messages).whole()));
    }

    /**
     * A number skin hides its unit's text for good when it is built with no unit: a unit set
     * later never shows (TilesFX 21). So every figure tile gets its skin with a placeholder
     * unit, and the figure's own unit, or none, once the skin is there.
     */
    private void prepareUnit(Tile tile) {
        tile.setCustomDecimalFormatEnabled(true);
        tile.setUnit(" ");
        tile.skinProperty().subscribe(skin -> {
            if (skin != null && tile.getProperties().get(FIGURE) instanceof TileFigure figure) {
                show(tile, figure);
            }
        });
    }

    /**
     * A gauge while its reading is known; until then a number tile, which shows a dash: a
     * needle or a bar cannot say "unknown", and would point somewhere or fill up.
     */
    private void gaugeWhileKnown(Tile tile, SkinType gauge, ObservableValue<Boolean> known, Runnable settings) {
        known.subscribe(isKnown -> {
            SkinType wanted = isKnown ? gauge : SkinType.NUMBER;
            if (tile.getSkinType() != wanted) {
                tile.setUnit(" "); // the new skin must be built with a unit to show one later (see prepareUnit)
                tile.setSkinType(wanted);
                // A new skin type brings TilesFX's presets for it: our type size, colours and scale again.
                settle(tile);
                look.repaint();
                settings.run();
                if (tile.getProperties().get(FIGURE) instanceof TileFigure figure) {
                    show(tile, figure);
                }
            }
        });
    }

    /**
     * Puts a figure on a tile. An unknown one is NaN, which the formats print as a dash, and
     * has no unit.
     */
    // The two formats are shared instances; identity says whether the tile already has this one, without comparing
    // patterns on every refresh.
    @SuppressWarnings("ReferenceEquality")
    private void show(Tile tile, TileFigure figure) {
        tile.getProperties().put(FIGURE, figure);
        DecimalFormat format = figure.decimals() > 0 ? tenths : whole;
        if (tile.getCustomDecimalFormat() != format) {
            tile.setCustomDecimalFormat(format);
        }
        if (tile.getSkin() != null && !figure.unit().equals(tile.getUnit())) {
            tile.setUnit(figure.unit());
            // The skin takes the unit's text on a redraw, and shows or hides it on a visibility change.
            tile.setValueVisible(false);
            tile.setValueVisible(true);
        }
        tile.setValue(figure.value());
    }

    /** The locale's digits and grouping with a fixed number of decimals. */
    private DecimalFormat decimals(int places) {
        DecimalFormat format = (DecimalFormat) NumberFormat.getNumberInstance(messages.locale());
        format.setMinimumFractionDigits(places);
        format.setMaximumFractionDigits(places);
        // An unknown reading is NaN: it reads as a dash, as everywhere else in the console.
        java.text.DecimalFormatSymbols symbols = format.getDecimalFormatSymbols();
        symbols.setNaN(messages.get("value.none"));
        format.setDecimalFormatSymbols(symbols);
        return format;
    }

    private void add(Tile... tiles) {
        for (Tile tile : tiles) {
            getChildren().add(new TileSlot(tile));
        }
    }

    private void restyle() {
        look.repaint();
        if (topHolders != null) {
            for (var item : topHolders.getLeaderBoardItems()) {
                item.setNameColor(theme.color(Palette.FG));
                item.setValueColor(theme.color(Palette.FG));
                item.setSeparatorColor(theme.color(Palette.BORDER));
            }
        }
        stateBars.forEach((state, bar) -> {
            bar.setBarColor(theme.state(state));
            bar.setNameColor(theme.color(Palette.FG));
            bar.setValueColor(theme.color(Palette.FG));
            bar.setBarBackgroundColor(theme.color(Palette.BORDER));
        });
    }

    /**
     * Equal tiles whatever their text, so nothing jumps as values change. In the wall's grid the
     * leader board (the last tile) takes a column of its own, both rows high, so its five lines fit.
     */
    @Override
    protected void layoutChildren() {
        var slots = getManagedChildren();
        boolean grid = arrangement == Arrangement.GRID;
        int others = grid ? slots.size() - 1 : slots.size();
        int rows = grid ? GRID_ROWS : 1;
        int columns = grid ? (others + rows - 1) / rows + 1 : slots.size();
        double left = snappedLeftInset();
        double top = snappedTopInset();
        double width = (getWidth() - left - snappedRightInset() - GAP * (columns - 1)) / columns;
        double height = (getHeight() - top - snappedBottomInset() - GAP * (rows - 1)) / rows;
        for (int i = 0; i < slots.size(); i++) {
            boolean board = grid && i == slots.size() - 1;
            int column = board ? columns - 1 : grid ? i % (columns - 1) : i;
            int row = board ? 0 : grid ? i / (columns - 1) : 0;
            double tall = board ? rows * height + (rows - 1) * GAP : height;
            slots.get(i)
                    .resizeRelocate(
                            snapPositionX(left + column * (width + GAP)),
                            snapPositionY(top + row * (height + GAP)),
                            snapSizeX(width),
                            snapSizeY(tall));
        }
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + snappedRightInset() + getManagedChildren().size() * 200;
    }

    /** In a row: tiles close to square, capped at a share of the page; in a grid, whatever the page gives. */
    @Override
    protected double computePrefHeight(double width) {
        int tiles = getManagedChildren().size();
        if (width <= 0 || tiles == 0 || arrangement == Arrangement.GRID) {
            return snappedTopInset() + snappedBottomInset() + 2 * 200 + GAP;
        }
        double inner = width - snappedLeftInset() - snappedRightInset() - GAP * (tiles - 1);
        double height = Math.max(inner / tiles / ASPECT, stateBarsHeight(inner / tiles));
        if (getParent() instanceof Region page && page.getHeight() > 0) {
            height = Math.min(height, page.getHeight() * MAX_SHARE_OF_PAGE);
        }
        return snappedTopInset() + snapSizeY(height) + snappedBottomInset();
    }

    /**
     * How tall a tile {@code width} wide must be for all six state bars: TilesFX gives each
     * bar 14 % of the tile's size but never less than 30 px, under a title band of 15 % and
     * above a margin of 5 %. On a laptop the 30 px floor makes the tile taller than
     * {@link #ASPECT} would; without it the last bar (stale GPUs) is cut off.
     */
    static double stateBarsHeight(double width) {
        return width * 0.2 + IdleState.values().length * Math.clamp(width * 0.14, 30, 72) + 2;
    }

    @Override
    protected double computeMinHeight(double width) {
        return arrangement == Arrangement.ROW ? computePrefHeight(width) : 0;
    }
}
