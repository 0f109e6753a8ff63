package io.headroom.agent.simulator;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import java.util.ArrayList;
import java.util.List;

/** Test helpers over telemetry tables. */
final class Telemetry {

    private Telemetry() {}

    static FleetState stateFor(FleetSimulator simulator) {
        var state = new FleetState(IdleThresholds.DEFAULTS);
        state.install(simulator.inventory());
        return state;
    }

    /** Every value a tick wrote at {@code timeMillis}, one line per slot, node and rack, for comparing tables. */
    static List<String> written(FleetTelemetry telemetry, long timeMillis) {
        FleetLayout layout = telemetry.layout();
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < layout.slotCount(); s++) {
            if (telemetry.sampleTime(s) == timeMillis) {
                lines.add(
                        layout.describe(s) + " util=" + telemetry.utilizationPct(s) + " sm=" + telemetry.smActivePct(s)
                                + " mem=" + telemetry.memoryUsedMib(s) + " W=" + telemetry.powerW(s) + "/"
                                + telemetry.powerLimitW(s)
                                + " T=" + telemetry.gpuTempC(s) + "/" + telemetry.memoryTempC(s) + " clk="
                                + telemetry.smClockMhz(s)
                                + " thr=" + telemetry.throttleReasons(s) + " xid=" + telemetry.lastXid(s)
                                + " ecc=" + telemetry.eccUncorrectable(s) + " alloc=" + telemetry.allocated(s)
                                + " missing=" + telemetry.missing(s));
            }
        }
        for (int n = 0; n < layout.nodeCount(); n++) {
            if (telemetry.nodeSampleTime(n) == timeMillis) {
                lines.add(layout.node(n).hostname() + " " + telemetry.schedulerState(n) + " gen="
                        + telemetry.generation(n));
            }
        }
        for (int r = 0; r < layout.rackCount(); r++) {
            lines.add(layout.rack(r).id() + " at=" + telemetry.rackSampleTime(r) + " in=" + telemetry.rackInletC(r)
                    + " out=" + telemetry.rackOutletC(r) + " kW=" + telemetry.rackPowerKw(r));
        }
        return lines;
    }
}
