package io.headroom.views.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertAcknowledgements;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.alerts.InMemorySilences;
import io.headroom.core.alerts.IncidentSilences;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.views.Messages;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.live.FleetFrame;
import io.headroom.views.live.WhileShown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Callback;
import javafx.util.Subscription;

/**
 * The incidents open now, worst first, in a table whose rows open to list their parts (an
 * XID 79 and "GPU missing" under the GPU; the throttling GPUs under their hot rack), with
 * filters by kind and severity, acknowledging, silencing with a reason, and a jump to the node
 * or rack. A double click or the Go-to button jumps. Reads the fleet only while showing.
 */
public final class AlertsView extends BorderPane {

    private static final PseudoClass ACKNOWLEDGED = PseudoClass.getPseudoClass("acknowledged");
    private static final PseudoClass SILENCED = PseudoClass.getPseudoClass("silenced");
    private static final PseudoClass PART = PseudoClass.getPseudoClass("part");
    private static final PseudoClass CRITICAL = PseudoClass.getPseudoClass("stale");

    private final AlertsViewModel model;
    private final TreeTableView<AlertsLine> table = new TreeTableView<>(new TreeItem<>());
    private final Map<IncidentRow, TreeItem<AlertsLine>> items = new HashMap<>();
    private final Subscription feeding;
    private Consumer<Integer> onJumpToNode = node -> {};
    private Consumer<Integer> onJumpToRack = rack -> {};
    private final Messages messages;
    private FleetLayout layout;
    private SiteAlertsSection site;

    /** Silences for this session only; the console passes its store's. */
    public AlertsView(FleetFeed feed, Messages messages, AlertAcknowledgements acknowledgements) {
        this(feed, messages, acknowledgements, new InMemorySilences(System.getProperty("user.name", "operator")));
    }

    public AlertsView(
            FleetFeed feed, Messages messages, AlertAcknowledgements acknowledgements, IncidentSilences silences) {
        this(
                feed,
                messages,
                acknowledgements,
                silences,
                new AlertRules(feed.classifier().thresholds()));
    }

    /** Over {@code rules} the console keeps for its life, so that an alert's age outlives this view. */
    public AlertsView(
            FleetFeed feed,
            Messages messages,
            AlertAcknowledgements acknowledgements,
            IncidentSilences silences,
            AlertRules rules) {
        this.messages = messages;
        this.model = new AlertsViewModel(messages, acknowledgements, silences, rules);
        getStyleClass().add("hr-alerts");
        setTop(bar(messages));
        setCenter(table(messages));
        model.visibleRows().addListener((ListChangeListener<IncidentRow>) change -> sync());
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
        layout = frame.telemetry().layout();
        model.update(frame.telemetry(), frame.summary(), frame.nowMillis());
    }

    /**
     * Shows what the site's Alertmanager holds beneath the incidents, read every 15 s off the FX thread, and offers
     * to silence the selected incident there. FX thread; once.
     */
    public void showSiteAlerts(SiteAlerts alertmanager) {
        site = new SiteAlertsSection(alertmanager, messages, this::selectedIncidents, () -> layout);
        setBottom(site);
    }

    public TreeTableView<AlertsLine> table() {
        return table;
    }

    /** The incidents the table lists now, in its order. */
    public List<IncidentRow> shownIncidents() {
        return table.getRoot().getChildren().stream()
                .map(item -> (IncidentRow) item.getValue())
                .toList();
    }

    /** Opens or closes an incident's parts. FX thread. */
    public void expand(IncidentRow incident, boolean open) {
        TreeItem<AlertsLine> item = items.get(incident);
        if (item != null) {
            item.setExpanded(open);
        }
    }

    /** Stops reading the fleet for good and drops the listeners on the window. FX thread. */
    public void dispose() {
        feeding.unsubscribe();
        if (site != null) {
            site.dispose();
        }
    }

