package io.headroom.agent.relay;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.headroom.agent.history.FleetHistory;
import io.headroom.agent.history.RelayHistory;
import io.headroom.agent.server.ServedFleet;
import io.headroom.agent.server.TelemetryHub;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.client.BatchListener;
import io.headroom.client.ClientOptions;
import io.headroom.client.ReceivedBatch;
import io.headroom.client.StateWrites;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.ForwardedBatch;
import io.headroom.wire.InventoryCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Many agents served as one: every upstream batch is forwarded downstream the moment it
 * arrives, as the bytes it came in with its own fields rewritten, renumbered in this relay's own
 * epoch and its hop (received, forwarded) added. Forwarding on arrival, rather than on a tick or
 * after decoding, keeps a chain of relays from adding an interval, or a decode, of delay per hop.
 *
 * <p>This relay's own fleet state (its merged inventory, the values its snapshots and alerts
 * read) is written off that path and late: upstream batches are held up to {@link #STATE_DELAY}
 * and only the newest for each set of nodes is written ({@link StateWrites#deferred}), unless a
 * reader ({@link #latest()}, a snapshot) asks first, which writes everything held before it
 * reads. A snapshot cut between forwarding a batch and holding it sees that batch's nodes at
 * their previous values: one round old, never wrong.
 *
 * <p>Each upstream agent's workloads land in this relay's {@link WorkloadBook} (see
 * {@link UpstreamWorkloads}); each forwarded batch carries the relay's own workload version and
 * the changes since the batch before it.
 */
public final class Relay implements ServedFleet, BatchListener {

    private final String serverId;
    private final InstantSource clock = InstantSource.system();
    private final StateWrites stateWrites = StateWrites.deferred(STATE_DELAY);
    private final FleetState fleet;
    private final TelemetryHub hub;
    private final WorkloadBook workloads = new WorkloadBook();
    private final Map<AgentEndpoint, Channel> channels = new ConcurrentHashMap<>();
    private final UpstreamWorkloads upstreamWorkloads =
            new UpstreamWorkloads(workloads, endpoint -> Optional.ofNullable(channels.get(endpoint)));
    // Takes the book's changes and publishes them in one step, so that batches from several
    // upstreams reach the hub in the order of their workload versions.
    private final Object forwarding = new Object();
    private volatile CachedInventory inventory = new CachedInventory(null, null);
    // Asks every upstream, by the address gaps name it by, over the channels the client opened.
    private final FleetHistory history;

    /**
     * How long an upstream batch may wait to be written into this relay's own state, unless
     * someone reads the state first (a snapshot, alerts): only the newest batch for each set of
     * nodes is written, about one round in this time rather than every round.
     */
    public static final Duration STATE_DELAY = Duration.ofSeconds(5);

    private record CachedInventory(Inventory core, io.headroom.protocol.v1.Inventory proto) {}

    /**
     * @param serverId how this relay names itself in its inventory; the merged fleet state below it
     *                 carries the client's own name, which would make every relay answer as "console"
     */
    public Relay(String serverId, FleetState fleet, int replayBatches) {
        this.serverId = serverId;
        this.fleet = fleet;
        this.hub = new TelemetryHub(replayBatches, this::latest);
        this.history = new RelayHistory(serverId, this::upstreamChannels, RelayHistory.SILENCE);
    }

    /**
     * The options for the client that subscribes to the upstream agents: this relay hears every
     * batch, and keeps each agent's channel to ask it for its workloads.
     */
    public ClientOptions upstreamOptions(ClientOptions base) {
        var opened = base.channels();
        return base.withListener(this).withStateWrites(stateWrites).withChannels(endpoint -> {
            ManagedChannel channel = opened.apply(endpoint);
            channels.put(endpoint, channel);
            return channel;
        });
    }

    /**
     * Forwards the batch before this relay writes it into its own fleet state: the bytes as
     * received, with this relay's inventory and workload fields in place of the upstream's
     * ({@link ForwardedBatch}), numbered by the hub. Nothing is parsed but the header and, for
     * the count of samples, the node samples' own fields.
     */
    @Override
    public void onArrived(AgentEndpoint from, ReceivedBatch batch) {
        upstreamWorkloads.onBatch(from, batch.header());
        long version = fleet.layout().inventory().version();
        int samples = batch.coverage().accelerators();
        synchronized (forwarding) {
            var changes = workloads.takeChanges().orElse(null);
            long workloadVersion = workloads.versionTaken();
            long forwardedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
            hub.publishForwarded(
                    ForwardedBatch.body(
                            batch.bytes(), version, workloadVersion, changes, batch.receivedMicros(), forwardedMicros),
                    samples,
                    workloadVersion);
        }
    }

    @Override
    public void onBatch(AgentEndpoint from, ReceivedBatch batch, long landedMillis) {
        // Forwarded on arrival; the client has written it into this relay's fleet state since.
    }

    @Override
    public FleetHistory history() {
        return history;
    }

    @Override
    public WorkloadBook workloads() {
        return workloads;
    }

    private Map<String, Channel> upstreamChannels() {
        Map<String, Channel> byAddress = new java.util.TreeMap<>();
        channels.forEach((endpoint, channel) -> byAddress.put(endpoint.toString(), channel));
        return byAddress;
    }

    /** GetWorkloads calls this relay made to its upstream agents. */
    public long workloadTablesAsked() {
        return upstreamWorkloads.tablesAsked();
    }

    // identity is the point: a new Inventory object means a re-install; equals would walk the whole fleet each call
    @SuppressWarnings("ReferenceEquality")
    @Override
    public io.headroom.protocol.v1.Inventory inventory() {
        Inventory current = fleet.layout().inventory();
        CachedInventory cached = inventory;
        if (cached.core() != current) {
            cached = new CachedInventory(
                    current,
                    InventoryCodec.toProto(current).toBuilder()
                            .setServerId(serverId)
                            .build());
            inventory = cached;
        }
        return cached.proto();
    }

    /** This relay's state with every upstream batch held so far written into it. */
    @Override
    public FleetTelemetry latest() {
        stateWrites.catchUp();
        return fleet.current();
    }

    @Override
    public TelemetryHub hub() {
        return hub;
    }
}
