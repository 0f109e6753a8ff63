package io.headroom.agent.operations.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The changes the backend makes to its Node, as JSON merge patches (what
 * {@code kubectl patch --type merge} sends). Each carries the resourceVersion it was planned
 * against, so the API server refuses it (409) if the node changed meanwhile.
 */
final class NodePatches {

    /** One PATCH: shown in plans exactly as it is sent. */
    record Patch(String path, String body) {
        String display() {
            return "PATCH " + path + " " + body;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String nodeName;

    NodePatches(String nodeName) {
        this.nodeName = nodeName;
    }

    /** Cordon, with the operator's reason where {@code kubectl describe node} shows it. */
    Patch cordon(String resourceVersion, String reason) {
        ObjectNode body = JSON.createObjectNode();
        metadata(body, resourceVersion).putObject("annotations").put(KubernetesOperations.DRAIN_REASON, reason);
        body.putObject("spec").put("unschedulable", true);
        return patch(body);
    }

    Patch uncordon(String resourceVersion) {
        ObjectNode body = JSON.createObjectNode();
        metadata(body, resourceVersion).putObject("annotations").putNull(KubernetesOperations.DRAIN_REASON);
        body.putObject("spec").put("unschedulable", false);
        return patch(body);
    }

    /** Sets one or two labels; a null key is left out. */
    Patch labels(String resourceVersion, String key, String value, String otherKey, String otherValue) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode labels = metadata(body, resourceVersion).putObject("labels");
        if (key != null) {
            labels.put(key, value);
        }
        if (otherKey != null) {
            labels.put(otherKey, otherValue);
        }
        return patch(body);
    }

    private static ObjectNode metadata(ObjectNode body, String resourceVersion) {
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("resourceVersion", resourceVersion);
        return metadata;
    }

    private Patch patch(ObjectNode body) {
        return new Patch("/api/v1/nodes/" + nodeName, body.toString());
    }

    Node apply(KubernetesClient client, Patch patch) {
        return client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE), patch.body());
    }
}
