package io.headroom.agent.simulated;

import io.headroom.agent.server.TelemetrySource;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;

/** The fleet simulator as an agent's telemetry source. */
public final class SimulatedSource implements TelemetrySource {

    private final FleetSimulator simulator;

    public SimulatedSource(FleetSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public Inventory inventory() {
        return simulator.inventory();
    }

    @Override
    public int intervalMs() {
        return simulator.intervalMs();
    }

    @Override
    public void tick(long timeMillis, FleetTelemetry target) {
        simulator.tick(timeMillis, target);
    }
}
