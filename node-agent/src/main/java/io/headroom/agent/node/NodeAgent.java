package io.headroom.agent.node;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.metrics.AgentMetrics;
import io.headroom.agent.operations.IdempotencyLedger;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.reclaim.ReclaimDesk;
import io.headroom.agent.server.AgentHost;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.source.Backoff;
import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.OneShotCommand;
import io.headroom.agent.source.RackSensorSource;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.source.SourceHealth;
import io.headroom.agent.source.nvidia.NvidiaSmiSource;
import io.headroom.agent.source.rocm.RocmSmiSource;
import io.headroom.agent.workload.GpuProcesses;
import io.headroom.agent.workload.WorkloadPoller;
import io.headroom.agent.workload.WorkloadSink;
import io.headroom.agent.workloads.WorkloadBook;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `headroom-agent --config agent.yaml` on a real machine: this node's GPUs (nvidia-smi,
 * dcgm-exporter, rocm-smi) and its rack's sensors (Redfish), served over gRPC the same way
 * the simulator serves its fleet.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final NodeSource source;
    private final TelemetryPublisher publisher;
    private final AgentHost host;
    private final AgentConfig.Metrics metricsSettings;
    private AgentMetrics metrics;
    private io.headroom.agent.audit.AuditTrail audit = io.headroom.agent.audit.AuditTrail.NONE;
    private NodeScheduler scheduler;
    private IdempotencyLedger ledger;
    private WorkloadPoller workloads;
    private io.headroom.agent.history.keeper.HistoryKeeper history;
    private Duration workloadInterval;
    private volatile WorkloadSink workloadSink = WorkloadSink.NONE;
    private ReclaimDesk desk;
    private Duration heldIdleInterval;
    private IncidentAlerts alerts;

    private NodeAgent(
            NodeSource source, TelemetryPublisher publisher, AgentHost host, AgentConfig.Metrics metricsSettings) {
        this.source = source;
        this.publisher = publisher;
        this.host = host;
        this.metricsSettings = metricsSettings;
    }

    /**
     * Starts every configured source (failing with the first one's reason if it cannot work at
     * all) and the publisher, without serving yet.
     */
    public static NodeAgent create(AgentConfig config, int intervalMs, int replaySeconds, InstantSource clock)
            throws SourceException {
        return create(config, intervalMs, replaySeconds, clock, EndpointSecurity.OPEN);
    }

    /** As above, serving with {@code security}: TLS, who may call with which role, and the audit file. */
    public static NodeAgent create(
            AgentConfig config, int intervalMs, int replaySeconds, InstantSource clock, EndpointSecurity security)
            throws SourceException {
        Sources sources = Sources.from(config, clock);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            for (DeviceSource device : sources.devices()) {
                device.start();
                started.add(device);
            }
            if (sources.rack() != null) {
                sources.rack().start();
                started.add(sources.rack());
            }
        } catch (SourceException | RuntimeException e) {
            closeAll(started);
            throw e;
        }
        String hostname = hostname(config);
        TelemetryPublisher[] publisherOnceBuilt = new TelemetryPublisher[1];
        NodeSource[] sourceOnceBuilt = new NodeSource[1];
        NodeAgent[] agentOnceBuilt = new NodeAgent[1];
        NodeScheduler scheduler;
        try {
            scheduler = NodeScheduler.create(
                    config.scheduler(),
                    hostname,
                    // Empty until the node source is built: the Kubernetes reader starts before it.
                    () -> sourceOnceBuilt[0] == null
                            ? List.of()
                            : sourceOnceBuilt[0].inventory().nodes().getFirst().accelerators(),
                    () -> publisherOnceBuilt[0].latest(),
                    // The Kubernetes pods reader reports on a thread of its own; a reading before the agent
                    // is built is dropped (each reading is the whole set, so the next one makes up for it).
                    (scope, workloads) -> {
                        NodeAgent built = agentOnceBuilt[0];
                        if (built != null) {
                            built.workloadSink.replace(scope, workloads);
                        }
                    });
        } catch (SourceException | RuntimeException e) {
            closeAll(started);
            throw e;
        }
        var source = new NodeSource(
                hostname, config.node(), intervalMs, sources.devices(), sources.rack(), scheduler.view());
        sourceOnceBuilt[0] = source;
        int capacity = Math.max(16, replaySeconds * 1000 / intervalMs);
        var publisher = new TelemetryPublisher(source, capacity, clock, new WorkloadBook());
        publisherOnceBuilt[0] = publisher;
        io.headroom.agent.history.keeper.HistoryKeeper history;
        try {
            history = NodeHistory.wire(config.history(), hostname, publisher, clock);
        } catch (SourceException e) {
            scheduler.close();
            closeAll(started);
            throw e;
        }
        IdempotencyLedger operations;
        ReclaimDesk desk;
        IncidentAlerts incidents;
        try {
            desk = ReclaimDesks.forNode(config, publisher, clock);
            // The incident webhooks count their sends with the owner notices': one series on /metrics.
            incidents = IncidentAlerts.of(config, publisher::latest, desk.counts(), hostname, clock);
            // NOTIFY_OWNER is sent here; under the ledger, so a repeated key sends nothing.
            operations = ledger(config.scheduler(), desk.notifying(scheduler.operations()), clock);
        } catch (SourceException e) {
            if (history != null) {
                history.close();
            }
            scheduler.close();
            closeAll(started);
            throw e;
        }
        var agent = new NodeAgent(
                source, publisher, new AgentHost(publisher, operations, clock, security), config.metrics());
        agent.scheduler = scheduler;
        agent.history = history;
        agent.desk = desk;
        agent.alerts = incidents;
        agent.heldIdleInterval = Duration.ofMillis(config.heldIdle().intervalMs());
        // Who holds the GPUs goes to the book this agent serves (GetWorkloads, the stream's changes), with the
        // held-idle policy's warned-at and reclaim-eligible labels.
        agent.workloadSink = (scope, held) -> publisher
                .workloads()
                .replace(scope, held.stream().map(desk::marked).toList());
        agentOnceBuilt[0] = agent;
        agent.ledger = operations;
        agent.audit = security.audit();
        agent.workloads = workloads(
                config,
                hostname,
                scheduler,
                () -> source.inventory().nodes().getFirst().accelerators(),
                (scope, w) -> agent.workloadSink.replace(scope, w));
        agent.workloadInterval = Duration.ofMillis(config.workloads().intervalMs());
        return agent;
    }

    /**
     * Every backend that acts keeps its ledger on disk, so a restarted agent still answers a
     * replayed operation with its first result; one that only reports has nothing to remember.
     */
    private static IdempotencyLedger ledger(
            AgentConfig.Scheduler config, OperationHandler operations, InstantSource clock) throws SourceException {
        if (config.backend() == AgentConfig.SchedulerBackend.NONE) {
            return IdempotencyLedger.inMemory(operations, 1000);
        }
        java.nio.file.Path file = config.stateDirectory().resolve("operations.ledger");
        try {
            return IdempotencyLedger.persisted(operations, file, IdempotencyLedger.Retention.DEFAULT, clock);
        } catch (IOException e) {
            throw new SourceException(
                    "cannot keep the operations ledger " + file + ": " + e.getMessage()
                            + " (scheduler.state_directory must be a folder the agent can write)",
                    e);
        }
    }

    /**
     * Who holds the GPUs: the scheduler's jobs (Slurm) and the compute processes of every
     * configured nvidia-smi and rocm-smi; null when the configuration turns it off or there is
     * nothing to read.
     */
    private static WorkloadPoller workloads(
            AgentConfig config,
            String hostname,
            NodeScheduler scheduler,
            java.util.function.Supplier<List<io.headroom.core.fleet.Accelerator>> inventory,
            WorkloadSink sink) {
        if (!config.workloads().enabled()) {
            return null;
        }
        List<GpuProcesses> tools = new ArrayList<>();
        if (config.sources().nvidiaSmi() != null) {
            tools.add(GpuProcesses.nvidia(config.sources().nvidiaSmi().path(), inventory, OneShotCommand::run));
        }
        if (config.sources().rocmSmi() != null) {
            tools.add(GpuProcesses.rocm(config.sources().rocmSmi().path(), OneShotCommand::run));
        }
        if (config.sources().npuSmi() != null) {
            tools.add(GpuProcesses.ascend(config.sources().npuSmi().path(), inventory, OneShotCommand::run));
        }
        if (config.sources().cnmon() != null) {
            tools.add(GpuProcesses.cambricon(config.sources().cnmon().path(), OneShotCommand::run));
        }
        if (scheduler.jobs() == null && tools.isEmpty()) {
            return null;
        }
        return new WorkloadPoller(
                hostname,
                scheduler.jobs(),
                tools,
                Duration.ofMillis(config.workloads().timeoutMs()),
                sink);
    }

    /**
     * Where the workloads read on this node go (the served fleet's workload book); until this is
     * called they are read and counted but go nowhere. Call before {@link #start}.
     */
    public NodeAgent reportWorkloadsTo(WorkloadSink sink) {
        this.workloadSink = sink;
        return this;
    }

    /** The configured hostname, else this machine's own (also without a configuration file). */
    public static String hostname(AgentConfig config) {
        if (config != null && !config.node().hostname().isBlank()) {
            return config.node().hostname();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }

    /** Serves gRPC on {@code address}, and /metrics when the configuration enables it. */
    public NodeAgent start(InetSocketAddress address) throws IOException {
        host.serve(address);
        if (metricsSettings.enabled()) {
            List<SourceHealth> health = new ArrayList<>();
            source.devices().forEach(d -> health.add(d.health()));
            if (scheduler != null) {
                health.addAll(scheduler.health());
            }
            RackSensorSource rack = source.rackSensors();
            if (rack != null) {
                health.add(rack.health());
            }
            if (workloads != null) {
                health.addAll(workloads.health());
            }
            if (alerts != null) {
                health.add(alerts.health());
            }
            metrics = new AgentMetrics(publisher::latest, health, rack == null ? null : rack::latest, audit::status);
            if (desk != null) {
                metrics.webhookSends(desk.counts());
            }
            metrics.start(AgentMetrics.address(metricsSettings));
        }
        publisher.start();
        if (workloads != null) {
            workloads.start(workloadInterval);
        }
        if (desk != null) {
            desk.startPolicy(host.service(), heldIdleInterval);
        }
        if (alerts != null) {
            alerts.start();
        }
        return this;
    }

    /** The port /metrics is served on, or -1 when it is not. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    public int port() {
        return host.port();
    }

    public NodeSource source() {
        return source;
    }

    public TelemetryPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        if (alerts != null) {
            alerts.close();
        }
        if (desk != null) {
            desk.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (workloads != null) {
            workloads.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        publisher.close();
        if (history != null) {
            history.close();
        }
        host.close();
        if (ledger != null) {
            ledger.close();
        }
        List<AutoCloseable> sources = new ArrayList<>(source.devices());
        if (source.rackSensors() != null) {
            sources.add(source.rackSensors());
        }
        closeAll(sources);
    }

    private static void closeAll(List<? extends AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c, e.getMessage());
            }
        }
    }

    /** The sources a configuration names, built but not started. */
    record Sources(List<DeviceSource> devices, RackSensorSource rack) {
        static Sources from(AgentConfig config, InstantSource clock) {
            var s = config.sources();
            List<DeviceSource> devices = new ArrayList<>();
            // dcgm-exporter first: where both see a GPU, DCGM's readings win (it measures MIG instances).
            if (s.dcgmExporter() != null) {
                devices.add(new io.headroom.agent.source.dcgm.DcgmExporterSource(
                        s.dcgmExporter().url(),
                        s.dcgmExporter().intervalMs(),
                        s.dcgmExporter().timeoutMs(),
                        clock));
            }
            if (s.nvidiaSmi() != null) {
                int interval = s.nvidiaSmi().intervalMs();
                devices.add(new NvidiaSmiSource(
                        s.nvidiaSmi().path(),
                        interval,
                        s.nvidiaSmi().inventoryIntervalMs(),
                        Backoff.DEFAULT,
                        NvidiaSmiSource.silenceLimitFor(interval),
                        clock));
            }
            if (s.rocmSmi() != null) {
                int interval = s.rocmSmi().intervalMs();
                devices.add(
                        new RocmSmiSource(s.rocmSmi().path(), interval, RocmSmiSource.runTimeoutFor(interval), clock));
            }
            devices.addAll(DomesticSources.of(s, clock));
            RackSensorSource rack = s.redfish() == null
                    ? null
                    : new io.headroom.agent.source.redfish.RedfishRackSource(s.redfish(), clock);
            return new Sources(devices, rack);
        }
    }
}
