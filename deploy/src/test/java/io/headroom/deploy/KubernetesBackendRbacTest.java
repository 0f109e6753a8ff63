package io.headroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.headroom.agent.operations.kubernetes.BackendApiCalls;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The agent's ClusterRole grants exactly what its Kubernetes backend calls. The calls are not
 * listed here: the backend's own tests (node-agent's, which drive drain, resume, reassign,
 * re-slice, evict and the pod reading against fabric8's mock API server) run again, every
 * request the backend makes is recorded ({@link BackendApiCalls}), and each is turned into the
 * permission the API server would check.
 */
class KubernetesBackendRbacTest {

    @Test
    void theClusterRoleGrantsExactlyTheCallsTheBackendMakes() throws Exception {
        var request = LauncherDiscoveryRequestBuilder.request();
        BackendApiCalls.SUITES.forEach(name -> {
            try {
                request.selectors(selectClass(Class.forName(name)));
            } catch (ClassNotFoundException e) {
                throw new AssertionError(name + " is not on the test class path (node-agent's test jar)", e);
            }
        });
        var summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request.build(), summary);
        assertThat(summary.getSummary().getTestsSucceededCount())
                .as("the backend's suites ran")
                .isGreaterThan(10);
        assertThat(summary.getSummary().getFailures())
                .as("the backend's suites passed")
                .isEmpty();

        Set<ApiPermission> called = BackendApiCalls.seen().stream()
                .map(call ->
                        ApiPermission.of(call.substring(0, call.indexOf(' ')), call.substring(call.indexOf(' ') + 1)))
                .collect(Collectors.toSet());
        Set<ApiPermission> granted = granted(Manifests.read(Manifests.BASE).one(ClusterRole.class, "headroom-agent"));

        assertThat(sorted(granted))
                .as("granted (agent-rbac.yaml) vs called (the backend)")
                .isEqualTo(sorted(called));
    }

    @Test
    void aPathIsTheVerbTheApiServerChecks() {
        assertThat(ApiPermission.of("GET", "/api/v1/nodes/gpu-07")).hasToString("get nodes");
        assertThat(ApiPermission.of("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dgpu-07"))
                .hasToString("list pods");
        assertThat(ApiPermission.of("POST", "/api/v1/namespaces/ml/pods/train-3/eviction"))
                .hasToString("create pods/eviction");
        assertThat(ApiPermission.of("GET", "/apis/policy/v1/namespaces/ml/poddisruptionbudgets"))
                .hasToString("list policy/poddisruptionbudgets");
        assertThat(ApiPermission.of("GET", "/apis/apps/v1/namespaces/ml/replicasets/x?watch=false"))
                .hasToString("get apps/replicasets");
        assertThat(ApiPermission.of("GET", "/api/v1/namespaces/ml/pods?watch=true"))
                .hasToString("watch pods");
        assertThat(ApiPermission.of("PATCH", "/api/v1/nodes/gpu-07")).hasToString("patch nodes");
    }

    private static Set<ApiPermission> granted(ClusterRole role) {
        Set<ApiPermission> granted = new java.util.HashSet<>();
        for (var rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertThat(verb).as("no wildcard verbs").isNotEqualTo("*");
                        assertThat(resource).as("no wildcard resources").isNotEqualTo("*");
                        granted.add(new ApiPermission(group, resource, verb));
                    }
                }
            }
        }
        return granted;
    }

    private static Set<String> sorted(Set<ApiPermission> permissions) {
        return permissions.stream().map(ApiPermission::toString).collect(Collectors.toCollection(TreeSet::new));
    }
}
