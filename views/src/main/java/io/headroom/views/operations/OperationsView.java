package io.headroom.views.operations;

import io.headroom.core.audit.AgentAuditState;
import io.headroom.views.Messages;
import io.headroom.views.live.WhileShown;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.Subscription;

/**
 * The outbox and the audit log: every operation with where it stands (queued while its agent
 * is away, sent, applied, or waiting for an operator after a conflict or refusal), and who did
 * what, when and why, exportable as CSV. Refreshed every two seconds while shown, off the FX thread.
 */
public final class OperationsView extends VBox {

    private static final int ROWS = 200;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Messages messages;
    private final OperationsDesk desk;
    private final TableView<OperationRow> operations = new TableView<>();
    private final TableView<AuditRow> audit = new TableView<>();
    private final TableView<AgentAuditState> agentTrails = new TableView<>();
    private final VBox agentTrailsSection;
    private final Button trustTrail;
    private final Button retry;
    private final Button dismiss;
    private final Label status = new Label();
    private final Label verdict = new Label();
    private java.time.Instant lastVerified = java.time.Instant.MIN;
    private final Subscription refreshing;

    public OperationsView(Messages messages, OperationsDesk desk) {
        this.messages = messages;
        this.desk = desk;
        var words = new OperationWords(messages);
        getStyleClass().addAll("hr-operations", "hr-panel");
        setSpacing(8);
        operations.setId("operations-table");
        operations
                .getColumns()
                .setAll(List.of(
                        column("operations.column.time", (OperationRow r) -> TIME.format(r.createdAt())),
                        column("operations.column.node", OperationRow::hostname),
                        column("operations.column.action", (OperationRow r) -> words.action(r.action())),
                        column("operations.column.requester", OperationRow::requester),
                        column(
                                "operations.column.state",
                                r -> messages.get(
                                        "operations.state." + r.state().toLowerCase(java.util.Locale.ROOT))),
                        column("operations.column.attempts", r -> String.valueOf(r.attempts())),
                        column(
                                "operations.column.result",
                                (OperationRow r) -> words.answer(r.answerStatus(), r.answerMessage()))));
        operations.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        io.headroom.views.WholeHeaders.keep(operations);
        operations.setPlaceholder(new Label(messages.get("operations.empty")));
        retry = new Button(messages.get("operations.retry"));
        retry.setId("operations-retry");
        dismiss = new Button(messages.get("operations.dismiss"));
        dismiss.setId("operations-dismiss");
        retry.setOnAction(e -> selectedNeedingOperator().ifPresent(r -> act(desk.retry(r.key()))));
        dismiss.setOnAction(e -> selectedNeedingOperator()
                .ifPresent(r -> act(desk.dismiss(r.key(), messages.get("operations.dismissed-by-operator")))));
        operations.getSelectionModel().selectedItemProperty().subscribe(this::refreshButtons);
        refreshButtons();

        audit.setId("audit-table");
        audit.getColumns()
                .setAll(List.of(
                        column("audit.column.time", (AuditRow r) -> TIME.format(r.at())),
                        column("audit.column.actor", AuditRow::actor),
                        column("audit.column.action", AuditRow::action),
                        column("audit.column.target", AuditRow::target),
                        column("audit.column.reason", AuditRow::reason),
                        column("audit.column.result", AuditRow::result)));
        audit.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        io.headroom.views.WholeHeaders.keep(audit);
        audit.setPlaceholder(new Label(messages.get("audit.empty")));
        var export = new Button(messages.get("audit.export"));
        export.setId("audit-export");
        export.setOnAction(e -> exportAsked());
        status.setId("operations-status");
        verdict.setId("audit-verdict");
        verdict.getStyleClass().add("hr-audit-verdict");
        verdict.setMinWidth(0);
        verdict.setTooltip(new javafx.scene.control.Tooltip());
        verdict.getTooltip().textProperty().bind(verdict.textProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var operationsBar = new HBox(8, caption("operations.caption"), spacer, retry, dismiss);
        Region spacer2 = new Region();
        HBox.setHgrow(spacer2, Priority.ALWAYS);
        var auditBar = new HBox(8, caption("audit.caption"), verdict, spacer2, status, export);
        agentTrails.setId("agent-trails-table");
        agentTrails.getStyleClass().add("hr-agent-trails");
        agentTrails
                .getColumns()
                .setAll(List.of(
                        column("agent-trails.column.agent", AgentAuditState::agent),
                        column(
                                "agent-trails.column.record",
                                (AgentAuditState a) -> String.valueOf(a.latest().record())),
                        column(
                                "agent-trails.column.seen",
                                (AgentAuditState a) -> TIME.format(a.latest().seenAt())),
                        column(
                                "agent-trails.column.state",
                                (AgentAuditState a) -> messages.format(
                                        a.needsAttention() ? "agent-trails.needs-look" : "agent-trails.adds-up",
                                        a.describe())),
                        column(
                                "agent-trails.column.kept",
                                (AgentAuditState a) ->
                                        a.kept() == null ? "" : a.kept().asExpectedHead())));
        agentTrails.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        io.headroom.views.WholeHeaders.keep(agentTrails);
        agentTrails.setRowFactory(table -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(AgentAuditState item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(BROKEN, !empty && item != null && item.needsAttention());
            }
        });
        agentTrails.setFixedCellSize(26);
        // A header and four agents before it scrolls; the tables above give way, not this one.
        agentTrails.setMinHeight(26 * 5 + 4);
        agentTrails.setPrefHeight(26 * 5 + 4);
        agentTrails.getColumns().get(0).setPrefWidth(220);
        agentTrails.getColumns().get(1).setPrefWidth(90);
        agentTrails.getColumns().get(2).setPrefWidth(150);
        agentTrails.getColumns().get(3).setPrefWidth(560);
        var agentTrailsHint = new Label(messages.get("agent-trails.hint"));
        agentTrailsHint.getStyleClass().add("hr-operations-hint");
        agentTrailsHint.setWrapText(true);
        agentTrailsHint.setMinHeight(Region.USE_PREF_SIZE);
        trustTrail = new Button(messages.get("agent-trails.trust"));
        trustTrail.setId("agent-trails-trust");
        trustTrail.setDisable(true);
        agentTrails
                .getSelectionModel()
                .selectedItemProperty()
                .subscribe(picked -> trustTrail.setDisable(picked == null || !picked.needsAttention()));
        trustTrail.setOnAction(e -> {
            AgentAuditState picked = agentTrails.getSelectionModel().getSelectedItem();
            if (picked != null && picked.needsAttention()) {
                act(desk.trustAgentTrail(picked.agent(), messages.get("agent-trails.trusted-by-operator")));
            }
        });
        Region trailsSpacer = new Region();
        HBox.setHgrow(trailsSpacer, Priority.ALWAYS);
        agentTrailsSection = new VBox(
                8,
                new HBox(8, caption("agent-trails.caption"), trailsSpacer, trustTrail),
                agentTrails,
                agentTrailsHint);
        // Shown once an agent with a signed trail answered: the embedded simulator keeps none.
        agentTrailsSection.setVisible(false);
        agentTrailsSection.setManaged(false);
        VBox.setVgrow(operations, Priority.ALWAYS);
        VBox.setVgrow(audit, Priority.ALWAYS);
        getChildren().addAll(operationsBar, operations, auditBar, audit, agentTrailsSection);
        refreshing = WhileShown.run(this, this::startRefreshing);
    }

