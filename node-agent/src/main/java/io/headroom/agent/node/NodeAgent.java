package io.headroom.agent.node;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfig.SchedulerBackend;
import io.headroom.agent.operations.IdempotencyLedger;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.server.AgentHost;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.RackSensorSource;
import io.headroom.agent.source.SourceException;
import io.headroom.core.fleet.SchedulerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    private NodeAgent(NodeSource source, TelemetryPublisher publisher, AgentHost host) {
        this.source = source;
        this.publisher = publisher;
        this.host = host;
    }

    /**
     * Starts every configured source (failing with the first one's reason if it cannot work at
     * all) and the publisher, without serving yet.
     */
    public static NodeAgent create(AgentConfig config, int intervalMs, int replaySeconds, InstantSource clock)
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
        SchedulerBackend backend = config.scheduler();
        var source = new NodeSource(hostname(config), config.node(), intervalMs, sources.devices(), sources.rack(),
                backend == SchedulerBackend.STANDALONE ? SchedulerState.IDLE : SchedulerState.UNKNOWN);
        int capacity = Math.max(16, replaySeconds * 1000 / intervalMs);
        var publisher = new TelemetryPublisher(source, capacity, clock);
        String refusal = backend == SchedulerBackend.NONE
                ? "this agent only reports (scheduler.backend: none); configure a scheduler backend to drain or reassign"
                : "the " + backend.name().toLowerCase(Locale.ROOT) + " scheduler backend is not built yet; this agent only reports";
        if (backend != SchedulerBackend.NONE) {
            log.warn("scheduler.backend {}: operations are not built yet; every operation will be refused", backend);
        }
        var operations = new IdempotencyLedger(new NoOperations(refusal), 10_000);
        return new NodeAgent(source, publisher, new AgentHost(publisher, operations, clock));
    }

    private static String hostname(AgentConfig config) {
        if (!config.node().hostname().isBlank()) {
            return config.node().hostname();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }

    public NodeAgent start(InetSocketAddress address) throws IOException {
        host.serve(address);
        publisher.start();
        return this;
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
        publisher.close();
        host.close();
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
            if (s.nvidiaSmi() != null) {
                devices.add(new io.headroom.agent.source.nvidia.NvidiaSmiSource(s.nvidiaSmi().path(),
                        s.nvidiaSmi().intervalMs(), s.nvidiaSmi().inventoryIntervalMs(),
                        io.headroom.agent.source.Backoff.DEFAULT, clock));
            }
            if (s.dcgmExporter() != null) {
                devices.add(new io.headroom.agent.source.dcgm.DcgmExporterSource(s.dcgmExporter().url(),
                        s.dcgmExporter().intervalMs(), s.dcgmExporter().timeoutMs(), clock));
            }
            return new Sources(devices, null);
        }
    }
}
