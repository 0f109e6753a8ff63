package io.headroom.views.operations;

import static io.headroom.views.operations.OperationsParts.caption;
import static io.headroom.views.operations.OperationsParts.column;
import static io.headroom.views.operations.OperationsParts.growing;
import static io.headroom.views.operations.OperationsParts.holdsAll;
import static io.headroom.views.operations.OperationsParts.placeholder;
import static io.headroom.views.operations.OperationsParts.section;
import static io.headroom.views.operations.OperationsParts.styled;
import static io.headroom.views.operations.OperationsParts.whole;

import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.views.FittedColumns;
import io.headroom.views.Messages;
import io.headroom.views.live.WhileShown;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.Subscription;

/**
 * The outbox and the audit log: every operation with where it stands (on its way while its
 * agent is away, delivered, or waiting for an operator after a conflict or refusal), who did
 * what, when and why, and the picked line whole in a pane beside them (an agent's answer can
 * be long). Retry and dismiss act on a picked operation that waits for an operator; the audit
 * log exports as CSV. Read every two seconds while shown, off the FX thread; the words and
 * filters are {@link OperationsViewModel}'s.
 */
public final class OperationsView extends BorderPane {

    private static final int ROWS = 200;
    private static final PseudoClass BROKEN = PseudoClass.getPseudoClass("broken");
    /** The hash chain is read whole, so it is checked at most this often, not at every two-second refresh. */
    private static final java.time.Duration VERIFY_EVERY = java.time.Duration.ofSeconds(30);

    private final Messages messages;
    private final OperationsDesk desk;
    private final OperationsViewModel model;
    private final TableView<OperationLine> operations = new TableView<>();
    private final TableView<AuditLine> audit = new TableView<>();
    private final TableView<AgentAuditState> agentTrails = new TableView<>();
    private final VBox agentTrailsSection;
    private final Button trustTrail;
    private final Button retry;
    private final Button dismiss;
    private final Label status = new Label();
    private final Label verdict = new Label();
    private final TextArea detail = new TextArea();
    private final Label detailCaption = new Label();
    private final Clock clock;
    private final DateTimeFormatter time;
    private Instant lastVerified = Instant.MIN;
    private final Subscription refreshing;

    public OperationsView(Messages messages, OperationsDesk desk) {
        this(messages, desk, Clock.systemDefaultZone());
    }

    /** With the clock that says when a queued operation is tried again ("in 40 s") and the zone times are shown in. */
    public OperationsView(Messages messages, OperationsDesk desk, Clock clock) {
        this.messages = messages;
        this.desk = desk;
        this.clock = clock;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(clock.getZone());
        this.model = new OperationsViewModel(messages, clock.getZone());
        getStyleClass().addAll("hr-view", "hr-operations");

        retry = new Button(messages.get("operations.retry"));
        retry.setId("operations-retry");
        dismiss = new Button(messages.get("operations.dismiss"));
        dismiss.setId("operations-dismiss");
        retry.setOnAction(e -> selectedNeedingOperator().ifPresent(r -> act(desk.retry(r.key()))));
        dismiss.setOnAction(e -> selectedNeedingOperator()
                .ifPresent(r -> act(desk.dismiss(r.key(), messages.get("operations.dismissed-by-operator")))));

        trustTrail = new Button(messages.get("agent-trails.trust"));
        trustTrail.setId("agent-trails-trust");
        trustTrail.setDisable(true);
        agentTrailsSection = agentTrailsSection();

        setTop(bars());
        var outbox = new VBox(
                section(caption(messages, "operations.caption"), growing(), retry, dismiss), operationsTable());
        var log = new VBox(
                section(caption(messages, "audit.caption"), verdict, growing(), status, exportButton()),
                auditTable(),
                agentTrailsSection);
        VBox.setVgrow(operations, Priority.ALWAYS);
        VBox.setVgrow(audit, Priority.ALWAYS);
        outbox.getStyleClass().add("hr-operations-section");
        log.getStyleClass().add("hr-operations-section");
        // Plain boxes, not split panes: every part is a child from the start, found by id before a skin exists.
        VBox.setVgrow(outbox, Priority.ALWAYS);
        VBox.setVgrow(log, Priority.ALWAYS);
        var lists = new VBox(outbox, log);
        HBox.setHgrow(lists, Priority.ALWAYS);
        VBox detailPane = detailPane();
        // The lists want the width; the picked line reads in a column beside them, a quarter of the page.
        detailPane.prefWidthProperty().bind(widthProperty().multiply(0.26));
        var page = new HBox(lists, detailPane);
        page.getStyleClass().add("hr-operations-page");
        setCenter(page);

        operations.getSelectionModel().selectedItemProperty().subscribe(this::picked);
        audit.getSelectionModel().selectedItemProperty().subscribe(this::picked);
        refreshButtons();
        refreshing = WhileShown.run(this, this::startRefreshing);
    }

