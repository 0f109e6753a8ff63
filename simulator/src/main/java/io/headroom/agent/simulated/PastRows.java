package io.headroom.agent.simulated;

import io.headroom.agent.history.OwnerSeconds;
import io.headroom.agent.simulator.FleetPast;
import io.headroom.agent.simulator.PastHolder;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Per-accelerator {@link HistoryRow}s of the simulated fleet for a range, resolution and set of
 * hostnames, produced a few at a time in period order and, within a period, in key order.
 * Only closed periods: the one still open at {@code closedBeforeMs} and later ones are left out.
 * The row source only: chunking and flow control are {@link SimulatedHistory}'s.
 */
final class PastRows {

    private static final long HOUR_MS = 3_600_000L;

    private final FleetPast past;
    private final long periodMs;
    private final long endMs;
    private final boolean[] wanted;
    private final FleetPast.PeriodFigures figures = new FleetPast.PeriodFigures();
    /** Null unless the caller groups by owner: per-accelerator answers never ask who held what. */
    private final PastOwners owners;

    private boolean ownersOfLastRow;
    private PastHolder lastHolder;
    private long periodStart;
    private int accel;
    private double[] shares;

    PastRows(
            FleetPast past,
            long fromMs,
            long toMs,
            HistoryResolution resolution,
            Set<String> hostnames,
            long closedBeforeMs) {
        this(past, fromMs, toMs, resolution, hostnames, closedBeforeMs, false);
    }

    /** @param withOwners whether to keep who held each whole GPU, for {@link #owners()} */
    PastRows(
            FleetPast past,
            long fromMs,
            long toMs,
            HistoryResolution resolution,
            Set<String> hostnames,
            long closedBeforeMs,
            boolean withOwners) {
        this.past = past;
        this.owners = withOwners ? new PastOwners() : null;
        this.periodMs = periodMs(resolution);
        this.periodStart = Math.floorDiv(fromMs, periodMs) * periodMs;
        long end = Math.ceilDiv(toMs, periodMs) * periodMs;
        this.endMs = Math.min(end, Math.floorDiv(closedBeforeMs, periodMs) * periodMs);
        this.wanted = new boolean[past.accelerators()];
        for (int a = 0; a < wanted.length; a++) {
            wanted[a] = hostnames.isEmpty() || hostnames.contains(past.hostname(a));
        }
    }

    /** Days are UTC days, as the protocol says. */
    static long periodMs(HistoryResolution resolution) {
        return switch (resolution) {
            case HISTORY_RESOLUTION_MINUTE -> 60_000L;
            case HISTORY_RESOLUTION_HOUR -> 3_600_000L;
            case HISTORY_RESOLUTION_DAY -> 86_400_000L;
            default -> throw new IllegalArgumentException("no period length for " + resolution);
        };
    }

    boolean done() {
        return periodStart >= endMs;
    }

    /** Hands at most {@code max} rows to {@code out}; returns how many. */
    int next(int max, Consumer<HistoryRow> out) {
        int given = 0;
        while (given < max && periodStart < endMs) {
            if (accel == 0 && periodMs <= HOUR_MS) {
                shares = past.poolSharesAt(periodStart + periodMs / 2);
            }
            if (wanted[accel]) {
                out.accept(row(accel));
                given++;
            }
            if (++accel == wanted.length) {
                accel = 0;
                periodStart += periodMs;
            }
        }
        return given;
    }

    /**
     * Who held the GPU of the last row handed out, when asked for at construction: empty for a MIG
     * slice (owner groupings count whole GPUs) and for a GPU nobody held.
     */
    List<OwnerSeconds> owners() {
        return ownersOfLastRow ? owners.owners() : List.of();
    }

    private HistoryRow row(int a) {
        figures.clear();
        boolean tally = owners != null && past.parentUuid(a).isEmpty();
        ownersOfLastRow = tally;
        if (tally) {
            owners.clear();
        }
        if (periodMs <= HOUR_MS) {
            step(a, periodStart, periodMs, shares, tally);
        } else if (tally) {
            // A day is its hours, as FleetPast.period makes it, with each hour's holder.
            for (long t = periodStart; t < periodStart + periodMs; t += HOUR_MS) {
                step(a, t, HOUR_MS, past.poolSharesAt(t + HOUR_MS / 2), true);
            }
        } else {
            past.period(a, periodStart, periodMs, figures);
        }
        var row = HistoryRow.newBuilder()
                .setPeriodStartMs(periodStart)
                .setKey(past.uuid(a))
                .setHostname(past.hostname(a))
                .setParentUuid(past.parentUuid(a))
                .setAccelerators(1)
                .setBusyS(figures.busy)
                .setHeldIdleS(figures.heldIdle)
                .setFreeIdleS(figures.freeIdle)
                .setDrainedS(figures.drained)
                .setFaultedS(figures.faulted)
                .setUncoveredS(figures.uncovered)
                .setPeakTflops(past.peakTflops(a));
        if (figures.measured()) {
            row.setMeanUtilizationPct((float) figures.meanUtilizationPct())
                    .setMeanPowerW((float) figures.meanPowerW())
                    .setEnergyWh(figures.energyWh());
        }
        if (!Double.isNaN(figures.maxTempC)) {
            row.setMaxTempC((float) figures.maxTempC);
        }
        return row.build();
    }

    private void step(int a, long startMs, long lengthMs, double[] stepShares, boolean tally) {
        long busy = figures.busy;
        long held = figures.heldIdle;
        past.step(a, startMs, lengthMs, stepShares, figures);
        if (tally && figures.busy + figures.heldIdle > busy + held) {
            lastHolder = past.holder(a, startMs + lengthMs / 2, lastHolder);
            owners.add(lastHolder, figures.busy - busy, figures.heldIdle - held);
        }
    }

    @Override
    public String toString() {
        return "rows of " + past.accelerators() + " accelerators up to "
                + Instant.ofEpochMilli(endMs).atOffset(ZoneOffset.UTC);
    }
}
