package io.headroom.views.operations;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.mig.MigLayout;
import io.headroom.core.mig.MigLayoutProblem;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.views.Messages;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What an operation dialog asks: the details (pool and tenant, or the MIG layout), the
 * agent's dry-run plan, and the reason. Ready once the details are valid, a reason is typed
 * and the agent has not refused the plan; an unreachable agent does not stop it (the outbox
 * sends it when the agent is back), but says so.
 */
public final class OperationForm extends VBox {

    private final Messages messages;
    private final OperationsDesk desk;
    private final List<Target> targets;
    private final Node node;
    private final long generationSeen;
    private final OperationKind kind;
    private final Clock clock;
    private final TextField pool = new TextField();
    private final TextField tenant = new TextField();
    private final ComboBox<Integer> gpu = new ComboBox<>();
    private final ComboBox<String> layout = new ComboBox<>();
    private final Label detailsProblem = new Label();
    private final Label planStatus = new Label();
    private final TextArea plan = new TextArea();
    private final TextArea reason = new TextArea();
    private final Label saveStatus = new Label();
    private final BooleanProperty ready = new SimpleBooleanProperty(false);
    private OperationStatus planAnswer;
    private boolean saving;
    private final java.util.Set<String> queuedHosts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** One node the operation is for, with the generation the operator saw. */
    public record Target(Node node, long generation) {}

    public OperationForm(Messages messages, OperationsDesk desk, Node node, long generationSeen, OperationKind kind,
                         int gpuIndex, Clock clock) {
        this(messages, desk, List.of(new Target(node, generationSeen)), "", kind, gpuIndex, clock);
    }

    /**
     * A drain or resume of several nodes at once (a whole rack): one plan, one reason, one
     * outbox entry per node.
     *
     * @param group what the nodes are, for the title ("H1-A03"); ignored for one node
     */
    public OperationForm(Messages messages, OperationsDesk desk, List<Target> targets, String group, OperationKind kind,
                         int gpuIndex, Clock clock) {
        if (targets.isEmpty() || targets.size() > 1 && (kind == OperationKind.REASSIGN || kind == OperationKind.RESLICE)) {
            throw new IllegalArgumentException(kind + " needs exactly one node, got " + targets.size());
        }
        this.messages = messages;
        this.desk = desk;
        this.targets = List.copyOf(targets);
        this.node = targets.getFirst().node();
        this.generationSeen = targets.getFirst().generation();
        this.kind = kind;
        this.clock = clock;
        getStyleClass().add("hr-operation-form");
        setSpacing(8);
        Label title;
        Label facts;
        if (targets.size() == 1) {
            title = new Label(messages.format(kind.messageKey() + ".title", node.hostname()));
            facts = new Label(messages.format("operation.facts", node.pool(), node.tenant().isEmpty() ? "\u2014" : node.tenant(),
                    node.schedulerState().name(), generationSeen));
        } else {
            title = new Label(messages.format(kind.messageKey() + ".group-title", group, targets.size()));
            facts = new Label(String.join(", ", targets.stream().map(t -> t.node().hostname()).toList()));
            facts.setWrapText(true);
        }
        title.getStyleClass().add("hr-operation-title");
        getChildren().addAll(title, facts);
        addDetails(gpuIndex);
        detailsProblem.setId("operation-details-problem");
        detailsProblem.getStyleClass().add("hr-operation-problem");
        detailsProblem.setWrapText(true);
        var askPlan = new Button(messages.get("operation.plan.ask"));
        askPlan.setId("operation-ask-plan");
        askPlan.setOnAction(e -> askForPlan());
        planStatus.setId("operation-plan-status");
        planStatus.setWrapText(true);
        plan.setId("operation-plan");
        plan.setEditable(false);
        plan.setPrefRowCount(5);
        plan.getStyleClass().add("hr-operation-plan");
        reason.setId("operation-reason");
        reason.setPromptText(messages.get("operation.reason.prompt"));
        reason.setPrefRowCount(2);
        reason.setWrapText(true);
        saveStatus.setId("operation-save-status");
        saveStatus.setWrapText(true);
        getChildren().addAll(detailsProblem, new HBox(8, new Label(messages.get("operation.plan.caption")), askPlan),
                planStatus, plan, new Label(messages.get("operation.reason.caption")), reason, saveStatus);
        reason.textProperty().subscribe(this::refreshReady);
        refreshReady();
        if (kind == OperationKind.DRAIN || kind == OperationKind.RESUME) {
            askForPlan();
        }
    }