    /** Brings the tree in step with the visible incidents, keeping what is open and selected. */
    private void sync() {
        List<AlertsLine> selected = new ArrayList<>(table.getSelectionModel().getSelectedItems().stream()
                .filter(Objects::nonNull)
                .map(TreeItem::getValue)
                .toList());
        List<TreeItem<AlertsLine>> children = new ArrayList<>();
        Set<IncidentRow> shown = new LinkedHashSet<>(model.visibleRows());
        items.keySet().retainAll(model.rows());
        for (IncidentRow row : shown) {
            TreeItem<AlertsLine> item = items.computeIfAbsent(row, r -> new TreeItem<>(r));
            List<AlertsLine> parts = row.parts().size() > 1 ? List.copyOf(row.parts()) : List.of();
            List<AlertsLine> had =
                    item.getChildren().stream().map(TreeItem::getValue).toList();
            if (!had.equals(parts)) {
                item.getChildren().setAll(parts.stream().map(TreeItem::new).toList());
            }
            children.add(item);
        }
        if (!table.getRoot().getChildren().equals(children)) {
            table.getRoot().getChildren().setAll(children);
        }
        table.getSelectionModel().clearSelection();
        for (AlertsLine line : selected) {
            TreeItem<AlertsLine> item = find(line);
            if (item != null) {
                table.getSelectionModel().select(item);
            }
        }
    }

    private TreeItem<AlertsLine> find(AlertsLine line) {
        for (TreeItem<AlertsLine> incident : table.getRoot().getChildren()) {
            if (incident.getValue() == line) {
                return incident;
            }
            for (TreeItem<AlertsLine> part : incident.getChildren()) {
                if (part.getValue() == line) {
                    return part;
                }
            }
        }
        return null;
    }

    /** The incidents selected, directly or through one of their parts. */
    private List<IncidentRow> selectedIncidents() {
        Set<IncidentRow> picked = new LinkedHashSet<>();
        for (TreeItem<AlertsLine> item : table.getSelectionModel().getSelectedItems()) {
            if (item == null) {
                continue;
            }
            if (item.getValue() instanceof IncidentRow incident) {
                picked.add(incident);
            } else if (item.getParent() != null && item.getParent().getValue() instanceof IncidentRow incident) {
                picked.add(incident);
            }
        }
        return List.copyOf(picked);
    }

    private void jump(AlertsLine line) {
        Alert alert = line.jumpTarget();
        if (!alert.kind().aboutRack() && alert.nodeIndex() != FleetLayout.NONE) {
            onJumpToNode.accept(alert.nodeIndex());
        } else if (alert.rackIndex() != FleetLayout.NONE) {
            onJumpToRack.accept(alert.rackIndex());
        }
    }

