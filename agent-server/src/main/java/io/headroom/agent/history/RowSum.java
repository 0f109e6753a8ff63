package io.headroom.agent.history;

import io.headroom.protocol.v1.HistoryRow;

/**
 * Rows added into one: the *_s fields and energy summed, utilisation and power as means weighted
 * by the measured (covered, known) seconds behind each, temperature as the maximum. One source for
 * how groups are made, used by the groupings and by a relay merging its upstreams' rows.
 */
final class RowSum {

    private int accelerators;
    private long busy;
    private long heldIdle;
    private long freeIdle;
    private long drained;
    private long faulted;
    private long unknown;
    private long uncovered;
    private double utilWeighted;
    private double utilWeight;
    private double powerWeighted;
    private double powerWeight;
    private double energy;
    private boolean energyKnown;
    private float maxTemp = Float.NaN;
    private double peak;

    /** Adds a whole row. */
    void add(HistoryRow row) {
        accelerators += row.getAccelerators();
        busy += row.getBusyS();
        heldIdle += row.getHeldIdleS();
        freeIdle += row.getFreeIdleS();
        drained += row.getDrainedS();
        faulted += row.getFaultedS();
        unknown += row.getUnknownS();
        uncovered += row.getUncoveredS();
        addMeasures(row, 1.0, measuredS(row));
        peak += row.getPeakTflops();
    }

    /**
     * Adds the part of a GPU's row one owner (or nobody) had: its seconds by state, and its share
     * of energy and of the means in proportion to those seconds. {@code firstInGroup}: the GPU is
     * counted (and its peak) once per group, however many of its parts land in it (a user's two
     * jobs; in TENANT, a holder of the node's own tenant and the time nobody held it).
     */
    void addPart(
            HistoryRow row,
            boolean firstInGroup,
            long busyS,
            long heldS,
            long freeS,
            long drainedS,
            long faultedS,
            long unknownS,
            long uncoveredS) {
        if (firstInGroup) {
            accelerators += 1;
            peak += row.getPeakTflops();
        }
        busy += busyS;
        heldIdle += heldS;
        freeIdle += freeS;
        drained += drainedS;
        faulted += faultedS;
        unknown += unknownS;
        uncovered += uncoveredS;
        long measured = busyS + heldS + freeS + drainedS + faultedS;
        long rowMeasured = measuredS(row);
        addMeasures(row, rowMeasured == 0 ? 0 : (double) measured / rowMeasured, measured);
    }

    private void addMeasures(HistoryRow row, double fraction, long weight) {
        if (row.hasMeanUtilizationPct() && weight > 0) {
            utilWeighted += row.getMeanUtilizationPct() * (double) weight;
            utilWeight += weight;
        }
        if (row.hasMeanPowerW() && weight > 0) {
            powerWeighted += row.getMeanPowerW() * (double) weight;
            powerWeight += weight;
        }
        if (row.hasEnergyWh()) {
            energy += row.getEnergyWh() * fraction;
            energyKnown = true;
        }
        if (row.hasMaxTempC() && fraction > 0 && (Float.isNaN(maxTemp) || row.getMaxTempC() > maxTemp)) {
            maxTemp = row.getMaxTempC();
        }
    }

    private static long measuredS(HistoryRow row) {
        return row.getBusyS() + row.getHeldIdleS() + row.getFreeIdleS() + row.getDrainedS() + row.getFaultedS();
    }

    HistoryRow toRow(long periodStartMs, String key) {
        var row = HistoryRow.newBuilder()
                .setPeriodStartMs(periodStartMs)
                .setKey(key)
                .setAccelerators(accelerators)
                .setBusyS(busy)
                .setHeldIdleS(heldIdle)
                .setFreeIdleS(freeIdle)
                .setDrainedS(drained)
                .setFaultedS(faulted)
                .setUnknownS(unknown)
                .setUncoveredS(uncovered)
                .setPeakTflops(peak);
        if (utilWeight > 0) {
            row.setMeanUtilizationPct((float) (utilWeighted / utilWeight));
        }
        if (powerWeight > 0) {
            row.setMeanPowerW((float) (powerWeighted / powerWeight));
        }
        if (energyKnown) {
            row.setEnergyWh(energy);
        }
        if (!Float.isNaN(maxTemp)) {
            row.setMaxTempC(maxTemp);
        }
        return row.build();
    }
}
