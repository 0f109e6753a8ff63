package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * One pod bound to the node, as a drain sees it.
 *
 * @param kind        what a drain does with it
 * @param gpus        {@code nvidia.com/gpu} its containers hold
 * @param migInstances {@code nvidia.com/mig-<profile>} devices its containers hold (the mixed MIG strategy)
 * @param controlled  a controller (ReplicaSet, StatefulSet, Job, ...) will recreate it elsewhere
 * @param labels      its labels, to find the PodDisruptionBudgets that guard it
 */
public record PodOnNode(
        String namespace,
        String name,
        Kind kind,
        int gpus,
        int migInstances,
        boolean controlled,
        Map<String, String> labels) {

    public enum Kind {
        /** Evicted by a drain. */
        EVICT,
        /** Already being deleted: nothing to send, but the node is not drained until it is gone. */
        TERMINATING,
        /** Recreated on the same node by its DaemonSet at once; kubectl drain leaves these too. */
        DAEMONSET,
        /** Run by the kubelet from a file (a static pod); the API cannot evict it. */
        MIRROR,
        /** Succeeded or failed: holds nothing. */
        FINISHED
    }

    static final String GPU_RESOURCE = "nvidia.com/gpu";
    static final String MIG_RESOURCE_PREFIX = "nvidia.com/mig-";
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    static PodOnNode of(Pod pod) {
        var meta = pod.getMetadata();
        boolean daemonSet = false;
        boolean controlled = false;
        for (OwnerReference owner : meta.getOwnerReferences()) {
            if (Boolean.TRUE.equals(owner.getController())) {
                controlled = true;
                daemonSet |= "DaemonSet".equals(owner.getKind());
            }
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        Kind kind;
        if (meta.getAnnotations() != null && meta.getAnnotations().containsKey(MIRROR_ANNOTATION)) {
            kind = Kind.MIRROR;
        } else if (daemonSet) {
            kind = Kind.DAEMONSET;
        } else if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            kind = Kind.FINISHED;
        } else if (meta.getDeletionTimestamp() != null) {
            kind = Kind.TERMINATING;
        } else {
            kind = Kind.EVICT;
        }
        int gpus = 0;
        int migInstances = 0;
        if (pod.getSpec() != null && kind != Kind.FINISHED) {
            for (Container container : pod.getSpec().getContainers()) {
                gpus += gpus(container);
                migInstances += migInstances(container);
            }
        }
        return new PodOnNode(
                meta.getNamespace(),
                meta.getName(),
                kind,
                gpus,
                migInstances,
                controlled,
                meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels()));
    }

    /** Extended resources have requests equal to limits; either may be written. */
    private static int gpus(Container container) {
        var resources = container.getResources();
        if (resources == null) {
            return 0;
        }
        Quantity limit =
                resources.getLimits() == null ? null : resources.getLimits().get(GPU_RESOURCE);
        Quantity request =
                resources.getRequests() == null ? null : resources.getRequests().get(GPU_RESOURCE);
        Quantity held = limit != null ? limit : request;
        return held == null ? 0 : held.getNumericalAmount().intValue();
    }

    /** MIG devices of any profile; extended resources have requests equal to limits, so limits are enough when set. */
    private static int migInstances(Container container) {
        var resources = container.getResources();
        if (resources == null) {
            return 0;
        }
        Map<String, Quantity> held =
                resources.getLimits() != null && !resources.getLimits().isEmpty()
                        ? resources.getLimits()
                        : resources.getRequests();
        if (held == null) {
            return 0;
        }
        int count = 0;
        for (var entry : held.entrySet()) {
            if (entry.getKey().startsWith(MIG_RESOURCE_PREFIX)) {
                count += entry.getValue().getNumericalAmount().intValue();
            }
        }
        return count;
    }

    /** Still on the node for a drain's purposes. */
    boolean remains() {
        return kind == Kind.EVICT || kind == Kind.TERMINATING;
    }

    String id() {
        return namespace + "/" + name;
    }

    /** The Eviction API call for it. */
    String evictionPath() {
        return "/api/v1/namespaces/" + namespace + "/pods/" + name + "/eviction";
    }
}