    private Label caption(String key) {
        var label = new Label(messages.get(key));
        label.getStyleClass().add("hr-panel-caption");
        return label;
    }

    private <R> TableColumn<R, String> column(String key, Function<R, String> value) {
        var column = new TableColumn<R, String>(messages.get(key));
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setSortable(false);
        return column;
    }

    private Subscription startRefreshing() {
        refresh();
        // The window shows every tab's page; read the store only while this one is the tab in front.
        var timeline = new Timeline(new KeyFrame(Duration.seconds(2), e -> {
            if (inFront()) {
                refresh();
            }
        }));
        timeline.setCycleCount(Timeline.INDEFINITE);
        timeline.play();
        return timeline::stop;
    }

    /** Whether this page and every parent are visible: a tab pane hides the pages behind the selected one. */
    private boolean inFront() {
        for (javafx.scene.Node node = this; node != null; node = node.getParent()) {
            if (!node.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The hash chain is read whole, so it is checked at most this often, not at every two-second refresh. */
    private static final java.time.Duration VERIFY_EVERY = java.time.Duration.ofSeconds(30);

    /** Reads the outbox and the audit log again; the tables change on the FX thread when they answer. */
    public void refresh() {
        if (java.time.Instant.now().isAfter(lastVerified.plus(VERIFY_EVERY))) {
            verifyAudit();
        }
        desk.recentOperations(ROWS)
                .thenAccept(rows -> Platform.runLater(() -> replace(operations, rows)))
                .exceptionally(this::showFailure);
        desk.recentAudit(ROWS)
                .thenAccept(rows -> Platform.runLater(() -> replace(audit, rows)))
                .exceptionally(this::showFailure);
        desk.agentAudits()
                .thenAccept(rows -> Platform.runLater(() -> {
                    agentTrailsSection.setVisible(!rows.isEmpty());
                    agentTrailsSection.setManaged(!rows.isEmpty());
                    replace(agentTrails, rows);
                }))
                .exceptionally(this::showFailure);
    }

    /** What the page says about each agent's audit trail, one line per agent: for tests. */
    public List<String> agentTrailTexts() {
        return agentTrails.getItems().stream()
                .map(a -> a.agent() + ": " + a.describe())
                .toList();
    }

    /** Checks the audit trail's hash chain off the FX thread and says on the page whether it holds. */
    public void verifyAudit() {
        lastVerified = java.time.Instant.now();
        // The callback shows both outcomes on the page; the derived future adds nothing to watch.
        var unusedShown = desk.verifyAudit()
                .whenComplete((result, failure) -> Platform.runLater(() -> {
                    boolean broken = failure != null || result instanceof io.headroom.core.audit.ChainVerdict.Broken;
                    verdict.pseudoClassStateChanged(BROKEN, broken);
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        verdict.setText(messages.format("audit.verify-failed", cause.getMessage()));
                    } else if (result instanceof io.headroom.core.audit.ChainVerdict.Broken b) {
                        verdict.setText(messages.format("audit.broken", b.record(), b.problem()));
                    } else if (result instanceof io.headroom.core.audit.ChainVerdict.Intact intact) {
                        verdict.setText(messages.format("audit.verifies", intact.records()));
                    }
                }));
    }

    private static final javafx.css.PseudoClass BROKEN = javafx.css.PseudoClass.getPseudoClass("broken");

    /** What the page says about the audit trail's hash chain. */
    public String auditVerdictText() {
        return verdict.getText();
    }

    private <R> void replace(TableView<R> table, List<R> rows) {
        if (!table.getItems().equals(rows)) {
            R selected = table.getSelectionModel().getSelectedItem();
            table.getItems().setAll(rows);
            if (selected != null) {
                int index = rows.indexOf(selected);
                if (index >= 0) {
                    table.getSelectionModel().select(index);
                }
            }
        }
        refreshButtons();
    }

    private Void showFailure(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        Platform.runLater(() -> status.setText(messages.format("operations.read-failed", cause.getMessage())));
        return null;
    }

    private java.util.Optional<OperationRow> selectedNeedingOperator() {
        return java.util.Optional.ofNullable(operations.getSelectionModel().getSelectedItem())
                .filter(OperationRow::needsOperator);
    }

    private void refreshButtons() {
        boolean decide = selectedNeedingOperator().isPresent();
        retry.setDisable(!decide);
        dismiss.setDisable(!decide);
    }

    private void act(java.util.concurrent.CompletableFuture<Void> done) {
        // The callback shows a failure and refreshes either way; the derived future adds nothing to watch.
        var unusedActed = done.whenComplete((ok, failure) -> {
            if (failure != null) {
                showFailure(failure);
            }
            Platform.runLater(this::refresh);
        });
    }

    private void exportAsked() {
        var chooser = new FileChooser();
        chooser.setTitle(messages.get("audit.export"));
        // The file is named for the operator's day, in the same zone the page shows its times in (TIME above).
        chooser.setInitialFileName("headroom-audit-" + java.time.LocalDate.now(ZoneId.systemDefault()) + ".csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        java.io.File file =
                chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            export(file.toPath());
        }
    }

    /** Writes the audit log to {@code file} and says how many entries went out, or why none did. */
    public void export(Path file) {
        status.setText(messages.get("audit.exporting"));
        // The callback says on the page how the export went; the derived future adds nothing to watch.
        var unusedExported = desk.exportAudit(file)
                .whenComplete((count, failure) -> Platform.runLater(() -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        status.setText(messages.format("audit.export-failed", file, cause.getMessage()));
                    } else {
                        status.setText(messages.format("audit.exported", count, file));
                    }
                }));
    }

    public String statusText() {
        return status.getText();
    }

    public void dispose() {
        refreshing.unsubscribe();
    }
}