    private void addDetails(int gpuIndex) {
        if (kind == OperationKind.REASSIGN) {
            pool.setId("operation-pool");
            pool.setPromptText(node.pool());
            tenant.setId("operation-tenant");
            tenant.setPromptText(node.tenant());
            var grid = new GridPane(8, 6);
            grid.addRow(0, new Label(messages.get("operation.reassign.pool")), pool);
            grid.addRow(1, new Label(messages.get("operation.reassign.tenant")), tenant);
            getChildren().add(grid);
            pool.textProperty().subscribe(this::detailsChanged);
            tenant.textProperty().subscribe(this::detailsChanged);
        } else if (kind == OperationKind.RESLICE) {
            List<Integer> sliceable = node.accelerators().stream().filter(a -> MigLayout.supports(a.model()))
                    .map(Accelerator::index).toList();
            gpu.setId("operation-gpu");
            gpu.getItems().setAll(sliceable);
            gpu.setValue(sliceable.contains(gpuIndex) ? Integer.valueOf(gpuIndex) : sliceable.isEmpty() ? null : sliceable.getFirst());
            layout.setId("operation-layout");
            layout.setEditable(true);
            layout.getItems().setAll(ResliceLayouts.PRESETS);
            layout.setValue(ResliceLayouts.PRESETS.getFirst());
            layout.setPrefWidth(360);
            var grid = new GridPane(8, 6);
            grid.addRow(0, new Label(messages.get("operation.reslice.gpu")), gpu);
            grid.addRow(1, new Label(messages.get("operation.reslice.layout")), layout);
            getChildren().add(grid);
            gpu.valueProperty().subscribe(this::detailsChanged);
            layout.valueProperty().subscribe(this::detailsChanged);
            layout.getEditor().textProperty().subscribe(this::detailsChanged);
        }
    }

    /** The action the details describe now, or the reason they describe none. */
    Result action() {
        return switch (kind) {
            case DRAIN -> Result.of(new OperationAction.Drain());
            case RESUME -> Result.of(new OperationAction.Resume());
            case REASSIGN -> {
                String newPool = pool.getText().trim();
                String newTenant = tenant.getText().trim();
                yield newPool.isEmpty() && newTenant.isEmpty() ? Result.problem(messages.get("operation.reassign.empty"))
                        : Result.of(new OperationAction.Reassign(newPool, newTenant, List.of()));
            }
            case RESLICE -> {
                Integer index = gpu.getValue();
                if (index == null) {
                    yield Result.problem(messages.get("operation.reslice.no-gpu"));
                }
                Accelerator chosen = node.accelerators().stream().filter(a -> a.index() == index).findFirst().orElseThrow();
                // The editor holds what is typed before the combo box commits it as its value.
                String typed = layout.getEditor().getText() == null || layout.getEditor().getText().isBlank()
                        ? layout.getValue() : layout.getEditor().getText();
                try {
                    var slices = ResliceLayouts.parse(typed == null ? "" : typed, chosen.model(), chosen.memoryTotalMib());
                    yield Result.of(new OperationAction.Reslice(index, slices));
                } catch (MigLayoutProblem problem) {
                    yield Result.problem(problem.getMessage());
                }
            }
        };
    }

    record Result(Optional<OperationAction> action, String problem) {
        static Result of(OperationAction action) {
            return new Result(Optional.of(action), "");
        }

