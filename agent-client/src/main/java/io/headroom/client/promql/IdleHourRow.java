package io.headroom.client.promql;

import java.time.Instant;

/**
 * One group's idle figures for one hour, from the recording rules in deploy/prometheus.
 *
 * @param idleShare     share of the GPU-hours with data that were idle (held or free), 0..1
 * @param heldIdleShare share that were held idle
 * @param gpuHours      GPU-hours with data in the hour (the mean number of GPUs with data)
 */
public record IdleHourRow(String group, Instant start, double idleShare, double heldIdleShare, double gpuHours) {}
