package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an operator calls a pod's owner: the Deployment, not the ReplicaSet it made; the
 * CronJob, not one of its Jobs; the Notebook (or any custom resource) that controls a
 * StatefulSet. One step up from a ReplicaSet, Job or StatefulSet, read once and remembered
 * (an owner's own controller does not change); any other controller is the owner itself.
 */
final class PodOwners {

    /** An owner by kind and name; {@link #NONE} for a bare pod. */
    record Owner(String kind, String name) {
        static final Owner NONE = new Owner("", "");

        boolean none() {
            return kind.isEmpty();
        }

        @Override
        public String toString() {
            return none() ? "no owner" : kind + " " + name;
        }
    }

    private static final int REMEMBERED = 1024;

    private final KubernetesClient client;
    private final Map<String, Owner> byUid = new ConcurrentHashMap<>();

    PodOwners(KubernetesClient client) {
        this.client = client;
    }

    Owner of(Pod pod) {
        OwnerReference controller = controller(pod.getMetadata().getOwnerReferences());
        if (controller == null) {
            return Owner.NONE;
        }
        Owner direct = new Owner(controller.getKind(), controller.getName());
        if (!List.of("ReplicaSet", "Job", "StatefulSet").contains(controller.getKind())) {
            return direct;
        }
        String key =
                controller.getUid() == null ? pod.getMetadata().getNamespace() + "/" + direct : controller.getUid();
        Owner known = byUid.get(key);
        if (known != null) {
            return known;
        }
        Owner found = above(pod.getMetadata().getNamespace(), direct);
        if (found == null) {
            // Not allowed to read it (RBAC), gone, or the API server did not answer: the direct
            // owner is still the truth, one step lower; asked again next time.
            return direct;
        }
        if (byUid.size() >= REMEMBERED) {
            byUid.clear();
        }
        byUid.put(key, found);
        return found;
    }

    /** The controller of a ReplicaSet, Job or StatefulSet; itself when it has none; null when it cannot be read. */
    private Owner above(String namespace, Owner direct) {
        HasMetadata object;
        try {
            object = switch (direct.kind()) {
                case "ReplicaSet" ->
                    client.apps()
                            .replicaSets()
                            .inNamespace(namespace)
                            .withName(direct.name())
                            .get();
                case "Job" ->
                    client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(namespace)
                            .withName(direct.name())
                            .get();
                default ->
                    client.apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .withName(direct.name())
                            .get();
            };
        } catch (KubernetesClientException e) {
            return null;
        }
        OwnerReference up =
                object == null ? null : controller(object.getMetadata().getOwnerReferences());
        return up == null ? direct : new Owner(up.getKind(), up.getName());
    }

    private static OwnerReference controller(List<OwnerReference> references) {
        if (references == null) {
            return null;
        }
        return references.stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst()
                .orElse(null);
    }
}
