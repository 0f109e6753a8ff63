package io.headroom.agent.operations.kubernetes;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every request the Kubernetes backend made to {@link MockCluster}'s API server while the suites
 * below ran, as "METHOD path". The agent's RBAC in deploy/kubernetes is checked against it
 * (deploy's KubernetesBackendRbacTest runs these suites and compares): the permissions come from
 * what the code calls, not from a second list written by hand.
 */
public final class BackendApiCalls {

    /** The tests that drive the backend through every operation it has, against the mock API server. */
    public static final List<String> SUITES = List.of(
            KubernetesOperationsTest.class.getName(),
            PodEvictionTest.class.getName(),
            PodGpuReaderTest.class.getName(),
            KubernetesBackendFromConfigTest.class.getName());

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private BackendApiCalls() {}

    static void saw(String method, String path) {
        SEEN.add(method + " " + path);
    }

    public static Set<String> seen() {
        return Set.copyOf(SEEN);
    }
}
