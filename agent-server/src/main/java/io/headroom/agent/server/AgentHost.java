package io.headroom.agent.server;

import io.headroom.agent.operations.OperationHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link ServedFleet} and its operations over gRPC, and can stop serving and serve
 * again without losing the fleet or its replay buffer (a crash of the endpoint, not of the data).
 */
public final class AgentHost implements AutoCloseable {

    private final ExecutorService streamExecutor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("telemetry-stream-", 0).factory());
    private final AgentService service;
    private final EndpointSecurity security;
    private AgentServer server;

    /** Plaintext, open to every caller, keeping no audit file: the embedded simulator and tests. */
    public AgentHost(ServedFleet served, OperationHandler operations, InstantSource clock) {
        this(served, operations, clock, EndpointSecurity.OPEN);
    }

    public AgentHost(ServedFleet served, OperationHandler operations, InstantSource clock, EndpointSecurity security) {
        this.service = new AgentService(served, operations, streamExecutor, clock, security.audit());
        this.security = security;
    }

    /** The service itself, for what the agent asks of it on its own behalf (the held-idle policy's Execute). */
    public AgentService service() {
        return service;
    }

    /** Serves on {@code address} (port 0 picks a free port). */
    public synchronized void serve(InetSocketAddress address) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already serving on port " + server.port());
        }
        server = AgentServer.start(address, service, security);
    }

    /** Cuts every connection at once, as a crash of the server would. */
    public synchronized void stopServing() {
        if (server != null) {
            server.kill();
            server = null;
        }
    }

    public synchronized int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        streamExecutor.shutdownNow();
        security.audit().close();
    }
}
