package io.headroom.agent.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.operations.command.ProcessCommandRunner;
import io.headroom.agent.operations.kubernetes.KubernetesConnection;
import io.headroom.agent.operations.kubernetes.KubernetesOperations;
import io.headroom.agent.operations.kubernetes.PodGpuReader;
import io.headroom.agent.operations.kubernetes.podresources.GpuAttribution;
import io.headroom.agent.operations.kubernetes.podresources.HeldGpu;
import io.headroom.agent.operations.kubernetes.podresources.PodGpus;
import io.headroom.agent.operations.slurm.Scontrol;
import io.headroom.agent.operations.slurm.SlurmOperations;
import io.headroom.agent.operations.standalone.NodeBook;
import io.headroom.agent.operations.standalone.StandaloneOperations;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.source.SourceHealth;
import io.headroom.agent.workload.WorkloadPoller;
import io.headroom.agent.workload.WorkloadSink;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SchedulerState;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler backend the configuration chose: what carries out operations on this node,
 * and what the node's state, generation and pool are for the console.
 */
public final class NodeScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeScheduler.class);

    private final OperationHandler operations;
    private final SchedulerView view;
    private final AutoCloseable resources;
    private WorkloadPoller.SchedulerJobs jobs;
    private final List<SourceHealth> health;

    private NodeScheduler(OperationHandler operations, SchedulerView view, AutoCloseable resources) {
        this(operations, view, resources, List.of());
    }

    private NodeScheduler(
            OperationHandler operations, SchedulerView view, AutoCloseable resources, List<SourceHealth> health) {
        this.operations = operations;
        this.view = view;
        this.resources = resources;
        this.health = List.copyOf(health);
    }

    /** As below, with the workloads the backend reads going nowhere. */
    public static NodeScheduler create(
            AgentConfig.Scheduler config,
            String hostname,
            Supplier<java.util.List<Accelerator>> inventory,
            Supplier<FleetTelemetry> latest)
            throws SourceException {
        return create(config, hostname, inventory, latest, (scope, workloads) -> {});
    }

    /**
     * Creates the view of the configured scheduler for this node.
     *
     * @param inventory the node's accelerators as the sources see them now
     * @param latest    the latest samples, to tell an idle GPU from a busy one
     * @param workloads where the jobs and pods that hold this node's GPUs go after each read (Kubernetes)
     */
    public static NodeScheduler create(
            AgentConfig.Scheduler config,
            String hostname,
            Supplier<java.util.List<Accelerator>> inventory,
            Supplier<FleetTelemetry> latest,
            WorkloadSink workloads)
            throws SourceException {
        var runner = new ProcessCommandRunner();
        Duration timeout = Duration.ofMillis(config.commandTimeoutMs());
        java.util.function.BiFunction<String, Integer, Optional<Accelerator>> gpus = (host, index) -> host.equals(
                        hostname)
                ? inventory.get().stream().filter(a -> a.index() == index).findFirst()
                : Optional.empty();
        java.util.function.BiPredicate<String, Integer> busy = (host, index) -> busy(latest.get(), host, index);
        return switch (config.backend()) {
            case NONE ->
                new NodeScheduler(
                        new NoOperations(
                                "this agent only reports (scheduler.backend: none); configure a scheduler backend to drain or reassign"),
                        SchedulerView.fixed(SchedulerState.UNKNOWN),
                        null);
            case STANDALONE -> {
                NodeBook book;
                try {
                    book = NodeBook.open(config.stateFile());
                } catch (NodeBook.UnreadableBook e) {
                    throw new SourceException(e.getMessage() + " (scheduler.state_file)", e);
                }
                var operations = new StandaloneOperations(
                        book, hostname::equals, gpus, busy, config.nvidiaSmi(), runner, timeout);
                SchedulerView view = () -> {
                    NodeBook.Entry entry = book.get(hostname);
                    return new SchedulerView.Status(
                            entry.drained() ? SchedulerState.DRAINED : SchedulerState.IDLE,
                            entry.generation(),
                            entry.pool(),
                            entry.tenant(),
                            GpuAllocation.NONE);
                };
                log.info("scheduler backend standalone: node state kept in {}", config.stateFile());
                yield new NodeScheduler(operations, view, null);
            }
            case SLURM -> {
                var slurm = new SlurmOperations(
                        new Scontrol(config.scontrol(), runner, timeout),
                        new Generations(),
                        gpus,
                        busy,
                        config.nvidiaSmi(),
                        runner,
                        timeout);
                var polled = new PolledSchedulerView(
                        "Slurm",
                        () -> {
                            var observed = slurm.observe(hostname);
                            var node = observed.node();
                            return new SchedulerView.Status(
                                    node.schedulerState(),
                                    observed.generation(),
                                    node.partitions().isEmpty() ? null : String.join(",", node.partitions()),
                                    null,
                                    node.allocatedGpuIndices() == null
                                            ? GpuAllocation.count(node.allocatedGpus())
                                            : new GpuAllocation(node.allocatedGpus(), node.allocatedGpuIndices()));
                        },
                        config.pollIntervalMs());
                log.info("scheduler backend slurm: {} read every {} ms", config.scontrol(), config.pollIntervalMs());
                var scheduler = new NodeScheduler(new ReadBackAfterChange(slurm, polled), polled, polled);
                scheduler.jobs = () -> slurm.jobs().workloads(hostname);
                yield scheduler;
            }
            case KUBERNETES -> kubernetes(config, hostname, inventory, busy, workloads);
        };
    }

    private static NodeScheduler kubernetes(
            AgentConfig.Scheduler config,
            String hostname,
            Supplier<java.util.List<Accelerator>> inventory,
            java.util.function.BiPredicate<String, Integer> busy,
            WorkloadSink workloads)
            throws SourceException {
        AgentConfig.Kubernetes settings = config.kubernetes();
        KubernetesClient client;
        try {
            client = KubernetesConnection.open(settings);
        } catch (KubernetesOperations.KubernetesUnreachable e) {
            throw new SourceException(e.getMessage(), e);
        }
        String nodeName = settings.nodeName().isEmpty() ? hostname : settings.nodeName();
        var pods = new PodGpuReader(settings, client, nodeName, hostname, inventory, workloads);
        var kubernetes = new KubernetesOperations(
                client,
                new KubernetesOperations.Settings(
                        nodeName,
                        settings.poolLabel(),
                        settings.tenantLabel(),
                        Duration.ofMillis(settings.evictionTimeoutMs()),
                        Duration.ofMillis(settings.migConfigWaitMs())),
                hostname,
                new Generations(),
                host -> host.equals(hostname) ? inventory.get() : java.util.List.of(),
                busy,
                pods::latest);
        var polled = new PolledSchedulerView(
                "Kubernetes",
                () -> {
                    var observed = kubernetes.observe();
                    var node = observed.node();
                    return new SchedulerView.Status(
                            node.schedulerState(),
                            observed.generation(),
                            node.label(settings.poolLabel()),
                            node.label(settings.tenantLabel()),
                            pods.latest()
                                    .map(NodeScheduler::allocation)
                                    .orElseGet(() -> GpuAllocation.count(node.allocatedGpus())));
                },
                config.pollIntervalMs());
        pods.start();
        log.info(
                "scheduler backend kubernetes: node {} at {}, read every {} ms; pods' GPUs from {} every {} ms",
                nodeName,
                client.getMasterUrl(),
                config.pollIntervalMs(),
                settings.podResources().socket(),
                settings.podResources().intervalMs());
        return new NodeScheduler(
                new ReadBackAfterChange(kubernetes, polled),
                polled,
                () -> {
                    pods.close();
                    polled.close();
                    client.close();
                },
                List.of(pods.health()));
    }

    /** Exactly the GPUs and MIG instances the kubelet gave to pods. */
    static GpuAllocation allocation(GpuAttribution attribution) {
        Set<Integer> whole = new HashSet<>();
        Set<GpuAllocation.Slice> slices = new HashSet<>();
        for (PodGpus pod : attribution.pods()) {
            for (HeldGpu gpu : pod.gpus()) {
                if (gpu.whole()) {
                    whole.add(gpu.gpuIndex());
                } else {
                    slices.add(new GpuAllocation.Slice(gpu.gpuIndex(), gpu.gpuInstanceId()));
                }
            }
        }
        return new GpuAllocation(whole.size(), whole, slices);
    }

    private static boolean busy(FleetTelemetry telemetry, String host, int index) {
        FleetLayout layout = telemetry.layout();
        int node = layout.nodeIndex(host);
        if (node == FleetLayout.NONE) {
            return true; // unknown is not idle
        }
        int slot = layout.gpuSlot(node, index);
        if (slot < 0) {
            return true;
        }
        float utilization = telemetry.utilizationPct(slot);
        return !(utilization < IdleThresholds.DEFAULTS.idleBelowPct()); // NaN (not measured) counts as busy
    }

    public OperationHandler operations() {
        return operations;
    }

    public SchedulerView view() {
        return view;
    }

    /** The scheduler's jobs on this node and the GPUs each holds; null where the backend places none. */
    public WorkloadPoller.SchedulerJobs jobs() {
        return jobs;
    }

    /** How the backend's own readers are doing (the kubelet's PodResources), for /metrics. */
    public List<SourceHealth> health() {
        return health;
    }

    @Override
    public void close() {
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                log.warn("closing the scheduler backend: {}", e.getMessage());
            }
        }
    }
}
