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
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.InventoryCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Many agents served as one: the upstream streams land in this relay's fleet state (for its
 * merged inventory and for snapshots), and every upstream batch is forwarded downstream the
 * moment it lands, renumbered in this relay's own epoch. Forwarding as it lands, rather than
 * on a tick, keeps a chain of relays from adding an interval of delay per hop.
 *
 * <p>Each upstream agent's workloads land in this relay's {@link WorkloadBook} (see
 * {@link UpstreamWorkloads}); each forwarded batch carries the relay's own workload version and
 * the changes since the batch before it.
 */
public final class Relay implements ServedFleet, BatchListener {

    private final String serverId;
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

    private record CachedInventory(Inventory core, io.headroom.protocol.v1.Inventory proto) {}

    /**
     * @param serverId how this relay names itself in its inventory; the merged fleet state below it
     *                 carries the client's own name, which would make every relay answer as "console"
     */
    public Relay(String serverId, FleetState fleet, int replayBatches) {
        this.serverId = serverId;
        this.fleet = fleet;
        this.hub = new TelemetryHub(replayBatches, fleet::current);
        this.history = new RelayHistory(serverId, this::upstreamChannels, RelayHistory.SILENCE);
    }

    /**
     * The options for the client that subscribes to the upstream agents: this relay hears every
     * batch, and keeps each agent's channel to ask it for its workloads.
     */
    public ClientOptions upstreamOptions(ClientOptions base) {
        var opened = base.channels();
        return base.withListener(this).withChannels(endpoint -> {
            ManagedChannel channel = opened.apply(endpoint);
            channels.put(endpoint, channel);
            return channel;
        });
    }

    @Override
    public void onBatch(AgentEndpoint from, TelemetryBatch batch, long landedMillis) {
        upstreamWorkloads.onBatch(from, batch);
        long version = fleet.layout().inventory().version();
        var forwarded = batch.toBuilder()
                .setInventoryVersion(version)
                .setSnapshot(false)
                .setMissedBatches(0)
                .setCoalescedSamples(0)
                .clearWorkloadChanges();
        synchronized (forwarding) {
            workloads.takeChanges().ifPresent(forwarded::setWorkloadChanges);
            forwarded.setWorkloadVersion(workloads.versionTaken());
            hub.publish(List.of(forwarded));
        }
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

    @Override
    public FleetTelemetry latest() {
        return fleet.current();
    }

    @Override
    public TelemetryHub hub() {
        return hub;
    }
}
