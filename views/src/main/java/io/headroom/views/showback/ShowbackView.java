package io.headroom.views.showback;

import io.headroom.core.report.ReportFormat;
import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.ShowbackHours;
import io.headroom.core.showback.ShowbackLine;
import io.headroom.core.showback.ShowbackPeriod;
import io.headroom.core.showback.ShowbackRange;
import io.headroom.views.ChoiceNames;
import io.headroom.views.Messages;
import io.headroom.views.live.WhileShown;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Subscription;

/**
 * Showback (按量计费): GPU-hours and PFLOPS-hours per tenant, account, user, pool or model,
 * allocated, busy, held idle and free, per day, week or month; the held-idle share stands out.
 * Read from the fleet's history when shown and whenever a choice changes, never on the FX thread.
 */
public final class ShowbackView extends BorderPane {

    /** Held idle above this share of allocated is marked: a quarter of what was held, unused. */
    public static final double HIGH_HELD_IDLE_SHARE = 0.25;

    static final List<ShowbackRange> RANGES =
            List.of(new ShowbackRange(7), new ShowbackRange(30), new ShowbackRange(90));

    private final ShowbackViewModel model;
    private final Messages messages;
    private final TableView<ShowbackLine> table = new TableView<>();
    private final Subscription showing;
    private Consumer<ReportFormat> onExport = format -> {};

