package io.headroom.store.alerts;

/**
 * One acknowledged alert as kept.
 *
 * @param key         the alert's kind and subject, e.g. {@code GPU_HOT:GPU-1234}
 * @param sinceMillis when the acknowledged occurrence was first seen
 * @param by          who acknowledged it
 * @param atMillis    when
 */
public record StoredAcknowledgement(String key, long sinceMillis, String by, long atMillis) {}
