package io.headroom.agent.simulated;

import io.headroom.agent.history.FleetHistory;
import io.headroom.agent.server.ServedFleet;
import io.headroom.agent.server.TelemetryHub;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.core.fleet.FleetTelemetry;

/** The simulator's live fleet as its publisher serves it, with the modelled past for GetHistory. */
record ServedWithPast(ServedFleet live, FleetHistory past) implements ServedFleet {

    @Override
    public io.headroom.protocol.v1.Inventory inventory() {
        return live.inventory();
    }

    @Override
    public FleetTelemetry latest() {
        return live.latest();
    }

    @Override
    public TelemetryHub hub() {
        return live.hub();
    }

    @Override
    public WorkloadBook workloads() {
        return live.workloads();
    }

    @Override
    public FleetHistory history() {
        return past;
    }
}
