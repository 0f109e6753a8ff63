package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.headroom.core.fleet.SchedulerState;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * This machine's Node object and the pods bound to it, read together, as the backend decides
 * from them.
 *
 * @param resourceVersion the API server's version of the Node: writes are made only against it
 * @param ready           false when the Node's Ready condition is False or Unknown
 * @param allocatableGpus {@code nvidia.com/gpu} the device plugin offers, 0 when none
 * @param allocatableMigInstances {@code nvidia.com/mig-<profile>} devices it offers, all profiles together
 */
public record ClusterNode(
        String name,
        String resourceVersion,
        boolean unschedulable,
        boolean ready,
        Map<String, String> labels,
        int allocatableGpus,
        int allocatableMigInstances,
        List<PodOnNode> pods) {

    static final String MIG_CONFIG = "nvidia.com/mig.config";
    static final String MIG_CONFIG_STATE = "nvidia.com/mig.config.state";

    static ClusterNode of(Node node, List<PodOnNode> pods) {
        var meta = node.getMetadata();
        boolean unschedulable =
                node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean ready = true; // no Ready condition reported (yet) is not a fault
        int gpus = 0;
        int migInstances = 0;
        if (node.getStatus() != null) {
            for (NodeCondition condition : node.getStatus().getConditions()) {
                if ("Ready".equals(condition.getType())) {
                    ready = "True".equals(condition.getStatus());
                }
            }
            Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
            if (allocatable != null && allocatable.get(PodOnNode.GPU_RESOURCE) != null) {
                gpus = allocatable
                        .get(PodOnNode.GPU_RESOURCE)
                        .getNumericalAmount()
                        .intValue();
            }
            if (allocatable != null) {
                for (var entry : allocatable.entrySet()) {
                    if (entry.getKey().startsWith(PodOnNode.MIG_RESOURCE_PREFIX)) {
                        migInstances += entry.getValue().getNumericalAmount().intValue();
                    }
                }
            }
        }
        return new ClusterNode(
                meta.getName(),
                meta.getResourceVersion(),
                unschedulable,
                ready,
                meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels()),
                gpus,
                migInstances,
                List.copyOf(pods));
    }

    /** GPUs held by pods that are still on the node. */
    public int allocatedGpus() {
        return pods.stream()
                .filter(PodOnNode::remains)
                .mapToInt(PodOnNode::gpus)
                .sum();
    }

    /** MIG devices held by pods that are still on the node. */
    public int allocatedMigInstances() {
        return pods.stream()
                .filter(PodOnNode::remains)
                .mapToInt(PodOnNode::migInstances)
                .sum();
    }

    /** Pods a drain still waits for. */
    public List<PodOnNode> remaining() {
        return pods.stream().filter(PodOnNode::remains).toList();
    }

    /**
     * What the console shows: cordoned with pods left is DRAINING, with none DRAINED; otherwise
     * by how many of the node's GPUs and MIG devices pods hold.
     */
    public SchedulerState schedulerState() {
        if (!ready) {
            return SchedulerState.DOWN;
        }
        if (unschedulable) {
            return remaining().isEmpty() ? SchedulerState.DRAINED : SchedulerState.DRAINING;
        }
        int held = allocatedGpus();
        int migHeld = allocatedMigInstances();
        if (held == 0 && migHeld == 0) {
            return SchedulerState.IDLE;
        }
        boolean everyOneHeld = held >= allocatableGpus && migHeld >= allocatableMigInstances;
        return allocatableGpus + allocatableMigInstances > 0 && everyOneHeld
                ? SchedulerState.ALLOCATED
                : SchedulerState.MIXED;
    }

    public String label(String key) {
        return key == null ? null : labels.get(key);
    }

    /** The fields an operator acts on; a change in any of them is a new generation for the console. */
    String fingerprint(String poolLabel, String tenantLabel) {
        return schedulerState() + "|" + label(poolLabel) + "|" + label(tenantLabel) + "|" + label(MIG_CONFIG) + "|"
                + label(MIG_CONFIG_STATE);
    }

    String describe() {
        return schedulerState().name().toLowerCase(Locale.ROOT)
                + (unschedulable ? ", cordoned" : "")
                + (remaining().isEmpty() ? "" : ", " + remaining().size() + " pods");
    }
}