    public OperationsViewModel model() {
        return model;
    }

    // ---------------------------------------------------------------- building

    private VBox bars() {
        Label title = new Label(messages.get("operations.title"));
        title.getStyleClass().add("hr-view-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label counts = new Label();
        counts.setId("operations-counts");
        counts.getStyleClass().add("hr-bar-text");
        counts.textProperty().bind(model.countsProperty());
        // Loud while anything waits for an operator: the one thing to read on this page.
        model.needsYouProperty().subscribe(n -> counts.pseudoClassStateChanged(NEEDS_YOU, n.intValue() > 0));
        counts.setMinWidth(0);
        holdsAll(counts);
        var top = new HBox(title, counts);
        top.getStyleClass().add("hr-view-bar");

        ComboBox<StageChoice> stages = new ComboBox<>();
        stages.setId("operations-stage-filter");
        stages.getStyleClass().add("hr-filter");
        stages.getItems().add(new StageChoice(null, messages.get("operations.filter.all")));
        for (OperationStage stage : OperationStage.values()) {
            stages.getItems().add(new StageChoice(stage, messages.get("operations.filter." + stage.id())));
        }
        stages.getSelectionModel().selectFirst();
        stages.valueProperty()
                .subscribe(choice -> model.stageFilterProperty().set(choice == null ? null : choice.stage()));
        stages.setMinWidth(Region.USE_PREF_SIZE);
        TextField search = new TextField();
        search.setId("operations-search");
        search.setPromptText(messages.get("operations.search.prompt"));
        search.textProperty().bindBidirectional(model.searchProperty());
        search.setPrefColumnCount(28);
        Label show = new Label(messages.get("operations.filter.label"));
        show.setLabelFor(stages);
        show.setMinWidth(Region.USE_PREF_SIZE);
        var filters = new HBox(show, stages, search);
        filters.getStyleClass().add("hr-view-bar");
        return new VBox(top, filters);
    }

    private TableView<OperationLine> operationsTable() {
        operations.setId("operations-table");
        operations.getStyleClass().addAll("hr-table", "hr-operations-table");
        operations.setItems(model.operations());
        operations.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        var queued = column(messages, "operations.column.time", 120, OperationLine::queuedAt);
        var server = column(messages, "operations.column.node", 130, OperationLine::server);
        var by = column(messages, "operations.column.requester", 100, OperationLine::requester);
        var state = styled(column(messages, "operations.column.state", 130, OperationLine::state), "hr-state-column");
        var tries = column(messages, "operations.column.attempts", 90, OperationLine::tries);
        operations
                .getColumns()
                .setAll(List.of(
                        queued,
                        server,
                        whole(column(messages, "operations.column.action", 170, OperationLine::action)),
                        by,
                        state,
                        tries,
                        whole(column(messages, "operations.column.result", 260, OperationLine::answer))));
        operations.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        FittedColumns.keep(
                operations,
                Map.of(
                        queued, OperationLine::queuedAt,
                        server, OperationLine::server,
                        by, OperationLine::requester,
                        state, OperationLine::state,
                        tries, OperationLine::tries));
        operations.setPlaceholder(placeholder(messages, "operations.empty"));
        operations.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(OperationLine line, boolean empty) {
                super.updateItem(line, empty);
                OperationStage stage = empty || line == null ? null : line.stage();
                pseudoClassStateChanged(WAITING, stage == OperationStage.WAITING);
                pseudoClassStateChanged(NEEDS_YOU, stage == OperationStage.NEEDS_YOU);
            }
        });
        return operations;
    }

    private TableView<AuditLine> auditTable() {
        audit.setId("audit-table");
        audit.getStyleClass().addAll("hr-table", "hr-audit-table");
        audit.setItems(model.audit());
        audit.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        var at = column(messages, "audit.column.time", 120, AuditLine::at);
        var actor = column(messages, "audit.column.actor", 100, AuditLine::actor);
        var target = column(messages, "audit.column.target", 130, AuditLine::target);
        var result = column(messages, "audit.column.result", 100, AuditLine::result);
        audit.getColumns()
                .setAll(List.of(
                        at,
                        actor,
                        whole(column(messages, "audit.column.action", 200, AuditLine::action)),
                        target,
                        whole(column(messages, "audit.column.reason", 200, AuditLine::reason)),
                        result));
        // The result is the last column: the action and why give way to it, not the other way round.
        audit.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        FittedColumns.keep(
                audit,
                Map.of(
                        at, AuditLine::at,
                        actor, AuditLine::actor,
                        target, AuditLine::target,
                        result, AuditLine::result));
        audit.setPlaceholder(placeholder(messages, "audit.empty"));
        verdict.setId("audit-verdict");
        verdict.getStyleClass().addAll("hr-bar-text", "hr-audit-verdict");
        verdict.setMinWidth(0);
        holdsAll(verdict);
        status.setId("operations-status");
        status.getStyleClass().add("hr-bar-text");
        status.setMinWidth(0);
        holdsAll(status);
        return audit;
    }

    private Button exportButton() {
        var export = new Button(messages.get("audit.export"));
        export.setId("audit-export");
        export.setMinWidth(Region.USE_PREF_SIZE);
        export.setOnAction(e -> exportAsked());
        return export;
    }

    private VBox detailPane() {
        detailCaption.getStyleClass().add("hr-panel-caption");
        detailCaption.setText(messages.get("operations.detail.caption"));
        detailCaption.setMinWidth(0);
        detail.setId("operations-detail");
        detail.getStyleClass().add("hr-operations-detail-text");
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setPromptText(messages.get("operations.detail.nothing"));
        var copy = new Button(messages.get("operations.detail.copy"));
        copy.setId("operations-detail-copy");
        copy.disableProperty().bind(detail.textProperty().isEmpty());
        copy.setOnAction(e -> {
            var content = new ClipboardContent();
            content.putString(detail.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        var pane = new VBox(section(detailCaption, growing(), copy), detail);
        VBox.setVgrow(detail, Priority.ALWAYS);
        pane.getStyleClass().add("hr-operations-detail");
        pane.setMinWidth(220);
        return pane;
    }

    private VBox agentTrailsSection() {
        agentTrails.setId("agent-trails-table");
        agentTrails.getStyleClass().addAll("hr-table", "hr-agent-trails");
        var agent = column(messages, "agent-trails.column.agent", 220, AgentAuditState::agent);
        var record = column(
                messages,
                "agent-trails.column.record",
                90,
                (AgentAuditState a) -> String.valueOf(a.latest().record()));
        var seen = column(
                messages,
                "agent-trails.column.seen",
                150,
                (AgentAuditState a) -> time.format(a.latest().seenAt()));
        agentTrails
                .getColumns()
                .setAll(List.of(
                        agent,
                        record,
                        seen,
                        whole(column(
                                messages,
                                "agent-trails.column.state",
                                560,
                                (AgentAuditState a) -> messages.format(
                                        a.needsAttention() ? "agent-trails.needs-look" : "agent-trails.adds-up",
                                        a.describe()))),
                        whole(column(
                                messages,
                                "agent-trails.column.kept",
                                200,
                                (AgentAuditState a) ->
                                        a.kept() == null ? "" : a.kept().asExpectedHead()))));
        agentTrails.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        FittedColumns.keep(
                agentTrails,
                Map.of(
                        agent, AgentAuditState::agent,
                        record, a -> String.valueOf(a.latest().record()),
                        seen, a -> time.format(a.latest().seenAt())));
        agentTrails.setRowFactory(table -> new TableRow<>() {
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
        var agentTrailsHint = new Label(messages.get("agent-trails.hint"));
        agentTrailsHint.getStyleClass().add("hr-operations-hint");
        agentTrailsHint.setWrapText(true);
        agentTrailsHint.setMinHeight(Region.USE_PREF_SIZE);
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
        var section = new VBox(
                section(caption(messages, "agent-trails.caption"), growing(), trustTrail),
                agentTrails,
                agentTrailsHint);
        section.getStyleClass().add("hr-operations-section");
        // Shown once an agent with a signed trail answered: the embedded simulator keeps none.
        section.setVisible(false);
        section.setManaged(false);
        return section;
    }

    private static final PseudoClass WAITING = PseudoClass.getPseudoClass("waiting");
    private static final PseudoClass NEEDS_YOU = PseudoClass.getPseudoClass("needs-you");

    /** A stage to filter by, or null for all, with its words. */
    private record StageChoice(OperationStage stage, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    // ---------------------------------------------------------------- the picked line

    private void picked(Object line) {
        if (line instanceof OperationLine) {
            audit.getSelectionModel().clearSelection();
        } else if (line instanceof AuditLine) {
            operations.getSelectionModel().clearSelection();
        }
        showPicked();
        refreshButtons();
    }

    private void showPicked() {
        OperationLine operation = operations.getSelectionModel().getSelectedItem();
        AuditLine entry = audit.getSelectionModel().getSelectedItem();
        if (operation != null) {
            detail.setText(model.detail(operation));
        } else if (entry != null) {
            detail.setText(model.detail(entry));
        } else {
            detail.clear();
        }
    }

    /** What the detail pane shows: the whole of the picked operation or audit entry; empty when none. */
    public String detailText() {
        return detail.getText();
    }

    // ---------------------------------------------------------------- reading the desk

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

    /** Reads the outbox and the audit log again; the tables change on the FX thread when they answer. */
    public void refresh() {
        if (Instant.now().isAfter(lastVerified.plus(VERIFY_EVERY))) {
            verifyAudit();
        }
        desk.recentOperations(ROWS)
                .thenAccept(rows -> Platform.runLater(() -> {
                    String kept = keyOf(operations.getSelectionModel().getSelectedItem());
                    if (model.showOperations(rows, clock.instant())) {
                        reselect(operations, kept, OperationLine::key);
                    }
                    refreshButtons();
                }))
                .exceptionally(this::showFailure);
        desk.recentAudit(ROWS)
                .thenAccept(rows -> Platform.runLater(() -> {
                    AuditLine was = audit.getSelectionModel().getSelectedItem();
                    if (model.showAudit(rows)) {
                        reselect(
                                audit,
                                was == null ? null : String.valueOf(was.row().seq()),
                                a -> String.valueOf(a.row().seq()));
                    }
                }))
                .exceptionally(this::showFailure);
        desk.agentAudits()
                .thenAccept(rows -> Platform.runLater(() -> {
                    agentTrailsSection.setVisible(!rows.isEmpty());
                    agentTrailsSection.setManaged(!rows.isEmpty());
                    if (!agentTrails.getItems().equals(rows)) {
                        AgentAuditState selected =
                                agentTrails.getSelectionModel().getSelectedItem();
                        agentTrails.getItems().setAll(rows);
                        if (selected != null && rows.contains(selected)) {
                            agentTrails.getSelectionModel().select(selected);
                        }
                    }
                }))
                .exceptionally(this::showFailure);
    }

    private static String keyOf(OperationLine line) {
        return line == null ? null : line.key();
    }

    /** Keeps the operator's place when the lines are read again: the same operation or entry stays picked. */
    private <L> void reselect(TableView<L> table, String key, Function<L, String> keyOf) {
        if (key != null) {
            for (int i = 0; i < table.getItems().size(); i++) {
                if (key.equals(keyOf.apply(table.getItems().get(i)))) {
                    table.getSelectionModel().select(i);
                    break;
                }
            }
        }
        showPicked();
    }

    /** What the page says about each agent's audit trail, one line per agent: for tests. */
    public List<String> agentTrailTexts() {
        return agentTrails.getItems().stream()
                .map(a -> a.agent() + ": " + a.describe())
                .toList();
    }

    /** Checks the audit trail's hash chain off the FX thread and says on the page whether it holds. */
    public void verifyAudit() {
        lastVerified = Instant.now();
        // The callback shows both outcomes on the page; the derived future adds nothing to watch.
        var unusedShown = desk.verifyAudit()
                .whenComplete((result, failure) -> Platform.runLater(() -> {
                    boolean broken = failure != null || result instanceof ChainVerdict.Broken;
                    verdict.pseudoClassStateChanged(BROKEN, broken);
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        verdict.setText(messages.format("audit.verify-failed", cause.getMessage()));
                    } else if (result instanceof ChainVerdict.Broken b) {
                        verdict.setText(messages.format("audit.broken", b.record(), b.problem()));
                    } else if (result instanceof ChainVerdict.Intact intact) {
                        verdict.setText(messages.format("audit.verifies", intact.records()));
                    }
                }));
    }

    /** What the page says about the audit trail's hash chain. */
    public String auditVerdictText() {
        return verdict.getText();
    }

    private Void showFailure(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        Platform.runLater(() -> status.setText(messages.format("operations.read-failed", cause.getMessage())));
        return null;
    }

    // ---------------------------------------------------------------- acting

    private Optional<OperationLine> selectedNeedingOperator() {
        return Optional.ofNullable(operations.getSelectionModel().getSelectedItem())
                .filter(OperationLine::needsOperator);
    }

    private void refreshButtons() {
        boolean decide = selectedNeedingOperator().isPresent();
        retry.setDisable(!decide);
        dismiss.setDisable(!decide);
    }

    private void act(CompletableFuture<Void> done) {
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
        // The file is named for the operator's day, in the same zone the page shows its times in.
        chooser.setInitialFileName("headroom-audit-" + java.time.LocalDate.now(clock) + ".csv");
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
