package io.headroom.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.wire.AgentEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Connects to every configured agent: one channel and one telemetry stream per endpoint, all
 * landing in one {@link FleetState}, and their workloads in one {@link FleetWorkloads}. Nothing here runs on the FX thread and nothing blocks
 * it: connecting, backing off and decoding happen on gRPC and scheduler threads.
 */
public final class FleetClient implements AutoCloseable {

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<AgentConnection> connections = new ArrayList<>();
    private final Map<AgentEndpoint, ManagedChannel> channelByEndpoint = new HashMap<>();
    private final Map<AgentEndpoint, AgentConnection> connectionByEndpoint = new HashMap<>();
    private final FleetAssembler assembler;
    private final ScheduledExecutorService scheduler;

    /**
     * A client of telemetry only, that does not ask who holds the GPUs: relays (which follow their
     * upstream agents' workloads themselves) and benchmarks.
     */
    public FleetClient(List<AgentEndpoint> endpoints, FleetState fleet, ConnectionBoard board, ClientOptions options) {
        // Telemetry only: no GetWorkloads asked (a relay follows its upstream agents' workloads itself).
        this(endpoints, fleet, null, board, options);
    }

    /** A client that keeps the agents' workloads (who holds each GPU) in {@code workloads} as well. */
    public FleetClient(
            List<AgentEndpoint> endpoints,
            FleetState fleet,
            FleetWorkloads workloads,
            ConnectionBoard board,
            ClientOptions options) {
        this.scheduler = Executors.newScheduledThreadPool(
                1, Thread.ofPlatform().name("agent-client").daemon().factory());
        this.assembler = new FleetAssembler(endpoints, fleet, scheduler);
        var random = new Random();
        for (AgentEndpoint endpoint : endpoints) {
            ManagedChannel channel = options.channels().apply(endpoint);
            channels.add(channel);
            channelByEndpoint.put(endpoint, channel);
            var connection = new AgentConnection(
                    endpoint,
                    channel,
                    assembler,
                    fleet,
                    workloads,
                    board,
                    scheduler,
                    options,
                    new Backoff(options.initialBackoff(), options.maxBackoff(), new Random(random.nextLong())),
                    new Backoff(options.initialBackoff(), options.maxBackoff(), new Random(random.nextLong())));
            connections.add(connection);
            connectionByEndpoint.put(endpoint, connection);
        }
    }

    /** Starts connecting; returns at once. */
    public FleetClient start() {
        connections.forEach(AgentConnection::start);
        return this;
    }

    /**
     * Calls {@code listener} after every connect and reconnect of every agent (history backfill
     * hooks in here). Set it before {@link #start()} to hear the first connects.
     */
    public FleetClient onConnected(ConnectedListener listener) {
        connections.forEach(c -> c.onConnected(listener));
        return this;
    }

    public List<AgentConnection> connections() {
        return List.copyOf(connections);
    }

    /** The channel to the agent that reported this node, to send it operations. */
    public Optional<Channel> channelFor(String hostname) {
        return assembler.endpointOf(hostname).map(channelByEndpoint::get);
    }

    /**
     * What the agent that reports this node lets this console do; empty while no connected agent
     * reports it or the agent has not said yet (the agent decides when an operation arrives).
     */
    public Optional<io.headroom.core.access.Role> roleFor(String hostname) {
        return assembler.endpointOf(hostname).map(connectionByEndpoint::get).flatMap(AgentConnection::role);
    }

    /** The channel to every agent, for calls beside the telemetry stream (audit heads). */
    public Map<AgentEndpoint, Channel> channels() {
        return Map.copyOf(channelByEndpoint);
    }

    /** Samples the agents replaced by newer ones because this client could not keep up. */
    public long coalescedSamples() {
        return connections.stream().mapToLong(AgentConnection::coalescedSamples).sum();
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
