package io.headroom.core.idle;

/** Exactly one of these holds for every GPU and MIG slice at any moment. */
public enum IdleState {
    /** Working: activity at or above the idle threshold, or below it for less than the idle window. */
    BUSY,
    /** Allocated by the scheduler but idle for the whole idle window: waste nobody else sees. */
    HELD_IDLE,
    /** Not allocated and idle: capacity anyone could use now. */
    FREE_IDLE,
    /** Taken out of service on purpose (drained, or draining with nothing left on it). */
    DRAINED,
    /** XID or ECC fault, fallen off the bus, or a node its scheduler marks down. */
    FAULTED,
    /** No sample within the stale window: never shown as live. */
    STALE;

    private static final IdleState[] VALUES = values();

    public static IdleState ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    public boolean isIdle() {
        return this == HELD_IDLE || this == FREE_IDLE;
    }
}