    // these two nodes themselves, not equal ones
    @SuppressWarnings("ReferenceEquality")
    public ShowbackView(ShowbackViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        getStyleClass().addAll("hr-view", "hr-showback");

        Label title = new Label(messages.get("showback.title"));
        title.getStyleClass().add("hr-view-title");
        var grouping = new ComboBox<>(FXCollections.observableArrayList(ShowbackGrouping.values()));
        grouping.setId("showback-grouping");
        ChoiceNames.show(grouping, g -> messages.get("showback.group." + g.id()));
        grouping.valueProperty().bindBidirectional(model.grouping());
        var period = new ComboBox<>(FXCollections.observableArrayList(ShowbackPeriod.values()));
        period.setId("showback-period");
        ChoiceNames.show(period, p -> messages.get("showback.period." + p.id()));
        period.valueProperty().bindBidirectional(model.period());
        var range = new ComboBox<>(FXCollections.observableArrayList(RANGES));
        range.setId("showback-range");
        ChoiceNames.show(range, r -> messages.format("showback.range", r.days()));
        range.valueProperty().bindBidirectional(model.range());
        var export = new MenuButton(messages.get("showback.export"));
        export.setId("showback-export");
        for (ReportFormat format : ReportFormat.values()) {
            var item = new MenuItem(messages.get("report.format." + format.id()));
            item.setId("showback-export-" + format.id());
            item.setOnAction(e -> onExport.accept(format));
            export.getItems().add(item);
        }
        Label status = new Label();
        status.setId("showback-status");
        status.getStyleClass().add("hr-bar-text");
        status.textProperty().bind(model.status());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var toolbar = new HBox(
                title,
                new Label(messages.get("showback.group-by")),
                grouping,
                new Label(messages.get("showback.per")),
                period,
                range,
                spacer,
                status,
                export);
        toolbar.getStyleClass().add("hr-view-bar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        // The choices keep their width; the status line gives way first.
        toolbar.getChildren().stream()
                .filter(n -> n != status && n != spacer && n instanceof Region)
                .forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
        status.setMinWidth(0);
        Label gaps = new Label();
        gaps.setId("showback-gaps");
        gaps.getStyleClass().add("hr-showback-gaps");
        gaps.textProperty().bind(model.gaps());
        gaps.visibleProperty().bind(model.gaps().isNotEmpty());
        gaps.managedProperty().bind(gaps.visibleProperty());
        Label definitions = new Label(messages.get("showback.definitions"));
        definitions.getStyleClass().add("hr-legend-hint");
        definitions.setWrapText(true);
        setTop(new VBox(toolbar, gaps));
        setBottom(definitions);

        table.setId("showback-table");
        table.getStyleClass().add("hr-showback-table");
        table.setItems(model.lines());
        table.setPlaceholder(new Label(messages.get("showback.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Function<ShowbackLine, String> periodOf =
                l -> ShowbackText.period(model.period().get(), l.periodStartMs());
        Function<ShowbackLine, String> groupOf = l -> model.text().key(l.key());
        var periodColumn = text("showback.column.period", periodOf);
        var groupColumn = text("showback.column.group", groupOf);
        // Which period and whose: never cut short; the figures' columns give way first.
        io.headroom.views.FittedColumns.keep(table, java.util.Map.of(periodColumn, periodOf, groupColumn, groupOf));
        table.getColumns()
                .setAll(List.of(
                        periodColumn,
                        groupColumn,
                        hours("showback.column.allocated", ShowbackHours::allocated),
                        hours("showback.column.busy", ShowbackHours::busy),
                        heldIdle(),
                        share(),
                        hours("showback.column.free", ShowbackHours::free),
                        number(text(
                                "showback.column.unaccounted", l -> model.text().unaccounted(l.hours()))),
                        number(text(
                                "showback.column.allocated-pflops",
                                l -> model.text().pflops(l.hours(), l.hours().allocatedPflops())))));
        setCenter(table);
        showing = WhileShown.run(this, () -> {
            model.reload();
            return Subscription.EMPTY;
        });
        Subscription choices = model.grouping()
                .subscribe(g -> reloadIfShown())
                .and(model.period().subscribe(p -> reloadIfShown()))
                .and(model.range().subscribe(r -> reloadIfShown()));
        this.choices = choices;
    }

    private final Subscription choices;

    private void reloadIfShown() {
        if (getScene() != null) {
            model.reload();
        }
    }

    public ShowbackViewModel model() {
        return model;
    }

    public TableView<ShowbackLine> table() {
        return table;
    }

    /** Called with the format picked from the page's export menu. */
    public void setOnExport(Consumer<ReportFormat> onExport) {
        this.onExport = onExport;
    }

    public void dispose() {
        showing.unsubscribe();
        choices.unsubscribe();
        model.close();
    }

    private TableColumn<ShowbackLine, String> text(String key, Function<ShowbackLine, String> value) {
        var column = new TableColumn<ShowbackLine, String>(messages.get(key));
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        return column;
    }

    private TableColumn<ShowbackLine, Number> hours(String key, java.util.function.ToDoubleFunction<ShowbackHours> of) {
        var column = new TableColumn<ShowbackLine, Number>(messages.get(key));
        column.setCellValueFactory(
                c -> new ReadOnlyObjectWrapper<>(of.applyAsDouble(c.getValue().hours())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : messages.oneDecimal(item.doubleValue()));
            }
        });
        column.getStyleClass().add("hr-number");
        return column;
    }

    private static <T> TableColumn<ShowbackLine, T> number(TableColumn<ShowbackLine, T> column) {
        column.getStyleClass().add("hr-number");
        return column;
    }

    private TableColumn<ShowbackLine, Number> heldIdle() {
        var column = hours("showback.column.held-idle", ShowbackHours::heldIdle);
        column.getStyleClass().add("hr-showback-held-idle");
        return column;
    }

    /** The held-idle share, marked when high; "—" (not 0 %) when nothing was allocated. */
    private TableColumn<ShowbackLine, Number> share() {
        var column = new TableColumn<ShowbackLine, Number>(messages.get("showback.column.held-idle-share"));
        column.setId("showback-share");
        column.setCellValueFactory(
                c -> new ReadOnlyObjectWrapper<>(c.getValue().hours().heldIdleShare()));
        column.setComparator((a, b) -> Double.compare(nanLast(a), nanLast(b)));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("hr-showback-share-high");
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                double share = item.doubleValue();
                setText(messages.share(share));
                if (share >= HIGH_HELD_IDLE_SHARE) {
                    getStyleClass().add("hr-showback-share-high");
                }
            }
        });
        column.getStyleClass().addAll("hr-number", "hr-showback-share");
        return column;
    }

    private static double nanLast(Number share) {
        return Double.isNaN(share.doubleValue()) ? -1 : share.doubleValue();
    }
}
