package io.headroom.agent.server;

import io.headroom.core.fleet.FleetTelemetry;

/**
 * What an agent serves, whatever its shape (one node, the simulator, a relay): an inventory,
 * the latest value of everything in it, and a hub of telemetry batches.
 */
public interface ServedFleet {

    io.headroom.protocol.v1.Inventory inventory();

    /** The latest values, for snapshots to new and lagging clients. */
    FleetTelemetry latest();

    TelemetryHub hub();
}
