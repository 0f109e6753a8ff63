package io.headroom.client;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Connects the console to every configured agent: one channel and one telemetry stream per
 * endpoint, all landing in one {@link FleetState}. Nothing here runs on the FX thread and
 * nothing blocks it: connecting, backing off and decoding happen on gRPC and scheduler threads.
 */
public final class FleetClient implements AutoCloseable {

    /** A single telemetry batch may not exceed this; a larger one is a broken or hostile agent. */
    public static final int MAX_MESSAGE_BYTES = 32 << 20;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<AgentConnection> connections = new ArrayList<>();
    private final ScheduledExecutorService scheduler;

    public FleetClient(List<AgentEndpoint> endpoints, FleetState fleet, ConnectionBoard board) {
        this(endpoints, fleet, board, FleetClient::plaintextChannel, InstantSource.system(),
                Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public FleetClient(List<AgentEndpoint> endpoints, FleetState fleet, ConnectionBoard board,
                       Function<AgentEndpoint, ManagedChannel> channelFactory, InstantSource clock,
                       Duration initialBackoff, Duration maxBackoff) {
        this.scheduler = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("agent-client").daemon().factory());
        var assembler = new FleetAssembler(endpoints, fleet, scheduler);
        String clientId = "headroom-console@" + localHostName();
        var random = new Random();
        for (AgentEndpoint endpoint : endpoints) {
            ManagedChannel channel = channelFactory.apply(endpoint);
            channels.add(channel);
            connections.add(new AgentConnection(endpoint, channel, assembler, fleet, board, scheduler, clock,
                    new Backoff(initialBackoff, maxBackoff, new Random(random.nextLong())), clientId));
        }
    }

    private static ManagedChannel plaintextChannel(AgentEndpoint endpoint) {
        return Grpc.newChannelBuilder(endpoint.target(), InsecureChannelCredentials.create())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                // Finds a black-holed agent (no RST, no FIN) within ~15 s instead of never.
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** Starts connecting; returns at once. */
    public FleetClient start() {
        connections.forEach(AgentConnection::start);
        return this;
    }

    public List<AgentConnection> connections() {
        return List.copyOf(connections);
    }

    @Override
    public void close() {
        connections.forEach(AgentConnection::close);
        scheduler.shutdownNow();
        channels.forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : channels) {
            try {
                channel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
