package io.headroom.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.ChannelSecurity;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How a {@link FleetClient} connects: the channel for an endpoint, the clock, the retry
 * pacing, who is told of each batch, the name it gives agents, and when batches are written
 * into the fleet state.
 */
public record ClientOptions(
        Function<AgentEndpoint, ManagedChannel> channels,
        InstantSource clock,
        Duration initialBackoff,
        Duration maxBackoff,
        BatchListener listener,
        String clientName,
        StateWrites stateWrites) {

    /** A single telemetry batch may not exceed this; a larger one is a broken or hostile agent. */
    public static final int MAX_MESSAGE_BYTES = 32 << 20;

    public static ClientOptions defaults(String clientName) {
        return new ClientOptions(
                ClientOptions::plaintextChannel,
                InstantSource.system(),
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                BatchListener.NONE,
                clientName,
                StateWrites.onArrival());
    }

    public ClientOptions withChannels(Function<AgentEndpoint, ManagedChannel> factory) {
        return new ClientOptions(factory, clock, initialBackoff, maxBackoff, listener, clientName, stateWrites);
    }

    public ClientOptions withBackoff(Duration initial, Duration max) {
        return new ClientOptions(channels, clock, initial, max, listener, clientName, stateWrites);
    }

    public ClientOptions withListener(BatchListener batchListener) {
        return new ClientOptions(channels, clock, initialBackoff, maxBackoff, batchListener, clientName, stateWrites);
    }

    public ClientOptions withStateWrites(StateWrites writes) {
        return new ClientOptions(channels, clock, initialBackoff, maxBackoff, listener, clientName, writes);
    }

    /**
     * gRPC's default callback executor grows a thread whenever all are busy; decoding is
     * CPU work, so a pool the size of the machine does it as fast with a bounded thread count,
     * however many agents there are. Shared by every channel of this process.
     */
    private static final Executor CALLBACKS = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("agent-stream-", 0).daemon().factory());

    public static ManagedChannel plaintextChannel(AgentEndpoint endpoint) {
        return channel(endpoint, InsecureChannelCredentials.create());
    }

    /** Each endpoint's channel with the security chosen for it (TLS, client certificate, token). */
    public ClientOptions withSecurity(Function<AgentEndpoint, ChannelSecurity> security) {
        return withChannels(
                endpoint -> channel(endpoint, security.apply(endpoint).credentials()));
    }

    /** A channel to one agent with these credentials; TLS checks the agent's certificate against the endpoint's host name. */
    public static ManagedChannel channel(AgentEndpoint endpoint, ChannelCredentials credentials) {
        return Grpc.newChannelBuilder(endpoint.target(), credentials)
                .executor(CALLBACKS)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                // Finds a black-holed agent (no RST, no FIN) within ~15 s instead of never.
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
    }
}
