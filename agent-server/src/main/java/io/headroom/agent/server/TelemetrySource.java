package io.headroom.agent.server;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;

/**
 * Where an agent's samples come from: the simulator, or (later) nvidia-smi, dcgm-exporter,
 * Redfish and rocm-smi. The agent's ticker calls {@link #tick} once per interval.
 */
public interface TelemetrySource {

    /** The current inventory; its version changes whenever anything in it does. */
    Inventory inventory();

    int intervalMs();

    /**
     * Takes one round of samples at {@code timeMillis} and writes them into {@code target},
     * ending with one {@link FleetTelemetry#publish}. Nodes that did not report are not written.
     */
    void tick(long timeMillis, FleetTelemetry target);
}