        static Result problem(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    private void detailsChanged() {
        planAnswer = null;
        plan.clear();
        planStatus.setText("");
        refreshReady();
    }

    /** Asks the agent for a dry run of what the details say now. */
    public void askForPlan() {
        Result current = action();
        if (current.action().isEmpty()) {
            refreshReady();
            return;
        }
        OperationAction asked = current.action().get();
        planStatus.setText(messages.get("operation.plan.asking"));
        plan.clear();
        List<CompletableFuture<Answer>> answers = targets.stream().map(target -> desk.plan(PendingOperation.create(
                        target.node().hostname(), asked, target.generation(), desk.requester(), "", clock))
                .handle((outcome, failure) -> new Answer(target.node().hostname(), outcome, failure))).toList();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenRun(() -> {
            List<Answer> all = answers.stream().map(CompletableFuture::join).toList();
            Platform.runLater(() -> showPlan(asked, all));
        });
    }

    /** One agent's answer to a dry run: its outcome, or why there was none. */
    private record Answer(String hostname, OperationOutcome outcome, Throwable failure) {
        String problem() {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return cause == null ? "" : cause.getMessage();
        }
    }

    private void showPlan(OperationAction asked, List<Answer> answers) {
        if (!action().action().equals(Optional.of(asked))) {
            return; // the details changed while the agent was thinking
        }
        planAnswer = null;
        List<String> lines = new java.util.ArrayList<>();
        List<String> status = new java.util.ArrayList<>();
        for (Answer answer : answers) {
            String prefix = answers.size() > 1 ? answer.hostname() + ": " : "";
            if (answer.failure() != null) {
                status.add(prefix + messages.format("operation.plan.unreachable", answer.problem()));
                continue;
            }
            OperationOutcome outcome = answer.outcome();
            outcome.plan().forEach(line -> lines.add(line));
            if (outcome.status() == OperationStatus.REJECTED || outcome.status() == OperationStatus.CONFLICT) {
                planAnswer = outcome.status();
            }
            switch (outcome.status()) {
                case REJECTED -> status.add(prefix + messages.format("operation.plan.rejected", outcome.message()));
                case CONFLICT -> status.add(prefix + messages.format("operation.plan.conflict", outcome.message()));
                default -> {
                    if (answers.size() == 1) {
                        status.add(outcome.message().isEmpty() ? messages.get("operation.plan.ok") : outcome.message());
                    }
                }
            }
        }
        if (status.isEmpty()) {
            status.add(messages.get("operation.plan.ok"));
        }
        plan.setText(String.join("\n", lines));
        planStatus.setText(String.join("\n", status));
        refreshReady();
    }

    private void refreshReady() {
        Result current = action();
        detailsProblem.setText(current.problem());
        boolean refused = planAnswer == OperationStatus.REJECTED || planAnswer == OperationStatus.CONFLICT;
        ready.set(!saving && current.action().isPresent() && !reason.getText().isBlank() && !refused);
    }

    /** Valid details, a reason, and no refusal from the agent. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready;
    }

    /**
     * Queues the operation in the outbox. Completes when it is saved; the form then says so,
     * and on failure says why and stays open with everything typed.
     */
    public CompletableFuture<PendingOperation> submit() {
        Result current = action();
        if (!ready.get() || current.action().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(messages.get("operation.not-ready")));
        }
        List<PendingOperation> operations = targets.stream().map(target -> PendingOperation.create(target.node().hostname(),
                current.action().get(), target.generation(), desk.requester(), reason.getText().trim(), clock)).toList();
        PendingOperation operation = operations.getFirst();
        saving = true;
        refreshReady();
        saveStatus.setText(messages.get("operation.saving"));
        var saved = new CompletableFuture<PendingOperation>();
        // One after the other, in order: a failure part way leaves the rest unqueued and says so.
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (PendingOperation each : operations) {
            if (queuedHosts.contains(each.hostname())) {
                continue; // queued by an earlier press that failed part way: never twice
            }
            all = all.thenCompose(ignored -> desk.submit(each))
                    .thenRun(() -> queuedHosts.add(each.hostname()));
        }
        all.whenComplete((done, failure) -> Platform.runLater(() -> {
            saving = false;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                saveStatus.setText(messages.format("operation.save-failed", cause.getMessage()));
                refreshReady();
                saved.completeExceptionally(cause);
            } else {
                saveStatus.setText(messages.get("operation.saved"));
                saved.complete(operation);
            }
        }));
        return saved;
    }

    /** The plan shown, for tests. */
    String planText() {
        return plan.getText();
    }
}
