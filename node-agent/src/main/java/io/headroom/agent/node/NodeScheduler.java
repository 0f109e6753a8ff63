package io.headroom.agent.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.operations.command.ProcessCommandRunner;
import io.headroom.agent.operations.kubernetes.KubernetesConnection;
import io.headroom.agent.operations.kubernetes.KubernetesOperations;
import io.headroom.agent.operations.slurm.Scontrol;
import io.headroom.agent.operations.slurm.SlurmOperations;
import io.headroom.agent.operations.standalone.NodeBook;
import io.headroom.agent.operations.standalone.StandaloneOperations;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.workload.WorkloadPoller;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SchedulerState;
import java.time.Duration;
import java.util.Optional;
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

    private NodeScheduler(OperationHandler operations, SchedulerView view, AutoCloseable resources) {
        this.operations = operations;
        this.view = view;
        this.resources = resources;
    }

    /**
     * Creates the view of the configured scheduler for this node.
     *
     * @param inventory the node's accelerators as the sources see them now
     * @param latest    the latest samples, to tell an idle GPU from a busy one
     */
    public static NodeScheduler create(
            AgentConfig.Scheduler config,
            String hostname,
            Supplier<java.util.List<Accelerator>> inventory,
            Supplier<FleetTelemetry> latest)
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
            case KUBERNETES -> kubernetes(config, hostname, inventory, busy);
        };
    }

    private static NodeScheduler kubernetes(
            AgentConfig.Scheduler config,
            String hostname,
            Supplier<java.util.List<Accelerator>> inventory,
            java.util.function.BiPredicate<String, Integer> busy)
            throws SourceException {
        AgentConfig.Kubernetes settings = config.kubernetes();
        KubernetesClient client;
        try {
            client = KubernetesConnection.open(settings);
        } catch (KubernetesOperations.KubernetesUnreachable e) {
            throw new SourceException(e.getMessage(), e);
        }
        String nodeName = settings.nodeName().isEmpty() ? hostname : settings.nodeName();
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
                busy);
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
                            GpuAllocation.count(node.allocatedGpus()));
                },
                config.pollIntervalMs());
        log.info(
                "scheduler backend kubernetes: node {} at {}, read every {} ms",
                nodeName,
                client.getMasterUrl(),
                config.pollIntervalMs());
        return new NodeScheduler(new ReadBackAfterChange(kubernetes, polled), polled, () -> {
            polled.close();
            client.close();
        });
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
