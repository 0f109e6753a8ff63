package io.headroom.agent.history.keeper;

import io.headroom.agent.history.AcceleratorRow;
import io.headroom.agent.history.OwnerSeconds;
import io.headroom.core.idle.IdleState;
import io.headroom.protocol.v1.HistoryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One period of one accelerator as a history file keeps it. */
// Seconds per idle state are kept as an array indexed by IdleState's ordinal, in that order in
// the file: the states' order is part of the file format (new states go at the end).
@SuppressWarnings("EnumOrdinal")
record KeptRecord(long periodStartMs, Slot slot, Tally tally) {

    /** The accelerator a record is about: what stays the same from period to period. */
    record Slot(String uuid, String parentUuid, String hostname, float peakTflops) {}

    AcceleratorRow toRow(long periodMs) {
        long[] ms = tally.stateMs;
        long busy = seconds(ms[IdleState.BUSY.ordinal()]);
        long held = seconds(ms[IdleState.HELD_IDLE.ordinal()]);
        long free = seconds(ms[IdleState.FREE_IDLE.ordinal()]);
        long drained = seconds(ms[IdleState.DRAINED.ordinal()]);
        long faulted = seconds(ms[IdleState.FAULTED.ordinal()]);
        long unknown = seconds(ms[IdleState.STALE.ordinal()]);
        long period = periodMs / 1000;
        long uncovered = Math.max(0, period - busy - held - free - drained - faulted - unknown);
        var row = HistoryRow.newBuilder()
                .setPeriodStartMs(periodStartMs)
                .setKey(slot.uuid())
                .setHostname(slot.hostname())
                .setParentUuid(slot.parentUuid())
                .setAccelerators(1)
                .setBusyS(busy)
                .setHeldIdleS(held)
                .setFreeIdleS(free)
                .setDrainedS(drained)
                .setFaultedS(faulted)
                .setUnknownS(unknown)
                .setUncoveredS(uncovered)
                .setPeakTflops(slot.peakTflops());
        if (tally.utilMs > 0) {
            row.setMeanUtilizationPct((float) (tally.utilSum / tally.utilMs));
        }
        if (tally.powerMs > 0) {
            row.setMeanPowerW((float) (tally.powerSum / tally.powerMs));
        }
        if (tally.energyKnown) {
            row.setEnergyWh(tally.energyWh);
        }
        if (!Float.isNaN(tally.maxTempC)) {
            row.setMaxTempC(tally.maxTempC);
        }
        List<OwnerSeconds> owners = new ArrayList<>(tally.owners.size());
        for (Map.Entry<Owner, long[]> e : tally.owners.entrySet()) {
            long[] o = e.getValue();
            owners.add(new OwnerSeconds(
                    e.getKey().user(),
                    e.getKey().account(),
                    e.getKey().tenant(),
                    seconds(o[IdleState.BUSY.ordinal()]),
                    seconds(o[IdleState.HELD_IDLE.ordinal()]),
                    seconds(o[IdleState.FREE_IDLE.ordinal()]),
                    seconds(o[IdleState.DRAINED.ordinal()]),
                    seconds(o[IdleState.FAULTED.ordinal()]),
                    seconds(o[IdleState.STALE.ordinal()])));
        }
        return new AcceleratorRow(row.build(), owners);
    }

    private static long seconds(long ms) {
        return (ms + 500) / 1000;
    }
}
