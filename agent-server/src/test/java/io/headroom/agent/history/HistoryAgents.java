package io.headroom.agent.history;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.headroom.agent.history.keeper.HistoryKeeper;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.server.AgentService;
import io.headroom.agent.server.ServedFleet;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Agents with history files, served in-process, driven round by round by the test. */
public final class HistoryAgents implements AutoCloseable {

    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
    private final List<AutoCloseable> running = new ArrayList<>();

    /** One agent: its rounds go to its keeper, its GetHistory is answered from it. */
    public record Agent(TelemetryPublisher publisher, HistoryKeeper keeper, WorkloadBook book) {
        /** Rounds every {@code stepMs} in [from, to), then waits for the keeper to write them. */
        public void run(long from, long to, long stepMs) throws InterruptedException {
            for (long t = from; t < to; t += stepMs) {
                publisher.tick(t);
            }
            keeper.awaitWritten();
        }
    }

    public Agent agent(String name, ScriptedFleet fleet, Path directory, long nowMs) throws Exception {
        var book = new WorkloadBook();
        var publisher = new TelemetryPublisher(fleet, 16, InstantSource.system(), book);
        running.add(publisher);
        HistoryKeeper keeper = HistoryKeeper.open(directory, nowMs);
        running.add(keeper);
        publisher.onRound((telemetry, t) -> keeper.onRound(telemetry, t, book));
        publisher.answerHistoryFrom(
                new PastHistory(name, keeper, () -> publisher.latest().layout().inventory()));
        serve(name, publisher);
        return new Agent(publisher, keeper, book);
    }

    public void serve(String name, ServedFleet served) throws Exception {
        Server server = InProcessServerBuilder.forName(name)
                .addService(io.grpc.ServerInterceptors.intercept(
                        new AgentService(served, new NoOperations(name), streams, InstantSource.system()),
                        new io.headroom.agent.access.CallerInterceptor(io.headroom.agent.access.AccessPolicy.OPEN)))
                .build()
                .start();
        running.add(server::shutdownNow);
    }

    /** A server with no fleet that answers GetHistory from {@code history}. */
    public void serveHistory(String name, FleetHistory history) throws Exception {
        var fleet = new io.headroom.core.fleet.FleetState(io.headroom.core.fleet.IdleThresholds.DEFAULTS);
        var hub = new io.headroom.agent.server.TelemetryHub(4, fleet::current);
        serve(name, new ServedFleet() {
            @Override
            public io.headroom.protocol.v1.Inventory inventory() {
                return io.headroom.protocol.v1.Inventory.getDefaultInstance();
            }

            @Override
            public io.headroom.core.fleet.FleetTelemetry latest() {
                return fleet.current();
            }

            @Override
            public io.headroom.agent.server.TelemetryHub hub() {
                return hub;
            }

            @Override
            public FleetHistory history() {
                return history;
            }
        });
    }

    public ManagedChannel channel(String name) {
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        running.add(channel::shutdownNow);
        return channel;
    }

    /** The whole answer, chunk by chunk. */
    public List<HistoryChunk> ask(String name, GetHistoryRequest request) {
        Iterator<HistoryChunk> it = AgentGrpc.newBlockingStub(channel(name))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .getHistory(request);
        List<HistoryChunk> chunks = new ArrayList<>();
        it.forEachRemaining(chunks::add);
        return chunks;
    }

    public <T extends AutoCloseable> T keep(T closeable) {
        running.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
        streams.shutdownNow();
    }
}
