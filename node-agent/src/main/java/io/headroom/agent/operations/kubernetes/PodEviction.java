package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.headroom.agent.operations.Answers;
import io.headroom.agent.operations.kubernetes.podresources.HeldGpu;
import io.headroom.agent.operations.kubernetes.podresources.PodGpus;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Evicts one pod that holds GPUs on this node, through the Eviction API (policy/v1), so its
 * PodDisruptionBudget holds: while the budget allows no disruption the API server answers 429,
 * retried until the eviction deadline, and the answer then names the budget. Only a pod bound
 * to this node and holding GPUs here (as the kubelet says, or by its requests while the kubelet
 * cannot be read) is evicted; the dry run is the exact API call and what the owner loses.
 */
final class PodEviction {

    private static final String PREFIX = "k8s:";

    private final KubernetesOperations backend;
    private final ExecuteRequest request;
    private final KubernetesOperations.Observed before;

    PodEviction(KubernetesOperations backend, ExecuteRequest request, KubernetesOperations.Observed before) {
        this.backend = backend;
        this.request = request;
        this.before = before;
    }

    ExecuteResponse run() throws KubernetesOperations.KubernetesUnreachable {
        long generation = before.generation();
        String nodeName = before.node().name();
        String workloadId = request.getEvict().getWorkloadId().strip();
        int slash = workloadId.indexOf('/');
        if (!workloadId.startsWith(PREFIX) || slash <= PREFIX.length() || slash == workloadId.length() - 1) {
            return Answers.rejected(
                    "'" + workloadId + "' is not a Kubernetes pod's workload id (k8s:<namespace>/<pod>)", generation);
        }
        String namespace = workloadId.substring(PREFIX.length(), slash);
        String name = workloadId.substring(slash + 1);
        String id = namespace + "/" + name;
        Optional<PodOnNode> found = before.node().pods().stream()
                .filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                .findFirst();
        if (found.isEmpty()) {
            return Answers.rejected(
                    "pod " + id + " is not on " + nodeName + " (it may have finished or been moved)", generation);
        }
        PodOnNode pod = found.get();
        if (pod.kind() != PodOnNode.Kind.EVICT) {
            return Answers.rejected(
                    "pod " + id + " is "
                            + switch (pod.kind()) {
                                case TERMINATING -> "already terminating";
                                case DAEMONSET -> "a DaemonSet's: it would come back on " + nodeName + " at once";
                                case MIRROR -> "a static pod's mirror: the API cannot evict it";
                                default -> "finished";
                            },
                    generation);
        }
        String losing = losing(pod, nodeName);
        if (losing == null) {
            return Answers.rejected(
                    "pod " + id + " holds no GPU on " + nodeName + "; Headroom evicts only pods that hold GPUs",
                    generation);
        }
        Pod object =
                backend.client().pods().inNamespace(namespace).withName(name).get();
        PodOwners.Owner owner = object == null ? PodOwners.Owner.NONE : new PodOwners(backend.client()).of(object);
        var budgets = new DisruptionBudgets(backend.client());
        var guard = budgets.guarding(pod).filter(g -> g.disruptionsAllowed() <= 0);
        List<String> plan = new ArrayList<>();
        plan.add("POST " + pod.evictionPath());
        plan.add("# " + consequence(owner, id, losing));
        guard.ifPresent(g -> plan.add("# " + g.describe() + ": the API server would refuse (429); retried for up to "
                + backend.settings().evictionTimeout().toSeconds() + " s"));
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would evict " + id + " from " + nodeName + ": " + (owner.none() ? "it" : owner.toString())
                            + " loses " + losing
                            + guard.map(g -> " (blocked now: " + g.describe() + ")")
                                    .orElse(""),
                    plan,
                    generation);
        }
        if (request.getReason().isBlank()) {
            return Answers.rejected("an eviction needs a reason", generation);
        }
        Evictions.Outcome outcome = new Evictions(
                        backend.client(), backend.waiting(), backend.settings().evictionTimeout(), backend.backoff())
                .evict(List.of(pod), budgets)
                .getFirst();
        List<String> done = List.of(outcome.describe());
        return switch (outcome.result()) {
            case EVICTED, GONE ->
                Answers.answer(
                        ExecuteStatus.EXECUTE_STATUS_APPLIED,
                        id + (outcome.result() == Evictions.Result.GONE ? " was already gone from " : " evicted from ")
                                + nodeName + "; " + consequence(owner, id, losing),
                        done,
                        backend.changed(backend.readNode()));
            case BLOCKED ->
                Answers.rejected(
                        (outcome.detail().startsWith("PodDisruptionBudget ")
                                        ? "the " + outcome.detail()
                                        : "the API server answered 429 (" + outcome.detail() + ")")
                                + "; " + id + " was not evicted"
                                + (outcome.tries() == 1 ? "" : " (tried " + outcome.tries() + " times)"),
                        generation);
            case FAILED -> Answers.rejected("Kubernetes refused to evict " + id + ": " + outcome.detail(), generation);
        };
    }

    /** What the pod holds here, in words; null when it holds no GPU. */
    private String losing(PodOnNode pod, String nodeName) {
        var held = backend.held();
        if (held.isPresent()) {
            Optional<PodGpus> gpus = held.get().pod(pod.namespace(), pod.name());
            if (gpus.isEmpty()) {
                return null;
            }
            List<HeldGpu> list = gpus.get().gpus();
            return list.size() + (list.size() == 1 ? " GPU" : " GPUs") + " on " + nodeName + " ("
                    + list.stream().map(HeldGpu::toString).collect(Collectors.joining(", ")) + ")";
        }
        int devices = pod.gpus() + pod.migInstances();
        if (devices <= 0) {
            return null;
        }
        String what = pod.migInstances() == 0
                ? (pod.gpus() == 1 ? " GPU" : " GPUs")
                : pod.gpus() == 0 ? (devices == 1 ? " MIG instance" : " MIG instances") : " GPUs and MIG instances";
        return devices + what + " on " + nodeName
                + " (which ones is unknown: the kubelet's PodResources could not be read)";
    }

    private static String consequence(PodOwners.Owner owner, String id, String losing) {
        if (owner.none()) {
            return id + " has no owner: it is not recreated, and whatever it was running is lost with its " + losing;
        }
        return owner + " loses pod " + id + " and its " + losing + "; it makes a new pod where there is room";
    }
}
