package io.headroom.views.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertAcknowledgements;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.views.Messages;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.live.FleetFrame;
import io.headroom.views.live.WhileShown;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Callback;
import javafx.util.Subscription;

/**
 * The alerts now raised, worst first, in a table (alerts are few; a table is the right
 * tool), with filters by kind and severity, acknowledging, and a jump to the node or rack.
 * A double click or the Go-to button jumps. Reads the fleet only while showing.
 */
public final class AlertsView extends BorderPane {

    private static final PseudoClass ACKNOWLEDGED = PseudoClass.getPseudoClass("acknowledged");
    private static final PseudoClass CRITICAL = PseudoClass.getPseudoClass("stale");

    private final AlertsViewModel model;
    private final TableView<AlertRow> table = new TableView<>();
    private final Subscription feeding;
    private Consumer<Integer> onJumpToNode = node -> {};
    private Consumer<Integer> onJumpToRack = rack -> {};

    public AlertsView(FleetFeed feed, Messages messages, AlertAcknowledgements acknowledgements) {
        this.model = new AlertsViewModel(
                messages, acknowledgements, feed.classifier().thresholds());
        getStyleClass().add("hr-alerts");
        setTop(bar(messages));
        setCenter(table(messages));
        feeding = WhileShown.feed(this, feed, this::show);
    }

    public AlertsViewModel model() {
        return model;
    }

    /** Told the node index when the operator jumps from a GPU or node alert. */
    public void setOnJumpToNode(Consumer<Integer> onJumpToNode) {
        this.onJumpToNode = Objects.requireNonNull(onJumpToNode);
    }

    /** Told the rack index when the operator jumps from a rack alert. */
    public void setOnJumpToRack(Consumer<Integer> onJumpToRack) {
        this.onJumpToRack = Objects.requireNonNull(onJumpToRack);
    }

    /** Takes one refresh; the list changes at most once a second. FX thread. */
    public void show(FleetFrame frame) {
        AlertRow selected = table.getSelectionModel().getSelectedItem();
        if (model.update(frame.telemetry(), frame.summary(), frame.nowMillis())
                && selected != null
                && table.getItems().contains(selected)) {
            // The list was rebuilt; keep the operator's place in it.
            table.getSelectionModel().select(selected);
        }
    }

    public TableView<AlertRow> table() {
        return table;
    }

    /** Stops reading the fleet for good and drops the listeners on the window. FX thread. */
    public void dispose() {
        feeding.unsubscribe();
    }

    private void jump(AlertRow row) {
        Alert alert = row.alert();
        if (!alert.kind().aboutRack() && alert.nodeIndex() != FleetLayout.NONE) {
            onJumpToNode.accept(alert.nodeIndex());
        } else if (alert.rackIndex() != FleetLayout.NONE) {
            onJumpToRack.accept(alert.rackIndex());
        }
    }

    private HBox bar(Messages messages) {
        Label title = new Label(messages.get("alert.title"));
        title.getStyleClass().add("hr-view-title");
        Label counts = new Label();
        counts.setId("alert-counts");
        counts.getStyleClass().add("hr-bar-text");
        counts.textProperty().bind(model.countsProperty());
        counts.setMinWidth(0);
        // Red while anything critical is unacknowledged: the one thing to read from across the room.
        model.countsProperty()
                .subscribe(text ->
                        counts.pseudoClassStateChanged(CRITICAL, model.unacknowledged(AlertSeverity.CRITICAL) > 0));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        ComboBox<Choice<AlertKind>> kinds = Choice.box(
                messages.get("alert.filter.all-kinds"),
                AlertKind.values(),
                kind -> messages.get(kind.nameKey()),
                model.kindFilterProperty());
        kinds.setId("alert-kind-filter");
        ComboBox<Choice<AlertSeverity>> severities = Choice.box(
                messages.get("alert.filter.all-severities"),
                AlertSeverity.values(),
                severity -> messages.get(severity.nameKey()),
                model.severityFilterProperty());
        severities.setId("alert-severity-filter");
        CheckBox acknowledged = new CheckBox(messages.get("alert.filter.acknowledged"));
        acknowledged.setId("alert-show-acknowledged");
        acknowledged.selectedProperty().bindBidirectional(model.showAcknowledgedProperty());

        Button acknowledge = new Button(messages.get("alert.acknowledge"));
        acknowledge.setId("alert-acknowledge");
        acknowledge.setOnAction(event ->
                table.getSelectionModel().getSelectedItems().stream().toList().forEach(model::acknowledge));
        Button goTo = new Button(messages.get("alert.go-to"));
        goTo.setId("alert-go-to");
        goTo.setOnAction(event -> {
            AlertRow row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                jump(row);
            }
        });
        acknowledge
                .disableProperty()
                .bind(table.getSelectionModel().selectedItemProperty().isNull());
        goTo.disableProperty()
                .bind(table.getSelectionModel().selectedItemProperty().isNull());

        HBox bar = new HBox(title, counts, spacer, kinds, severities, acknowledged, acknowledge, goTo);
        bar.getStyleClass().add("hr-view-bar");
        return bar;
    }

    private TableView<AlertRow> table(Messages messages) {
        SortedList<AlertRow> sorted = new SortedList<>(model.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setId("alert-table");
        table.getStyleClass().add("hr-alert-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label(messages.get("alert.placeholder")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableColumn<AlertRow, AlertRow> severity =
                column(messages.get("alert.column.severity"), 120, row -> new ReadOnlyObjectWrapper<>(row));
        severity.setCellFactory(column -> new SeverityCell());
        severity.setComparator(
                (a, b) -> a.alert().severity().compareTo(b.alert().severity()));
        table.getColumns().add(severity);
        table.getColumns()
                .add(column(
                        messages.get("alert.column.kind"), 250, row -> new ReadOnlyObjectWrapper<>(row.kindText())));
        table.getColumns()
                .add(column(messages.get("alert.column.where"), 240, row -> new ReadOnlyObjectWrapper<>(row.where())));
        table.getColumns().add(column(messages.get("alert.column.detail"), 420, AlertRow::detailProperty));
        table.getColumns().add(column(messages.get("alert.column.since"), 90, AlertRow::ageProperty));
        table.getColumns()
                .add(column(
                        messages.get("alert.column.acknowledged"),
                        70,
                        row -> row.acknowledgedProperty().map(on -> on ? messages.get("alert.acknowledged") : "")));
        table.setRowFactory(view -> {
            TableRow<AlertRow> row = new TableRow<>();
            row.itemProperty()
                    .flatMap(AlertRow::acknowledgedProperty)
                    .orElse(false)
                    .subscribe(on -> row.pseudoClassStateChanged(ACKNOWLEDGED, on));
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && row.getItem() != null) {
                    jump(row.getItem());
                }
            });
            return row;
        });
        return table;
    }

    private static <T> TableColumn<AlertRow, T> column(
            String title, double width, Callback<AlertRow, ObservableValue<T>> value) {
        TableColumn<AlertRow, T> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(features -> value.call(features.getValue()));
        return column;
    }

    /** Severity as a coloured pill, so that critical rows read from across the room. */
    private static final class SeverityCell extends TableCell<AlertRow, AlertRow> {
        private final Label pill = new Label();

        @Override
        protected void updateItem(AlertRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            pill.setText(row.severityText());
            pill.getStyleClass().setAll("hr-severity", row.alert().severity().styleClass());
            setGraphic(pill);
        }
    }
}
