package io.headroom.agent.relay;

import io.headroom.agent.server.ServedFleet;
import io.headroom.agent.server.TelemetryHub;
import io.headroom.client.BatchListener;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.InventoryCodec;
import java.util.List;

/**
 * Many agents served as one: the upstream streams land in this relay's fleet state (for its
 * merged inventory and for snapshots), and every upstream batch is forwarded downstream the
 * moment it lands, renumbered in this relay's own epoch. Forwarding as it lands, rather than
 * on a tick, keeps a chain of relays from adding an interval of delay per hop.
 */
public final class Relay implements ServedFleet, BatchListener {

    private final String serverId;
    private final FleetState fleet;
    private final TelemetryHub hub;
    private volatile CachedInventory inventory = new CachedInventory(null, null);

    private record CachedInventory(Inventory core, io.headroom.protocol.v1.Inventory proto) {}

    /**
     * @param serverId how this relay names itself in its inventory; the merged fleet state below it
     *                 carries the client's own name, which would make every relay answer as "console"
     */
    public Relay(String serverId, FleetState fleet, int replayBatches) {
        this.serverId = serverId;
        this.fleet = fleet;
        this.hub = new TelemetryHub(replayBatches, fleet::current);
    }

    @Override
    public void onBatch(AgentEndpoint from, TelemetryBatch batch, long landedMillis) {
        long version = fleet.layout().inventory().version();
        hub.publish(List.of(batch.toBuilder()
                .setInventoryVersion(version)
                .setSnapshot(false)
                .setMissedBatches(0)
                .setCoalescedSamples(0)));
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
