package io.headroom.agent.simulated;

import io.headroom.agent.server.TelemetrySource;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;

/** The fleet simulator as an agent's telemetry source. */
public final class SimulatedSource implements TelemetrySource {

    private final FleetSimulator simulator;
    private final SimulatedWorkloads workloads;

    /** A source that reports no workloads. */
    public SimulatedSource(FleetSimulator simulator) {
        this(simulator, null);
    }

    /** @param workloads fed after every tick in which the simulated jobs changed; null for none */
    public SimulatedSource(FleetSimulator simulator, SimulatedWorkloads workloads) {
        this.simulator = simulator;
        this.workloads = workloads;
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
        if (workloads != null) {
            workloads.refresh();
        }
    }
}
