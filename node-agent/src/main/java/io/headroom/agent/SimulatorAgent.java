package io.headroom.agent;

import io.headroom.agent.operations.IdempotencyLedger;
import io.headroom.agent.operations.SimulatedOperations;
import io.headroom.agent.server.AgentServer;
import io.headroom.agent.server.AgentService;
import io.headroom.agent.server.TelemetryHub;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.source.SimulatedSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A simulated fleet served over gRPC: what `headroom-agent --simulate` runs, and what the
 * console embeds when it has no agents configured.
 */
public final class SimulatorAgent implements AutoCloseable {

    private static final java.time.Duration WARM_UP = java.time.Duration.ofMinutes(30);
    private static final long WARM_UP_STEP_MILLIS = 60_000;

    private final FleetSimulator simulator;
    private final TelemetryPublisher publisher;
    private final AgentService service;
    private final ExecutorService streamExecutor;
    private AgentServer server;

    private SimulatorAgent(FleetSimulator simulator, TelemetryPublisher publisher, AgentService service,
                           ExecutorService streamExecutor) {
        this.simulator = simulator;
        this.publisher = publisher;
        this.service = service;
        this.streamExecutor = streamExecutor;
    }

    /**
     * Builds the simulator and its publisher without serving or ticking yet.
     *
     * @param replaySeconds how much telemetry a reconnecting client can still get back
     */
    public static SimulatorAgent create(FleetShape shape, long seed, int intervalMs, String hostPrefix,
                                        int replaySeconds, InstantSource clock) {
        long now = clock.millis() / intervalMs * intervalMs;
        // The model starts half an hour early and is run up to now, so the first samples
        // served already carry idle history (held-idle needs 10 idle minutes to show).
        long start = now - WARM_UP.toMillis() / intervalMs * intervalMs;
        var simulator = new FleetSimulator(shape, seed, start, intervalMs, hostPrefix);
        int batchesPerTick = shape.nodes() / TelemetryPublisher.NODES_PER_BATCH + 1;
        int capacity = Math.max(16, batchesPerTick * Math.max(1, replaySeconds * 1000 / intervalMs));
        var publisher = new TelemetryPublisher(new SimulatedSource(simulator), new TelemetryHub(capacity), clock);
        publisher.warmUp(start, now, Math.max(intervalMs, WARM_UP_STEP_MILLIS));
        var streamExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("telemetry-stream-", 0).factory());
        var operations = new IdempotencyLedger(new SimulatedOperations(simulator), 100_000);
        return new SimulatorAgent(simulator, publisher, new AgentService(publisher, operations, streamExecutor), streamExecutor);
    }

    /** Starts the heartbeat and serves on {@code address} (port 0 picks a free port). */
    public SimulatorAgent start(InetSocketAddress address) throws IOException {
        serve(address);
        publisher.start();
        return this;
    }

    /** Serves on {@code address}; after {@link #stopServing} this binds again with the same telemetry and replay buffer. */
    public synchronized void serve(InetSocketAddress address) throws IOException {
        server = AgentServer.start(address, service);
    }

    /** Cuts every connection at once, as a crash of the server would, but keeps the simulated fleet. */
    public synchronized void stopServing() {
        if (server != null) {
            server.kill();
            server = null;
        }
    }

    public synchronized int port() {
        return server == null ? -1 : server.port();
    }

    public FleetSimulator simulator() {
        return simulator;
    }

    public TelemetryPublisher publisher() {
        return publisher;
    }

    @Override
    public synchronized void close() {
        publisher.close();
        if (server != null) {
            server.close();
            server = null;
        }
        streamExecutor.shutdownNow();
    }
}
