package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.headroom.agent.config.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** The agent's client for the API server: from a kubeconfig, or from the pod's service account. */
public final class KubernetesConnection {

    /**
     * How the agent names itself to the API server: in its audit log, and to tell the backend's
     * requests from a test's own in the RBAC check (deploy/, KubernetesBackendRbacTest).
     */
    public static final String USER_AGENT = "headroom-agent";

    private static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private KubernetesConnection() {}

    /**
     * Opens a client from the kubeconfig or the in-cluster service account.
     *
     * @throws KubernetesOperations.KubernetesUnreachable the kubeconfig cannot be used, or there is no service account
     */
    public static KubernetesClient open(AgentConfig.Kubernetes settings)
            throws KubernetesOperations.KubernetesUnreachable {
        Config config;
        try {
            if (settings.inCluster()) {
                if (System.getenv("KUBERNETES_SERVICE_HOST") == null || !Files.isReadable(SERVICE_ACCOUNT_TOKEN)) {
                    throw new KubernetesOperations.KubernetesUnreachable(
                            "scheduler.kubernetes.in_cluster: this agent does"
                                    + " not run in a Kubernetes pod with a service account (no KUBERNETES_SERVICE_HOST or no "
                                    + SERVICE_ACCOUNT_TOKEN + "); use kubeconfig: FILE instead");
                }
                // Only the service account: a stray ~/.kube/config in the image must not win.
                System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
                config = Config.autoConfigure(null);
            } else {
                config = Config.fromKubeconfig(
                        settings.context(), settings.kubeconfig().toFile());
            }
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new KubernetesOperations.KubernetesUnreachable("cannot use "
                    + (settings.inCluster()
                            ? "the service account"
                            : "kubeconfig " + settings.kubeconfig()
                                    + (settings.context() == null ? "" : " context " + settings.context()))
                    + ": " + e.getMessage());
        }
        return new KubernetesClientBuilder()
                .withConfig(tuned(config, settings.requestTimeoutMs()))
                .build();
    }

    /**
     * Each request bounded in time, and no retries inside the client: a 429 from the Eviction
     * API is the backend's to retry (against its own deadline, naming the budget), and the
     * node is read again at the next poll anyway.
     */
    static Config tuned(Config config, int requestTimeoutMs) {
        // Set on the Config itself: a copy could lose how a service account token is refreshed.
        config.setRequestTimeout(requestTimeoutMs);
        config.setConnectionTimeout(requestTimeoutMs);
        config.setRequestRetryBackoffLimit(0);
        config.setUserAgent(USER_AGENT);
        return config;
    }
}
