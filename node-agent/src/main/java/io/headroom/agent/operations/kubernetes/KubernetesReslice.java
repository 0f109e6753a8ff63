package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.headroom.agent.operations.Answers;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.mig.MigLayout;
import io.headroom.core.mig.MigLayoutProblem;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A re-slice on Kubernetes: through the NVIDIA GPU Operator, whose MIG manager watches the
 * node's {@code nvidia.com/mig.config} label, re-slices every GPU of the node to that named
 * configuration and reports in {@code nvidia.com/mig.config.state}: pending, then success or
 * failed. The layout is checked against the profile table first and must be one the
 * operator's default configurations hold.
 */
final class KubernetesReslice {

    private static final long POLL_MILLIS = 500;

    private final KubernetesOperations backend;
    private final ExecuteRequest request;
    private final KubernetesOperations.Observed before;

    KubernetesReslice(KubernetesOperations backend, ExecuteRequest request, KubernetesOperations.Observed before) {
        this.backend = backend;
        this.request = request;
        this.before = before;
    }

    ExecuteResponse run() throws KubernetesOperations.KubernetesUnreachable {
        ClusterNode node = before.node();
        long generation = before.generation();
        int index = request.getReslice().getGpuIndex();
        List<Accelerator> all = backend.gpus();
        Optional<Accelerator> gpu = all.stream().filter(a -> a.index() == index).findFirst();
        if (gpu.isEmpty()) {
            return Answers.rejected(request.getHostname() + " has no GPU " + index, generation);
        }
        long memory = gpu.get().memoryTotalMib();
        MigLayout layout;
        try {
            layout = MigLayout.check(
                    gpu.get().model(),
                    memory,
                    request.getReslice().getSlicesList().stream()
                            .map(s -> new int[] {s.getProfileId(), s.getPlacementStart()})
                            .toList());
        } catch (MigLayoutProblem problem) {
            return Answers.rejected(problem.getMessage(), generation);
        }
        Optional<String> config = MigConfigNames.of(layout, memory);
        if (config.isEmpty()) {
            return Answers.rejected(
                    "the GPU Operator re-slices by named configuration, and its default configurations"
                            + " have none with this layout; for " + gpu.get().model() + " they are: "
                            + MigConfigNames.describeAccepted(memory),
                    generation);
        }
        List<String> models = all.stream().map(Accelerator::model).distinct().toList();
        if (models.size() > 1) {
            return Answers.rejected(
                    "the GPU Operator applies " + config.get() + " to every GPU of " + node.name()
                            + ", and its GPUs differ (" + String.join(", ", models)
                            + "); use a custom mig-parted configuration",
                    generation);
        }
        if (node.schedulerState() != SchedulerState.DRAINED) {
            return Answers.rejected(
                    "the GPU Operator re-slices every GPU of " + node.name() + " at once: drain the node"
                            + " first (it is " + node.describe() + ")",
                    generation);
        }
        String busy = all.stream()
                .filter(a -> backend.busy(a.index()))
                .map(a -> String.valueOf(a.index()))
                .collect(Collectors.joining(", "));
        if (!busy.isEmpty()) {
            return Answers.rejected(
                    "GPU " + busy + " of " + node.name() + " is busy; re-slicing would kill what runs" + " on it",
                    generation);
        }
        String name = config.get();
        String state = node.label(ClusterNode.MIG_CONFIG_STATE);
        if (name.equals(node.label(ClusterNode.MIG_CONFIG)) && "success".equals(state)) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_APPLIED,
                    node.name() + " is already " + name + " (nvidia.com/mig.config.state: success); nothing to do",
                    List.of(),
                    generation);
        }
        NodePatches.Patch label =
                backend.patches().labels(node.resourceVersion(), ClusterNode.MIG_CONFIG, name, null, null);
        List<String> plan = new java.util.ArrayList<>(List.of(
                label.display(),
                "# the GPU Operator's MIG manager applies " + name + " to every GPU of " + node.name() + " ("
                        + all.size() + " GPUs), choosing the placements itself",
                "# progress: node label " + ClusterNode.MIG_CONFIG_STATE + " (pending, then success or failed)"));
        String migOff = all.stream()
                .filter(a -> !a.migEnabled())
                .map(a -> String.valueOf(a.index()))
                .collect(Collectors.joining(", "));
        if (!migOff.isEmpty()) {
            plan.add("# MIG mode is off on GPU " + migOff + ": the MIG manager turns it on, which may reset the GPUs"
                    + " or need a reboot of the node");
        }
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would set " + ClusterNode.MIG_CONFIG + "=" + name + " on " + node.name(),
                    plan,
                    generation);
        }
        backend.patches().apply(backend.client(), label);
        return follow(name, plan);
    }

    /**
     * Waits a bounded time for the MIG manager's verdict. Right after the label is set the old
     * state (say "success" of the previous configuration) may still be shown, so a verdict counts
     * only once "pending" has been seen.
     */
    private ExecuteResponse follow(String name, List<String> plan) throws KubernetesOperations.KubernetesUnreachable {
        Waiting waiting = backend.waiting();
        long deadline = waiting.millis() + backend.settings().migConfigWait().toMillis();
        boolean sawPending = false;
        String state = null;
        while (true) {
            Node node = backend.client()
                    .nodes()
                    .withName(backend.settings().nodeName())
                    .get();
            state = node == null || node.getMetadata().getLabels() == null
                    ? null
                    : node.getMetadata().getLabels().get(ClusterNode.MIG_CONFIG_STATE);
            sawPending |= "pending".equals(state);
            if (sawPending && ("success".equals(state) || "failed".equals(state))) {
                break;
            }
            long left = deadline - waiting.millis();
            if (left <= 0) {
                break;
            }
            try {
                waiting.sleep(Math.min(left, POLL_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ClusterNode after = backend.readNode();
        long generation = backend.changed(after);
        String host = backend.settings().nodeName();
        if (sawPending && "success".equals(state)) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_APPLIED,
                    host + " re-sliced to " + name
                            + " by the GPU Operator (mig.config.state: success); resume the node to use it",
                    plan,
                    generation);
        }
        if (sawPending && "failed".equals(state)) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "the GPU Operator's MIG manager could not apply "
                            + name + " on " + host
                            + " (mig.config.state: failed); see its log (the nvidia-mig-manager pod on"
                            + " this node) and what the GPUs hold now with nvidia-smi mig -lgi",
                    plan,
                    generation);
        }
        return Answers.answer(
                ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS,
                ClusterNode.MIG_CONFIG + " is set to " + name
                        + " on " + host + "; the MIG manager reports "
                        + (state == null ? "nothing yet" : "'" + state + "'")
                        + (sawPending ? "" : " (not yet picked up)") + ": follow the node's "
                        + ClusterNode.MIG_CONFIG_STATE
                        + " label",
                plan,
                generation);
    }
}
