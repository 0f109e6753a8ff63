package io.headroom.core.alerts;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import java.util.Arrays;

/**
 * Whether a rack's inlet and power readings are current. A rack is read by the same agents
 * as its servers, so its readings go stale after the same number of missed intervals as
 * theirs (the fastest server's interval; one second for a rack without servers). Old
 * readings are never flagged or alerted on as if live. Built once per layout.
 */
public final class RackFreshness {

    private final FleetLayout layout;
    private final long[] staleAfterMillis;

    public RackFreshness(FleetLayout layout, IdleThresholds thresholds) {
        this.layout = layout;
        int[] fastest = new int[layout.rackCount()];
        Arrays.fill(fastest, Integer.MAX_VALUE);
        for (int node = 0; node < layout.nodeCount(); node++) {
            int rack = layout.rackOfNode(node);
            if (rack != FleetLayout.NONE) {
                fastest[rack] = Math.min(fastest[rack], layout.node(node).sampleIntervalMs());
            }
        }
        staleAfterMillis = new long[layout.rackCount()];
        for (int rack = 0; rack < fastest.length; rack++) {
            int interval = fastest[rack] == Integer.MAX_VALUE ? 1000 : fastest[rack];
            staleAfterMillis[rack] = (long) thresholds.staleIntervals() * interval;
        }
    }

    public FleetLayout layout() {
        return layout;
    }

    public boolean isFresh(FleetTelemetry telemetry, int rack, long nowMillis) {
        long sampled = telemetry.rackSampleTime(rack);
        return sampled > 0 && nowMillis - sampled <= staleAfterMillis[rack];
    }
}
