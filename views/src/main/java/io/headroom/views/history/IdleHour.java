package io.headroom.views.history;

import java.time.Instant;

/**
 * How idle one group (a rack, pool, tenant or hall) was in one hour.
 *
 * @param idleFraction     share of the GPU-minutes with data that were idle (held or free), 0..1
 * @param heldIdleFraction share that were held idle: allocated, yet unused
 * @param gpus             GPUs with data in that hour
 */
public record IdleHour(String group, Instant start, double idleFraction, double heldIdleFraction, int gpus) {}
