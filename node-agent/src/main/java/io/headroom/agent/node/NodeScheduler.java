package io.headroom.agent.node;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.operations.command.ProcessCommandRunner;
import io.headroom.agent.operations.slurm.Scontrol;
import io.headroom.agent.operations.slurm.SlurmOperations;
import io.headroom.agent.operations.standalone.NodeBook;
import io.headroom.agent.operations.standalone.StandaloneOperations;
import io.headroom.agent.source.SourceException;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.idle.IdleThresholds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The scheduler backend the configuration chose: what carries out operations on this node,
 * and what the node's state, generation and pool are for the console.
 */
public final class NodeScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeScheduler.class);

    private final OperationHandler operations;
    private final SchedulerView view;
    private final ScheduledExecutorService poller;

    private NodeScheduler(OperationHandler operations, SchedulerView view, ScheduledExecutorService poller) {
        this.operations = operations;
        this.view = view;
        this.poller = poller;
    }

    /**
     * @param inventory the node's accelerators as the sources see them now
     * @param latest    the latest samples, to tell an idle GPU from a busy one
     */
    public static NodeScheduler create(AgentConfig.Scheduler config, String hostname,
                                       Supplier<java.util.List<Accelerator>> inventory,
                                       Supplier<FleetTelemetry> latest) throws SourceException {
        var runner = new ProcessCommandRunner();
        Duration timeout = Duration.ofMillis(config.commandTimeoutMs());
        java.util.function.BiFunction<String, Integer, Optional<Accelerator>> gpus = (host, index) -> host.equals(hostname)
                ? inventory.get().stream().filter(a -> a.index() == index).findFirst() : Optional.empty();
        java.util.function.BiPredicate<String, Integer> busy = (host, index) -> busy(latest.get(), host, index);
        return switch (config.backend()) {
            case NONE -> new NodeScheduler(new NoOperations(
                    "this agent only reports (scheduler.backend: none); configure a scheduler backend to drain or reassign"),
                    SchedulerView.fixed(SchedulerState.UNKNOWN), null);
            case STANDALONE -> {
                NodeBook book;
                try {
                    book = NodeBook.open(config.stateFile());
                } catch (NodeBook.UnreadableBook e) {
                    throw new SourceException(e.getMessage() + " (scheduler.state_file)", e);
                }
                var operations = new StandaloneOperations(book, hostname::equals, gpus, busy, config.nvidiaSmi(), runner, timeout);
                SchedulerView view = () -> {
                    NodeBook.Entry entry = book.get(hostname);
                    return new SchedulerView.Status(entry.drained() ? SchedulerState.DRAINED : SchedulerState.IDLE,
                            entry.generation(), entry.pool(), entry.tenant());
                };
                log.info("scheduler backend standalone: node state kept in {}", config.stateFile());
                yield new NodeScheduler(operations, view, null);
            }
            case SLURM -> {
                var slurm = new SlurmOperations(new Scontrol(config.scontrol(), runner, timeout), new Generations(), gpus,
                        busy, config.nvidiaSmi(), runner, timeout);
                var polled = new SlurmView(slurm, hostname);
                var poller = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("headroom-slurm-poll").factory());
                poller.scheduleWithFixedDelay(polled::poll, 0, config.pollIntervalMs(), TimeUnit.MILLISECONDS);
                log.info("scheduler backend slurm: {} read every {} ms", config.scontrol(), config.pollIntervalMs());
                yield new NodeScheduler(slurm, polled, poller);
            }
            case KUBERNETES -> throw new SourceException("scheduler.backend: kubernetes is not built in this version;"
                    + " use none, standalone or slurm");
        };
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

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** Slurm's word on the node, read on the poller's thread and handed to the ticker as it is. */
    private static final class SlurmView implements SchedulerView {
        private final SlurmOperations slurm;
        private final String hostname;
        private volatile Status status = new Status(SchedulerState.UNKNOWN, 0, null, null);
        private volatile String lastProblem = "";

        SlurmView(SlurmOperations slurm, String hostname) {
            this.slurm = slurm;
            this.hostname = hostname;
        }

        void poll() {
            try {
                var observed = slurm.observe(hostname);
                var partitions = observed.node().partitions();
                status = new Status(observed.node().schedulerState(), observed.generation(),
                        partitions.isEmpty() ? null : String.join(",", partitions), null);
                lastProblem = "";
            } catch (Exception e) {
                if (!e.getMessage().equals(lastProblem)) {
                    log.warn("cannot read this node from Slurm: {}", e.getMessage());
                    lastProblem = e.getMessage();
                }
                status = new Status(SchedulerState.UNKNOWN, status.generation(), status.pool(), null);
            }
        }

        @Override
        public Status now() {
            return status;
        }
    }
}
