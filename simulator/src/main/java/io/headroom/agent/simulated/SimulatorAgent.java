package io.headroom.agent.simulated;

import io.headroom.agent.operations.IdempotencyLedger;
import io.headroom.agent.server.AgentHost;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.simulator.FleetPast;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.simulator.SiteMix;
import io.headroom.agent.workloads.WorkloadBook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A simulated fleet served over gRPC: what `headroom-agent --simulate` runs, and what the
 * console embeds when it has no agents configured.
 */
public final class SimulatorAgent implements AutoCloseable {

    private static final Duration WARM_UP = Duration.ofMinutes(30);
    private static final long WARM_UP_STEP_MILLIS = 60_000;
    /** How far back the simulated fleet's modelled past reaches from when it starts. */
    public static final Duration PAST = Duration.ofDays(30);

    private final FleetSimulator simulator;
    private final TelemetryPublisher publisher;
    private final SimulatedOperations operations;
    private final AgentHost host;
    private final ExecutorService historyThread;
    private final io.headroom.agent.history.PastHistory groupedPast;
    private final long pastFromMs;
    private final InstantSource clock;

    private SimulatorAgent(
            FleetSimulator simulator,
            TelemetryPublisher publisher,
            SimulatedOperations operations,
            AgentHost host,
            ExecutorService historyThread,
            io.headroom.agent.history.PastHistory groupedPast,
            long pastFromMs,
            InstantSource clock) {
        this.simulator = simulator;
        this.publisher = publisher;
        this.operations = operations;
        this.host = host;
        this.historyThread = historyThread;
        this.groupedPast = groupedPast;
        this.pastFromMs = pastFromMs;
        this.clock = clock;
    }

    /**
     * Builds the simulator and its publisher without serving or ticking yet.
     *
     * @param replaySeconds how much telemetry a reconnecting client can still get back
     */
    public static SimulatorAgent create(
            FleetShape shape, long seed, int intervalMs, String hostPrefix, int replaySeconds, InstantSource clock) {
        return create(shape, seed, intervalMs, hostPrefix, replaySeconds, clock, EndpointSecurity.OPEN);
    }

    /** As above, simulating a site made of {@code mix}, served open on plaintext (the console's embedded fleet). */
    public static SimulatorAgent create(
            FleetShape shape,
            long seed,
            int intervalMs,
            String hostPrefix,
            int replaySeconds,
            InstantSource clock,
            SiteMix mix) {
        return create(shape, seed, intervalMs, hostPrefix, replaySeconds, clock, EndpointSecurity.OPEN, mix);
    }

    /** As above, serving with {@code security} (TLS, identities, audit file) rather than open plaintext. */
    public static SimulatorAgent create(
            FleetShape shape,
            long seed,
            int intervalMs,
            String hostPrefix,
            int replaySeconds,
            InstantSource clock,
            EndpointSecurity security) {
        return create(shape, seed, intervalMs, hostPrefix, replaySeconds, clock, security, SiteMix.NVIDIA);
    }

    /** As above, simulating a site made of {@code mix}. */
    public static SimulatorAgent create(
            FleetShape shape,
            long seed,
            int intervalMs,
            String hostPrefix,
            int replaySeconds,
            InstantSource clock,
            EndpointSecurity security,
            SiteMix mix) {
        long now = clock.millis() / intervalMs * intervalMs;
        // The model starts half an hour early and is run up to now, so the first samples
        // served already carry idle history (held-idle needs 10 idle minutes to show).
        long start = now - WARM_UP.toMillis() / intervalMs * intervalMs;
        var simulator = new FleetSimulator(shape, seed, start, intervalMs, hostPrefix, mix);
        int batchesPerTick = shape.nodes() / TelemetryPublisher.NODES_PER_BATCH + 1;
        int capacity = Math.max(16, batchesPerTick * Math.max(1, replaySeconds * 1000 / intervalMs));
        var workloads = new SimulatedWorkloads(simulator, new WorkloadBook());
        var publisher =
                new TelemetryPublisher(new SimulatedSource(simulator, workloads), capacity, clock, workloads.book());
        publisher.warmUp(start, now, Math.max(intervalMs, WARM_UP_STEP_MILLIS));
        var simulatedOperations = new SimulatedOperations(simulator, workloads, clock);
        var operations = IdempotencyLedger.inMemory(simulatedOperations, 100_000);
        // The past ends where the live model begins; its first hour is the whole hour 30 days before.
        long pastFrom = Math.floorDiv(start, 3_600_000L) * 3_600_000L - PAST.toMillis();
        ExecutorService historyThread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("simulator-history").daemon().factory());
        FleetPast past = FleetPast.of(shape, seed, hostPrefix, pastFrom);
        var byOwner = new io.headroom.agent.history.PastHistory(
                hostPrefix + "simulator",
                new SimulatedPast(past, clock, true),
                () -> publisher.latest().layout().inventory());
        var history = new SimulatedFleetHistory(
                new SimulatedHistory(past, hostPrefix + "simulator", historyThread, clock),
                new io.headroom.agent.history.PastHistory(
                        hostPrefix + "simulator",
                        new SimulatedPast(past, clock, false),
                        () -> publisher.latest().layout().inventory()),
                byOwner);
        var served = new ServedWithPast(publisher, history);
        return new SimulatorAgent(
                simulator,
                publisher,
                simulatedOperations,
                new AgentHost(served, operations, clock, security),
                historyThread,
                byOwner,
                pastFrom,
                clock);
    }

    /**
     * Groups every closed hour of the modelled past by hall, rack, pool and tenant now, on the
     * caller's thread, and answers a console's grouped backfill from them from then on: what a
     * benchmark of the site's backfill path runs before it starts its clock, since a real site's
     * agents read their own node's few GPU-hours from a file and do not model a month of 50,000
     * GPUs when asked. Hours that close later are modelled when asked, as before.
     *
     * @return the hours grouped
     */
    public int groupPastAhead() throws IOException {
        long closedHour = Math.floorDiv(clock.millis(), 3_600_000L) * 3_600_000L;
        return groupedPast.groupAhead(pastFromMs, closedHour);
    }

    /** Starts the heartbeat and serves on {@code address} (port 0 picks a free port). */
    public SimulatorAgent start(InetSocketAddress address) throws IOException {
        serve(address);
        publisher.start();
        return this;
    }

    /** Serves on {@code address}; after {@link #stopServing} this binds again with the same telemetry and replay buffer. */
    public void serve(InetSocketAddress address) throws IOException {
        host.serve(address);
    }

    /** Cuts every connection at once, as a crash of the server would, but keeps the simulated fleet. */
    public void stopServing() {
        host.stopServing();
    }

    public int port() {
        return host.port();
    }

    public FleetSimulator simulator() {
        return simulator;
    }

    public TelemetryPublisher publisher() {
        return publisher;
    }

    /** The simulated scheduler's side of operations: what it did, whom it notified. */
    public SimulatedOperations operations() {
        return operations;
    }

    @Override
    public void close() {
        publisher.close();
        host.close();
        historyThread.shutdownNow();
    }
}
