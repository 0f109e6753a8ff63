package io.headroom.views.operations;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.mig.MigLayout;
import io.headroom.core.mig.MigLayoutProblem;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.views.Messages;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * What an operation dialog asks and says: the details (pool and tenant, or a GPU and its MIG
 * layout), the agent's dry-run plan, and the reason. Ready once the details are valid, a
 * reason is typed and no agent has refused the plan; an unreachable agent does not stop it
 * (the outbox sends it when the agent is back), but says so. Several servers at once (a rack,
 * servers picked on the heatmap) get one plan, one reason and one outbox entry each.
 *
 * <p>javafx.beans only, tested without a toolkit. It is used on one thread (the FX thread in
 * the console); the desk answers on its own threads, and those answers are handed back
 * through {@code onFxThread}: {@code Platform::runLater} in the console ({@link NodeOperations}).
 */
public final class OperationFormViewModel {

    private final Messages messages;
    private final OperationsDesk desk;
    private final OperationKind kind;
    /** The workload a reclaim acts on (empty for the node operations), and how the title names it. */
    private final String workloadId;

    private final String workloadLabel;
    private final List<OperationTarget> targets;
    private final String group;
    private final Clock clock;
    private final Executor onFxThread;
    private final List<Integer> sliceableGpus;
    private final StringProperty pool = new SimpleStringProperty(this, "pool", "");
    private final StringProperty tenant = new SimpleStringProperty(this, "tenant", "");
    private final ObjectProperty<Integer> gpu = new SimpleObjectProperty<>(this, "gpu");
    private final StringProperty layout = new SimpleStringProperty(this, "layout", ResliceLayouts.PRESETS.getFirst());
    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final ReadOnlyStringWrapper detailsProblem = new ReadOnlyStringWrapper(this, "detailsProblem", "");
    private final ReadOnlyStringWrapper planStatus = new ReadOnlyStringWrapper(this, "planStatus", "");
    private final ReadOnlyStringWrapper plan = new ReadOnlyStringWrapper(this, "plan", "");
    private final ReadOnlyStringWrapper saveStatus = new ReadOnlyStringWrapper(this, "saveStatus", "");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready", false);
    /** REJECTED or CONFLICT when an agent refused the plan for the details shown; null otherwise. */
    private OperationStatus refusal;

    private boolean saving;
    /** Written on the desk's threads: what an earlier press that failed part way did queue. */
    private final Set<String> queuedHosts = ConcurrentHashMap.newKeySet();

    /**
     * @param group what the servers are, for the title ("H1-A03"); ignored for one server
     */
    public OperationFormViewModel(
            Messages messages,
            OperationsDesk desk,
            OperationKind kind,
            List<OperationTarget> targets,
            String group,
            Clock clock,
            Executor onFxThread) {
        this(messages, desk, kind, targets, group, clock, onFxThread, "", "");
    }

    /**
     * A form for an action on a workload: {@code targets} is the one node that routes it to an agent.
     *
     * @param workloadId    the workload as its agent reports it ({@code slurm:cluster:4242})
     * @param workloadLabel how the title names it ("job 4242 of alice")
     */
    public OperationFormViewModel(
            Messages messages,
            OperationsDesk desk,
            OperationKind kind,
            List<OperationTarget> targets,
            String group,
            Clock clock,
            Executor onFxThread,
            String workloadId,
            String workloadLabel) {
        if (kind.reclaims() == workloadId.isEmpty() || (kind.reclaims() && targets.size() != 1)) {
            throw new IllegalArgumentException(
                    kind + " on a workload needs its id and exactly one node to route it; got workload '" + workloadId
                            + "' and " + targets.size() + " nodes");
        }
        this.workloadId = workloadId;
        this.workloadLabel = workloadLabel;
        if (targets.isEmpty()
                || (targets.size() > 1 && (kind == OperationKind.REASSIGN || kind == OperationKind.RESLICE))) {
            throw new IllegalArgumentException(kind + " needs exactly one node, got " + targets.size());
        }
        this.messages = messages;
        this.desk = desk;
        this.kind = kind;
        this.targets = List.copyOf(targets);
        this.group = group;
        this.clock = clock;
        this.onFxThread = onFxThread;
        sliceableGpus = node().accelerators().stream()
                .filter(a -> MigLayout.supports(a.model()))
                .map(Accelerator::index)
                .toList();
        gpu.set(sliceableGpus.isEmpty() ? null : sliceableGpus.getFirst());
        for (ObservableValue<?> details : List.of(pool, tenant, gpu, layout)) {
            details.subscribe((before, now) -> detailsChanged());
        }
        reason.subscribe((before, now) -> refreshReady());
        refreshReady();
        if (kind == OperationKind.DRAIN || kind == OperationKind.RESUME || kind.reclaims()) {
            askForPlan();
        }
    }

