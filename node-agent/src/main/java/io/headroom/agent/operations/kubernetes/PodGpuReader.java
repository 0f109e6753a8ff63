package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.operations.kubernetes.podresources.GpuAttribution;
import io.headroom.agent.operations.kubernetes.podresources.KubeletPodResources;
import io.headroom.agent.operations.kubernetes.podresources.PodDevices;
import io.headroom.agent.operations.kubernetes.podresources.PodResourcesUnavailable;
import io.headroom.agent.source.SourceHealth;
import io.headroom.agent.workload.WorkloadSink;
import io.headroom.core.fleet.Accelerator;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, every interval and on a thread of its own, which pod holds which GPU on this node:
 * the kubelet's PodResources for the devices, the API server for labels and owners. Each read
 * hands the pods that hold GPUs to the workload sink as this node's workloads, and keeps the
 * attribution for the node's held-idle marks and for evictions.
 *
 * <p>When the kubelet cannot be read, the attribution is unknown (the node falls back to the
 * count of GPUs pods request) and the sink keeps the last workloads it was given: a socket that
 * hiccups does not end every pod. Each problem is logged once, when it starts, and counted for
 * /metrics; a device id the inventory does not have is named once.
 */
public final class PodGpuReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodGpuReader.class);
    private static final int UNKNOWN_IDS_REMEMBERED = 256;

    private final KubeletPodResources kubelet;
    private final KubernetesClient client;
    private final String nodeName;
    private final String hostname;
    private final Supplier<List<Accelerator>> inventory;
    private final AgentConfig.Kubernetes settings;
    private final WorkloadSink sink;
    private final PodOwners owners;
    private final SourceHealth health = new SourceHealth("kubelet-pod-resources");
    private final Set<String> unknownNamed = new HashSet<>();
    private volatile GpuAttribution latest;
    private String kubeletProblem = "";
    private String apiProblem = "";
    private ScheduledExecutorService poller;

    /**
     * @param inventory the node's GPUs and MIG instances, with their UUIDs
     */
    public PodGpuReader(
            AgentConfig.Kubernetes settings,
            KubernetesClient client,
            String nodeName,
            String hostname,
            Supplier<List<Accelerator>> inventory,
            WorkloadSink sink) {
        this(
                new KubeletPodResources(
                        settings.podResources().socket(),
                        Duration.ofMillis(settings.podResources().timeoutMs()),
                        "scheduler.kubernetes.pod_resources_socket"),
                settings,
                client,
                nodeName,
                hostname,
                inventory,
                sink);
    }

    PodGpuReader(
            KubeletPodResources kubelet,
            AgentConfig.Kubernetes settings,
            KubernetesClient client,
            String nodeName,
            String hostname,
            Supplier<List<Accelerator>> inventory,
            WorkloadSink sink) {
        this.kubelet = kubelet;
        this.settings = settings;
        this.client = client;
        this.nodeName = nodeName;
        this.hostname = hostname;
        this.inventory = inventory;
        this.sink = sink;
        this.owners = new PodOwners(client);
    }

    /** Reads now and then every interval until closed. */
    public synchronized PodGpuReader start() {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .daemon()
                    .name("headroom-kubelet-pod-resources")
                    .factory());
            // Runs until close() shuts the executor down; nothing reads the future.
            var unusedPolling = poller.scheduleWithFixedDelay(
                    this::poll, 0, settings.podResources().intervalMs(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** The last read's attribution; empty while the kubelet cannot be read. */
    public Optional<GpuAttribution> latest() {
        return Optional.ofNullable(latest);
    }

    public SourceHealth health() {
        return health;
    }

    /** One read; never throws, so the schedule goes on. */
    void poll() {
        try {
            read();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: a bug here must not stop the reading.
            health.failure(String.valueOf(e.getMessage()));
            log.warn("reading which pod holds which GPU failed", e);
        }
    }

    private void read() {
        List<PodDevices> listed;
        try {
            listed = kubelet.list();
        } catch (PodResourcesUnavailable e) {
            latest = null;
            health.failure(e.getMessage());
            if (!e.getMessage().equals(kubeletProblem)) {
                log.warn("cannot tell which pod holds which GPU: {}", e.getMessage());
                kubeletProblem = e.getMessage();
            }
            return;
        }
        if (!kubeletProblem.isEmpty()) {
            log.info("the kubelet answers again: pods' GPUs are known");
            kubeletProblem = "";
        }
        List<Accelerator> gpus = inventory.get();
        if (gpus.isEmpty()) {
            // At start-up, or with no device source answering: nothing to place the device ids on,
            // and calling them all unknown would be wrong. The node keeps the count meanwhile.
            latest = null;
            return;
        }
        GpuAttribution attribution = GpuAttribution.of(listed, gpus);
        nameUnknown(attribution.unknown());
        Cluster cluster = attribution.pods().isEmpty() ? new Cluster(Map.of(), null) : cluster();
        var workloads = new PodWorkloads(hostname, cluster.pool(), settings.userLabel(), settings.namespaceTenants());
        sink.replace(hostname, workloads.of(attribution, cluster.pods(), owners));
        // After the sink: whoever sees the node's holdings can already find the workloads behind them.
        latest = attribution;
        health.reading();
    }

    /** What the API server says of the node's pods (by "namespace/name") and of its pool; null pool when unknown. */
    private record Cluster(Map<String, Pod> pods, String pool) {}

    /** The node's pods and pool from the API server; none when it cannot be read (the workloads then lack them). */
    private Cluster cluster() {
        try {
            Map<String, Pod> pods = new HashMap<>();
            for (Pod pod : client.pods()
                    .inAnyNamespace()
                    .withField("spec.nodeName", nodeName)
                    .list()
                    .getItems()) {
                pods.put(
                        pod.getMetadata().getNamespace() + "/"
                                + pod.getMetadata().getName(),
                        pod);
            }
            Node node = client.nodes().withName(nodeName).get();
            Map<String, String> labels =
                    node == null ? null : node.getMetadata().getLabels();
            if (!apiProblem.isEmpty()) {
                log.info("the API server answers again: pods' labels and owners are known");
                apiProblem = "";
            }
            return new Cluster(pods, labels == null ? null : labels.get(settings.poolLabel()));
        } catch (KubernetesClientException e) {
            String problem = KubernetesWords.of(e);
            if (!problem.equals(apiProblem)) {
                log.warn("pods' labels and owners unknown: cannot list the pods of {}: {}", nodeName, problem);
                apiProblem = problem;
            }
            return new Cluster(Map.of(), null);
        }
    }

    private void nameUnknown(List<String> unknown) {
        for (String device : unknown) {
            if (unknownNamed.size() < UNKNOWN_IDS_REMEMBERED && unknownNamed.add(device)) {
                health.malformed("unknown device " + device);
                log.warn(
                        "the kubelet gave a pod a device this agent's inventory does not have, left out of its GPUs: {}",
                        device);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        kubelet.close();
    }
}
