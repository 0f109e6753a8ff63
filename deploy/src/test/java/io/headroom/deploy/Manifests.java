package io.headroom.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects of a Kustomize directory as fabric8's typed model: each file its kustomization
 * lists, the kustomization's namespace set on the namespaced ones (what {@code kubectl kustomize}
 * does first; {@link ManifestsTest} compares with kubectl's rendering where kubectl exists).
 */
final class Manifests {

    static final Path BASE = Path.of("kubernetes", "base");
    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "RuntimeClass");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    final Map<String, Object> kustomization;
    final List<HasMetadata> objects;

    private Manifests(Map<String, Object> kustomization, List<HasMetadata> objects) {
        this.kustomization = kustomization;
        this.objects = List.copyOf(objects);
    }

    @SuppressWarnings("unchecked")
    static Manifests read(Path directory) throws IOException {
        Map<String, Object> kustomization =
                SERIALIZATION.unmarshal(Files.readString(directory.resolve("kustomization.yaml")), Map.class);
        String namespace = (String) kustomization.get("namespace");
        List<HasMetadata> objects = new ArrayList<>();
        for (String file : (List<String>) kustomization.get("resources")) {
            for (HasMetadata object : parse(directory.resolve(file))) {
                if (namespace != null && !CLUSTER_SCOPED.contains(object.getKind())) {
                    object.getMetadata().setNamespace(namespace);
                }
                objects.add(object);
            }
        }
        return new Manifests(kustomization, objects);
    }

    /** Every document of a (multi-document) YAML file, typed where fabric8 knows the kind. */
    static List<HasMetadata> parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = SERIALIZATION.unmarshal(in);
            if (parsed instanceof KubernetesList list) {
                return list.getItems();
            }
            if (parsed instanceof List<?> list) {
                return list.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) parsed);
        }
    }

    static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        return List.of((HasMetadata) parsed);
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + BASE));
    }

    GenericKubernetesResource generic(String kind, String name) {
        return objects.stream()
                .filter(o ->
                        o instanceof GenericKubernetesResource && o.getKind().equals(kind))
                .map(GenericKubernetesResource.class::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + BASE));
    }
}
