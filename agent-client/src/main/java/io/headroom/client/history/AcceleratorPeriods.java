package io.headroom.client.history;

import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.protocol.v1.HistoryRow;

/** A GetHistory row as the core's record: the protocol's types stop here. */
final class AcceleratorPeriods {

    private AcceleratorPeriods() {}

    static AcceleratorPeriod of(HistoryRow row) {
        return new AcceleratorPeriod(
                row.getKey(),
                row.getBusyS(),
                row.getHeldIdleS(),
                row.getFreeIdleS(),
                row.getDrainedS(),
                row.getFaultedS(),
                row.getUnknownS(),
                row.getUncoveredS(),
                row.hasMeanUtilizationPct() ? row.getMeanUtilizationPct() : Float.NaN,
                row.hasMeanPowerW() ? row.getMeanPowerW() : Float.NaN,
                row.hasMaxTempC() ? row.getMaxTempC() : Float.NaN);
    }
}
