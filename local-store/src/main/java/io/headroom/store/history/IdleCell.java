package io.headroom.store.history;

import java.time.Instant;

/**
 * One cell of an idle-capacity heatmap: a group (rack, pool, ...) over one hour or day.
 * Whole GPUs only; a GPU in MIG mode counts once, as busy as its busiest slice.
 *
 * @param idleFraction     share of the covered GPU-minutes that were idle (held or free)
 * @param heldIdleFraction share that were held idle: allocated, yet unused
 * @param utilizationPct   mean utilization over the covered minutes; NaN when nothing measured it
 * @param accelerators     GPUs with at least one minute of data in the period
 * @param coveredMinutes   GPU-minutes with data; less than accelerators x period when data was missing
 * @param powerW           sum of the GPUs' mean power draw; NaN when nothing measured it
 * @param maxTempC         hottest GPU reading in the period; NaN when none
 */
public record IdleCell(
        String group,
        Instant start,
        double idleFraction,
        double heldIdleFraction,
        double utilizationPct,
        int accelerators,
        long coveredMinutes,
        double powerW,
        double maxTempC) {}
