package io.headroom.views.operations;

import io.headroom.core.fleet.Node;
import io.headroom.views.Messages;
import io.headroom.views.node.NodeAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.stage.Window;

/**
 * The buttons a node offers: drain or resume (whichever makes sense in its scheduler state),
 * reassign, and re-slice when it has a GPU with a MIG profile table. Each opens a dialog.
 */
public final class NodeOperations {

    private final Messages messages;
    private final OperationsDesk desk;
    private final Supplier<Window> window;
    private final Clock clock;

    public NodeOperations(Messages messages, OperationsDesk desk, Supplier<Window> window, Clock clock) {
        this.messages = messages;
        this.desk = desk;
        this.window = window;
        this.clock = clock;
    }

    /**
     * The actions offered for a node.
     *
     * @param generation the node's generation as the console sees it when a button is pressed
     */
    public List<NodeAction> actionsFor(Node node, LongSupplier generation) {
        return actionsFor(node, node.schedulerState(), generation);
    }

    /**
     * The actions offered for a node in {@code state}, the scheduler state its agent last sent:
     * a drained node offers Resume as soon as the drain shows, not only when it is opened again.
     */
    public List<NodeAction> actionsFor(
            Node node, io.headroom.core.fleet.SchedulerState state, LongSupplier generation) {
        List<NodeAction> actions = new ArrayList<>();
        boolean out = switch (state) {
            case DRAINING, DRAINED, DOWN -> true;
            default -> false;
        };
        List<OperationKind> kinds =
                new ArrayList<>(List.of(out ? OperationKind.RESUME : OperationKind.DRAIN, OperationKind.REASSIGN));
        if (node.accelerators().stream().anyMatch(a -> io.headroom.core.mig.MigLayout.supports(a.model()))) {
            kinds.add(OperationKind.RESLICE);
        }
        for (OperationKind kind : kinds) {
            if (allowed(kind, node)) {
                actions.add(action(kind, node, generation));
            }
        }
        return actions;
    }

    /** Hidden only when the node's agent has said this console's role may not: the agent enforces it anyway. */
    private boolean allowed(OperationKind kind, Node node) {
        return desk.roleFor(node.hostname())
                .map(role -> role.permits(kind.action()))
                .orElse(true);
    }

    private NodeAction action(OperationKind kind, Node node, LongSupplier generation) {
        return new NodeAction(messages.get(kind.messageKey()), () -> open(kind, node, generation.getAsLong()));
    }

    /**
     * Drain and resume for every node of a rack at once: one dialog, one reason, one outbox
     * entry per node.
     *
     * @param generations each node's generation as the console sees it when a button is pressed
     */
    public List<NodeAction> rackActions(
            String rack, List<Node> nodes, java.util.function.ToLongFunction<Node> generations) {
        if (nodes.isEmpty()) {
            return List.of();
        }
        return List.of(OperationKind.DRAIN, OperationKind.RESUME).stream()
                .filter(kind -> nodes.stream().allMatch(n -> allowed(kind, n)))
                .map(kind -> new NodeAction(
                        messages.format(kind.messageKey() + ".rack", rack, nodes.size()),
                        () -> open(kind, targets(nodes, generations), rack)))
                .toList();
    }

    /**
     * Opens one dialog for the same operation on several nodes (servers picked on the heatmap):
     * every server's plan, one reason, one outbox entry per server, as for a rack.
     *
     * @param group how the dialog names the lot, e.g. "12 servers from the heatmap"
     */
    public OperationDialog openForNodes(
            OperationKind kind, String group, List<Node> nodes, java.util.function.ToLongFunction<Node> generations) {
        return open(kind, targets(nodes, generations), group);
    }

    /**
     * The actions offered for a workload: notify its owner (technician and up); requeue (when its
     * job allows it) and cancel a Slurm job, evict a Kubernetes pod (operator). Each is routed to
     * {@code route}, a node the workload holds GPUs on, and hidden when that node's agent has said
     * this console's role may not.
     */
    public List<NodeAction> workloadActions(
            io.headroom.core.workload.Workload workload, String label, Node route, LongSupplier generation) {
        List<OperationKind> kinds = new ArrayList<>(List.of(OperationKind.NOTIFY_OWNER));
        switch (workload.kind()) {
            case SLURM_JOB -> {
                if (workload.requeueable()) {
                    kinds.add(OperationKind.REQUEUE);
                }
                kinds.add(OperationKind.CANCEL);
            }
            case KUBERNETES_POD -> kinds.add(OperationKind.EVICT);
            case PROCESS -> {}
        }
        return kinds.stream()
                .filter(kind -> allowed(kind, route))
                .map(kind -> new NodeAction(
                        messages.get(kind.messageKey()),
                        () -> openForWorkload(kind, workload.id(), label, route, generation.getAsLong())))
                .toList();
    }

    /** Opens the dialog for one action on a workload, routed through one of its nodes, not waiting for it. */
    public OperationDialog openForWorkload(
            OperationKind kind, String workloadId, String label, Node route, long generation) {
        var model = new OperationFormViewModel(
                messages,
                desk,
                kind,
                List.of(new OperationTarget(route, generation)),
                "",
                clock,
                Platform::runLater,
                workloadId,
                label);
        var dialog = new OperationDialog(window.get(), messages, new OperationForm(model));
        dialog.show();
        return dialog;
    }

    /** Opens the dialog for one operation on one node, not waiting for it. */
    public OperationDialog open(OperationKind kind, Node node, long generation) {
        return open(kind, List.of(new OperationTarget(node, generation)), "");
    }

    /** The desk answers on its own threads; the dialog's view model hands its answers to the FX thread. */
    private OperationDialog open(OperationKind kind, List<OperationTarget> targets, String group) {
        var model = new OperationFormViewModel(messages, desk, kind, targets, group, clock, Platform::runLater);
        var dialog = new OperationDialog(window.get(), messages, new OperationForm(model));
        dialog.show();
        return dialog;
    }

    private static List<OperationTarget> targets(
            List<Node> nodes, java.util.function.ToLongFunction<Node> generations) {
        return nodes.stream()
                .map(n -> new OperationTarget(n, generations.applyAsLong(n)))
                .toList();
    }
}
