package io.headroom.agent.server;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.headroom.agent.access.CallerInterceptor;
import io.headroom.agent.tls.FailedHandshakes;
import io.headroom.protocol.v1.AgentGrpc;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The agent's gRPC endpoint: the Agent service plus the standard health and reflection
 * services, so grpcurl, grpc_health_probe and friends work against any agent.
 */
public final class AgentServer implements AutoCloseable {

    /**
     * Largest message a client may send (1 MiB): Execute requests are a few hundred bytes, so
     * anything near this is abuse, refused with RESOURCE_EXHAUSTED before it is parsed.
     */
    public static final int MAX_INBOUND_BYTES = 1 << 20;
    /**
     * Largest header block a call may carry (8 KiB, gRPC's default, written down): more is refused
     * with RESOURCE_EXHAUSTED and its size ({@link HeaderBudget}).
     */
    public static final int MAX_INBOUND_METADATA_BYTES = 8 << 10;
    /**
     * Largest header block the transport reads (64 KiB): past it grpc-java answers HTTP 431,
     * which clients see as UNKNOWN; between the two limits, {@link HeaderBudget} answers instead.
     */
    public static final int MAX_TRANSPORT_METADATA_BYTES = 64 << 10;

    /** One for the process: its lines are limited per peer across every port the agent serves. */
    private static final FailedHandshakes HANDSHAKES = new FailedHandshakes();

    private final Server server;
    private final HealthStatusManager health;

    private AgentServer(Server server, HealthStatusManager health) {
        this.server = server;
        this.health = health;
    }

    /**
     * Binds and starts.
     *
     * @throws PortInUseException when the address is taken, with the address in its message
     */
    public static AgentServer start(InetSocketAddress address, BindableService agent) throws IOException {
        return start(address, agent, EndpointSecurity.OPEN);
    }

    /**
     * Binds and starts with TLS (when {@code security} has it) and with every Agent call passed
     * through the caller check, then the per-caller limit on operations
     * ({@link ExecuteRateLimit#DEFAULTS}), then the check for requests that do not parse. Health
     * and reflection stay open, so probes need no identity.
     *
     * @throws IOException also when the TLS files cannot be used, naming the file and why
     */
    public static AgentServer start(InetSocketAddress address, BindableService agent, EndpointSecurity security)
            throws IOException {
        var healthManager = new HealthStatusManager();
        ServerCredentials credentials;
        try {
            credentials = security.tls() == null
                    ? InsecureServerCredentials.create()
                    : HANDSHAKES.watching(security.tls().credentials());
        } catch (io.headroom.agent.tls.TlsFileException e) {
            throw new IOException(e.getMessage(), e);
        }
        // The last interceptor listed runs first: headers are measured, then the caller is known before
        // the limit is counted.
        Server server = NettyServerBuilder.forAddress(address, credentials)
                .addService(ServerInterceptors.intercept(
                        MalformedRequests.guard(agent.bindService()),
                        new ExecuteRateLimit(ExecuteRateLimit.DEFAULTS),
                        new CallerInterceptor(security.access()),
                        new HeaderBudget()))
                .addService(healthManager.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(reflectionV1alpha())
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .maxInboundMetadataSize(MAX_TRANSPORT_METADATA_BYTES)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            if (isBindFailure(e)) {
                throw new PortInUseException(address, e);
            }
            throw e;
        }
        healthManager.setStatus("", ServingStatus.SERVING);
        healthManager.setStatus(AgentGrpc.SERVICE_NAME, ServingStatus.SERVING);
        return new AgentServer(server, healthManager);
    }

    /**
     * Reflection as v1alpha too: older grpcurl, grpcui and much tooling ask only v1alpha, and
     * answering it UNIMPLEMENTED looks to them like a server without reflection. grpc-java
     * deprecates it in favour of v1, which is served beside it, but still ships it.
     */
    @SuppressWarnings("deprecation")
    private static io.grpc.BindableService reflectionV1alpha() {
        return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** The port actually bound (useful after binding port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops at once, cutting open streams, as a crash or a pulled cable would. */
    public void kill() {
        server.shutdownNow();
    }

    /** The address was taken by another process. */
    public static final class PortInUseException extends IOException {
        public PortInUseException(InetSocketAddress address, Throwable cause) {
            super(
                    "port " + address.getPort() + " on " + address.getHostString()
                            + " is already in use; stop what runs there or choose another with --port",
                    cause);
        }
    }
}
