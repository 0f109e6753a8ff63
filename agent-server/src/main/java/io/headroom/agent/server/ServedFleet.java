package io.headroom.agent.server;

import io.headroom.agent.history.FleetHistory;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.core.fleet.FleetTelemetry;

/**
 * What an agent serves, whatever its shape (one node, the simulator, a relay): an inventory,
 * the latest value of everything in it, a hub of telemetry batches, and who holds what.
 */
public interface ServedFleet {

    io.headroom.protocol.v1.Inventory inventory();

    /** The latest values, for snapshots to new and lagging clients. */
    FleetTelemetry latest();

    TelemetryHub hub();

    /** Who holds the accelerators; servers that know no workloads answer an always-empty book (version 0). */
    default WorkloadBook workloads() {
        return new WorkloadBook();
    }

    /** The past this server can answer GetHistory from; servers that keep none answer UNIMPLEMENTED. */
    default FleetHistory history() {
        return FleetHistory.NONE;
    }
}