    public Messages messages() {
        return messages;
    }

    public OperationKind kind() {
        return kind;
    }

    /** The server, or the first of several. */
    public Node node() {
        return targets.getFirst().node();
    }

    /** "Drain gpu-c07", or for several servers "Drain rack H1-A03: 8 servers". */
    public String title() {
        if (kind.reclaims()) {
            return messages.format(kind.messageKey() + ".title", workloadLabel, node().hostname());
        }
        return targets.size() == 1
                ? messages.format(kind.messageKey() + ".title", node().hostname())
                : messages.format(kind.messageKey() + ".group-title", group, targets.size());
    }

    /** The server's pool, tenant, scheduler state and generation; or the servers' names. */
    public String facts() {
        if (targets.size() > 1) {
            return String.join(
                    ", ", targets.stream().map(t -> t.node().hostname()).toList());
        }
        Node node = node();
        return messages.format(
                "operation.facts",
                node.pool(),
                node.tenant().isEmpty() ? "\u2014" : node.tenant(),
                messages.get("scheduler." + node.schedulerState().name().toLowerCase(java.util.Locale.ROOT)),
                targets.getFirst().generation());
    }

    public boolean forSeveralServers() {
        return targets.size() > 1;
    }

    /** The GPUs a re-slice can choose: those with a MIG profile table. */
    public List<Integer> sliceableGpus() {
        return sliceableGpus;
    }

    /** The action the details describe now, or why they describe none. */
    Details details() {
        return switch (kind) {
            case DRAIN -> Details.of(new OperationAction.Drain());
            case RESUME -> Details.of(new OperationAction.Resume());
            // The reason goes with every operation; the owner's message carries it, so the note stays empty.
            case NOTIFY_OWNER -> Details.of(new OperationAction.NotifyOwner(workloadId, ""));
            case REQUEUE -> Details.of(new OperationAction.Requeue(workloadId));
            case CANCEL -> Details.of(new OperationAction.Cancel(workloadId));
            case EVICT -> Details.of(new OperationAction.Evict(workloadId));
            case REASSIGN -> {
                String newPool = pool.get().trim();
                String newTenant = tenant.get().trim();
                yield newPool.isEmpty() && newTenant.isEmpty()
                        ? Details.problem(messages.get("operation.reassign.empty"))
                        : Details.of(new OperationAction.Reassign(newPool, newTenant, List.of()));
            }
            case RESLICE -> {
                Integer index = gpu.get();
                if (index == null) {
                    yield Details.problem(messages.get("operation.reslice.no-gpu"));
                }
                Accelerator chosen = node().accelerators().stream()
                        .filter(a -> a.index() == index)
                        .findFirst()
                        .orElseThrow();
                try {
                    String typed = layout.get() == null ? "" : layout.get();
                    yield Details.of(new OperationAction.Reslice(
                            index, ResliceLayouts.parse(typed, chosen.model(), chosen.memoryTotalMib())));
                } catch (MigLayoutProblem problem) {
                    yield Details.problem(problem.getMessage());
                }
            }
        };
    }

    record Details(Optional<OperationAction> action, String problem) {
        static Details of(OperationAction action) {
            return new Details(Optional.of(action), "");
        }

        static Details problem(String why) {
            return new Details(Optional.empty(), why);
        }
    }

    private void detailsChanged() {
        refusal = null;
        plan.set("");
        planStatus.set("");
        refreshReady();
    }

