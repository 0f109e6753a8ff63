package io.headroom.agent.source;

/**
 * What the rack's sensors said at one time. NaN where no sensor answered.
 *
 * @param fansTotal  fans reported by the BMCs
 * @param fansFailed fans whose health is not OK (or that report no speed while present)
 */
public record RackReading(long timeMillis, float inletC, float outletC, float powerKw, int fansTotal, int fansFailed) {}