    private VBox bar(Messages messages) {
        Label title = new Label(messages.get("alert.title"));
        title.getStyleClass().add("hr-view-title");
        Label counts = new Label();
        counts.setId("alert-counts");
        counts.getStyleClass().add("hr-bar-text");
        counts.textProperty().bind(model.countsProperty());
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
        CheckBox silenced = new CheckBox(messages.get("alert.filter.silenced"));
        silenced.setId("alert-show-silenced");
        silenced.selectedProperty().bindBidirectional(model.showSilencedProperty());

        Button acknowledge = new Button(messages.get("alert.acknowledge"));
        acknowledge.setId("alert-acknowledge");
        acknowledge.setOnAction(event -> selectedIncidents().forEach(model::acknowledge));
        Button silence = new Button(messages.get("alert.silence"));
        silence.setId("alert-silence");
        silence.setOnAction(event -> {
            List<IncidentRow> picked = selectedIncidents();
            if (picked.size() != 1) {
                return;
            }
            IncidentRow incident = picked.getFirst();
            if (incident.isSilenced()) {
                model.lift(incident);
            } else {
                new SilenceDialog(getScene() == null ? null : getScene().getWindow(), messages, incident, model)
                        .showAndWait();
            }
        });
        Button goTo = new Button(messages.get("alert.go-to"));
        goTo.setId("alert-go-to");
        goTo.setOnAction(event -> {
            TreeItem<AlertsLine> item = table.getSelectionModel().getSelectedItem();
            if (item != null) {
                jump(item.getValue());
            }
        });
        var selectedItem = table.getSelectionModel().selectedItemProperty();
        acknowledge.disableProperty().bind(selectedItem.isNull());
        goTo.disableProperty().bind(selectedItem.isNull());
        silence.disableProperty().bind(selectedItem.isNull());
        // "Lift silence" when the incident picked is silenced.
        silence.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> selectedIncidents().stream().anyMatch(IncidentRow::isSilenced)
                                ? messages.get("alert.lift-silence")
                                : messages.get("alert.silence"),
                        selectedItem,
                        model.countsProperty()));

        // The title, the counts and the buttons keep their words; the counts give way on a narrow screen.
        for (Region keeps : List.of(title, acknowledge, silence, goTo)) {
            keeps.setMinWidth(Region.USE_PREF_SIZE);
        }
        counts.setMinWidth(0);
        // What to do on top, what to show beneath: one row of both does not fit a wall's type.
        HBox actions = new HBox(title, counts, spacer, acknowledge, silence, goTo);
        actions.getStyleClass().add("hr-view-bar");
        HBox filters = new HBox(kinds, severities, acknowledged, silenced);
        filters.getStyleClass().addAll("hr-view-bar", "hr-alert-filters");
        return new VBox(actions, filters);
    }

    private TreeTableView<AlertsLine> table(Messages messages) {
        table.setShowRoot(false);
        table.setId("alert-table");
        table.getStyleClass().add("hr-alert-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label(messages.get("alert.placeholder")));
        table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TreeTableColumn<AlertsLine, AlertsLine> severity =
                column(messages.get("alert.column.severity"), 160, line -> new ReadOnlyObjectWrapper<>(line));
        severity.setCellFactory(column -> new SeverityCell());
        severity.setComparator((a, b) -> a.severity().compareTo(b.severity()));
        table.getColumns().add(severity);
        table.getColumns()
                .add(column(
                        messages.get("alert.column.kind"), 240, line -> new ReadOnlyObjectWrapper<>(line.kindText())));
        table.getColumns()
                .add(column(
                        messages.get("alert.column.where"), 260, line -> new ReadOnlyObjectWrapper<>(line.where())));
        table.getColumns().add(column(messages.get("alert.column.detail"), 340, AlertsLine::detailProperty));
        table.getColumns()
                .add(column(
                        messages.get("alert.column.parts"), 60, line -> new ReadOnlyObjectWrapper<>(line.partsText())));
        table.getColumns().add(column(messages.get("alert.column.since"), 70, AlertsLine::ageProperty));
        table.getColumns()
                .add(column(
                        messages.get("alert.column.acknowledged"),
                        50,
                        line -> line.acknowledgedProperty().map(on -> on ? messages.get("alert.acknowledged") : "")));
        table.getColumns().add(column(messages.get("alert.column.silenced"), 220, AlertsLine::silenceProperty));
        table.setRowFactory(view -> {
            TreeTableRow<AlertsLine> row = new TreeTableRow<>();
            row.itemProperty()
                    .flatMap(AlertsLine::acknowledgedProperty)
                    .orElse(false)
                    .subscribe(on -> row.pseudoClassStateChanged(ACKNOWLEDGED, on));
            row.itemProperty()
                    .flatMap(AlertsLine::silenceProperty)
                    .map(text -> !text.isEmpty())
                    .orElse(false)
                    .subscribe(on -> row.pseudoClassStateChanged(SILENCED, on));
            row.itemProperty().subscribe(line -> row.pseudoClassStateChanged(PART, line instanceof AlertRow));
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && row.getItem() != null) {
                    jump(row.getItem());
                }
            });
            return row;
        });
        io.headroom.views.WholeHeaders.keep(table);
        return table;
    }

    private static <T> TreeTableColumn<AlertsLine, T> column(
            String title, double width, Callback<AlertsLine, ObservableValue<T>> value) {
        TreeTableColumn<AlertsLine, T> column = new TreeTableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(features -> value.call(features.getValue().getValue()));
        return column;
    }

    /** Severity as a coloured pill, so that critical rows read from across the room. */
    private static final class SeverityCell extends TreeTableCell<AlertsLine, AlertsLine> {
        private final Label pill = new Label();

        @Override
        protected void updateItem(AlertsLine line, boolean empty) {
            super.updateItem(line, empty);
            if (empty || line == null) {
                setGraphic(null);
                return;
            }
            pill.setText(line.severityText());
            pill.getStyleClass().setAll("hr-severity", line.severity().styleClass());
            setGraphic(pill);
        }
    }
}