    /** Asks every server's agent for a dry run of what the details say now. */
    public void askForPlan() {
        Optional<OperationAction> details = details().action();
        if (details.isEmpty()) {
            refreshReady();
            return;
        }
        OperationAction asked = details.get();
        planStatus.set(messages.get("operation.plan.asking"));
        plan.set("");
        List<CompletableFuture<DryRunPlan.Answer>> answers = targets.stream()
                .map(target -> desk.plan(PendingOperation.create(
                                target.node().hostname(), asked, target.generation(), desk.requester(), "", clock))
                        .handle((outcome, failure) ->
                                new DryRunPlan.Answer(target.node().hostname(), outcome, failure)))
                .toList();
        // Every answer is handled (failures become answers), so allOf cannot fail; the plan is shown from the callback.
        var unusedShown = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenRun(() -> {
                    List<DryRunPlan.Answer> all =
                            answers.stream().map(CompletableFuture::join).toList();
                    onFxThread.execute(() -> showPlan(asked, all));
                });
    }

    private void showPlan(OperationAction asked, List<DryRunPlan.Answer> answers) {
        if (!details().action().equals(Optional.of(asked))) {
            return; // the details changed while the agents were thinking
        }
        DryRunPlan answered = DryRunPlan.of(answers, messages);
        refusal = answered.refusal();
        plan.set(answered.commands());
        planStatus.set(answered.status());
        refreshReady();
    }

    private void refreshReady() {
        Details details = details();
        detailsProblem.set(details.problem());
        ready.set(!saving && details.action().isPresent() && !reason.get().isBlank() && refusal == null);
    }

    /**
     * Queues the operation in the outbox, one entry per server, one after the other. Completes
     * on the FX thread once all are saved; on failure the form says why and keeps everything
     * typed, and a second press queues only the servers not yet queued.
     */
    public CompletableFuture<PendingOperation> submit() {
        Optional<OperationAction> details = details().action();
        if (!ready.get() || details.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(messages.get("operation.not-ready")));
        }
        List<PendingOperation> operations = targets.stream()
                .map(target -> PendingOperation.create(
                        target.node().hostname(),
                        details.get(),
                        target.generation(),
                        desk.requester(),
                        reason.get().trim(),
                        clock))
                .toList();
        saving = true;
        refreshReady();
        saveStatus.set(messages.get("operation.saving"));
        var saved = new CompletableFuture<PendingOperation>();
        // In order: a failure part way leaves the rest unqueued and says so.
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (PendingOperation each : operations) {
            if (queuedHosts.contains(each.hostname())) {
                continue; // queued by an earlier press that failed part way: never twice
            }
            all = all.thenCompose(ignored -> desk.submit(each)).thenRun(() -> queuedHosts.add(each.hostname()));
        }
        // The callback handles both outcomes and completes `saved`, which is what callers watch.
        var unusedSaving = all.whenComplete((done, failure) -> onFxThread.execute(() -> {
            saving = false;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                saveStatus.set(messages.format("operation.save-failed", cause.getMessage()));
                refreshReady();
                saved.completeExceptionally(cause);
            } else {
                saveStatus.set(messages.get("operation.saved"));
                saved.complete(operations.getFirst());
            }
        }));
        return saved;
    }

    public StringProperty poolProperty() {
        return pool;
    }

    public StringProperty tenantProperty() {
        return tenant;
    }
    /** The GPU to re-slice, by index; null when the server has none that can be. */
    public ObjectProperty<Integer> gpuProperty() {
        return gpu;
    }
    /** The MIG layout as typed, {@code profile@start} entries ("9@0, 9@4"). */
    public StringProperty layoutProperty() {
        return layout;
    }

    public StringProperty reasonProperty() {
        return reason;
    }
    /** Why the details describe no operation; empty when they do. */
    public ReadOnlyStringProperty detailsProblemProperty() {
        return detailsProblem.getReadOnlyProperty();
    }
    /** Asking, what the agent said, or why there is no plan; one line per server when there are several. */
    public ReadOnlyStringProperty planStatusProperty() {
        return planStatus.getReadOnlyProperty();
    }
    /** The commands the agents would run, one a line. */
    public ReadOnlyStringProperty planProperty() {
        return plan.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty saveStatusProperty() {
        return saveStatus.getReadOnlyProperty();
    }
    /** Valid details, a reason, no refusal from an agent, and not saving now. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }
}
