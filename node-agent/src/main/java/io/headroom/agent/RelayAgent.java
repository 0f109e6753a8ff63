package io.headroom.agent;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.node.NodeAgent;
import io.headroom.agent.relay.Relay;
import io.headroom.agent.relay.RelayOperations;
import io.headroom.agent.server.AgentHost;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.client.audit.AuditHeadWatch;
import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.AuditHeadKeeper;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.ChannelSecurity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;

/**
 * `headroom-agent --relay`: subscribes to many agents (or other relays) and serves their
 * merged inventory and stream through the same protocol, so a console needs a handful of
 * connections, not 12,500.
 */
public final class RelayAgent implements AutoCloseable {

    private final FleetClient upstream;
    private final ConnectionBoard board;
    private final AgentHost host;
    private final AuditHeadKeeper heads;
    private final AuditHeadWatch headWatch;
    private final Relay relay;
    private volatile io.headroom.agent.node.IncidentAlerts alerts;

    private RelayAgent(
            FleetClient upstream,
            ConnectionBoard board,
            AgentHost host,
            AuditHeadKeeper heads,
            AuditHeadWatch headWatch,
            Relay relay) {
        this.heads = heads;
        this.relay = relay;
        this.headWatch = headWatch;
        this.upstream = upstream;
        this.board = board;
        this.host = host;
    }

    /**
     * Starts a relay that reaches its upstream agents in plaintext.
     *
     * @param replayBatches how many batches reconnecting clients can get back
     * @param name          how the relay names itself: the server id of its inventory, and its client
     *                      name at the agents it subscribes to
     */
    public static RelayAgent start(
            List<AgentEndpoint> upstreams,
            InetSocketAddress address,
            int replayBatches,
            String name,
            InstantSource clock)
            throws IOException {
        return start(
                upstreams,
                e -> new ChannelSecurity.Plaintext(),
                address,
                replayBatches,
                name,
                clock,
                EndpointSecurity.OPEN);
    }

    /**
     * Starts a relay with its own upstream and port security.
     *
     * @param upstreamSecurity how this relay reaches each upstream agent (its TLS and its own identity there:
     *                         upstream agents see the relay, not the console behind it, as the caller)
     * @param security         how this relay's own port is protected and whom it admits with which role
     */
    public static RelayAgent start(
            List<AgentEndpoint> upstreams,
            Function<AgentEndpoint, ChannelSecurity> upstreamSecurity,
            InetSocketAddress address,
            int replayBatches,
            String name,
            InstantSource clock,
            EndpointSecurity security)
            throws IOException {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var relay = new Relay(name, fleet, replayBatches);
        var board = new ConnectionBoard(
                upstreams.stream().map(AgentEndpoint::toString).toList());
        var client = new FleetClient(
                upstreams,
                fleet,
                board,
                relay.upstreamOptions(ClientOptions.defaults(name).withSecurity(upstreamSecurity)));
        var host = new AgentHost(relay, new RelayOperations(client), clock, security);
        try {
            host.serve(address);
        } catch (IOException e) {
            client.close();
            host.close();
            throw e;
        }
        client.start();
        // The relay keeps each upstream agent's latest signed audit head too, off the agents' nodes:
        // a trail cut short or rewritten is logged here even when no console is open.
        var heads = AuditHeadKeeper.inMemory();
        var headWatch = AuditHeadWatch.onOwnThread(client.channels(), heads, clock)
                .start(Duration.ofSeconds(5), Duration.ofMinutes(1));
        return new RelayAgent(client, board, host, heads, headWatch, relay);
    }

    /** "relay " and the configured node hostname, else this machine's: what an operator would call it. */
    public static String nameFor(AgentConfig config) {
        return "relay " + NodeAgent.hostname(config);
    }

    public int port() {
        return host.port();
    }

    /** How each upstream agent stands. */
    public ConnectionBoard upstreams() {
        return board;
    }

    public FleetClient client() {
        return upstream;
    }

    /** Cuts every downstream connection at once, as a crash would. */
    public void kill() {
        host.stopServing();
        close();
    }

    /** Each upstream agent's audit trail as its signed head last showed it. */
    public List<AgentAuditState> upstreamAuditTrails() {
        return heads.states();
    }

    /** Reads every upstream agent's audit head now; completes when all answered or failed. */
    public java.util.concurrent.CompletableFuture<Void> readAuditHeadsNow() {
        return headWatch.readAll();
    }

    /** The site's table as this relay serves it, every upstream batch it holds written in. */
    public io.headroom.core.fleet.FleetTelemetry telemetry() {
        return relay.latest();
    }

    /** Sends the site's incidents to the configured webhooks from now on; closed with the relay. */
    public RelayAgent alerting(io.headroom.agent.node.IncidentAlerts incidents) {
        this.alerts = incidents;
        incidents.start();
        return this;
    }

    @Override
    public void close() {
        if (alerts != null) {
            alerts.close();
        }
        headWatch.close();
        upstream.close();
        host.close();
    }
}
