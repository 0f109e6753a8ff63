package io.headroom.app.reliability;

import io.headroom.agent.operations.IdempotencyLedger;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.server.AgentHost;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.simulated.SimulatedOperations;
import io.headroom.agent.simulated.SimulatedSource;
import io.headroom.agent.simulated.SimulatedWorkloads;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real agent (the simulator, served over gRPC with the agent's own idempotency ledger) that
 * counts, behind the ledger, how often each operation was really carried out: the figure
 * that says whether anything was applied twice. In this JVM, or as a child process
 * ({@link #main}) that prints "applied KEY" the moment it acts.
 */
final class RecordingAgent implements AutoCloseable {

    static final int INTERVAL_MS = 200;

    private final FleetSimulator simulator;
    private final TelemetryPublisher publisher;
    private final AgentHost host;
    private final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();

    RecordingAgent(int gpus, int port, Consumer<String> onApplied) throws IOException {
        InstantSource clock = InstantSource.system();
        simulator = new FleetSimulator(
                FleetShape.forGpus(gpus), 3, clock.millis() / INTERVAL_MS * INTERVAL_MS, INTERVAL_MS, "");
        // Who holds the GPUs is served as the simulator's agent serves it, so reclaims have workloads to name.
        var workloads = new SimulatedWorkloads(simulator, new WorkloadBook());
        publisher = new TelemetryPublisher(new SimulatedSource(simulator, workloads), 200, clock, workloads.book());
        var operations = new SimulatedOperations(simulator, workloads, clock);
        OperationHandler counting = request -> {
            ExecuteResponse response = operations.execute(request);
            if (acted(request, response)) {
                applied.computeIfAbsent(request.getIdempotencyKey(), k -> new AtomicInteger())
                        .incrementAndGet();
                onApplied.accept(request.getIdempotencyKey());
            }
            return response;
        };
        host = new AgentHost(publisher, IdempotencyLedger.inMemory(counting, 100_000), clock);
        host.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        publisher.start();
    }

    private static boolean acted(ExecuteRequest request, ExecuteResponse response) {
        return !request.getDryRun()
                && (response.getStatus() == ExecuteStatus.EXECUTE_STATUS_APPLIED
                        || response.getStatus() == ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
    }

    int port() {
        return host.port();
    }

    FleetSimulator simulator() {
        return simulator;
    }

    /** Times the agent carried out each operation (by idempotency key). */
    Map<String, Integer> applied() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        applied.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public void close() {
        publisher.close();
        host.close();
    }

    /** Child process: {@code GPUS PORT}; prints "serving" and then "applied KEY" per operation carried out. */
    public static void main(String[] args) throws Exception {
        new RecordingAgent(Integer.parseInt(args[0]), Integer.parseInt(args[1]), key -> {
            System.out.println("applied " + key);
            System.out.flush();
        });
        System.out.println("serving");
        System.out.flush();
        Thread.currentThread().join();
    }
}
