package io.headroom.core.fleet;

/** What the scheduler that owns a node (Slurm, Kubernetes, or the agent itself) says of it. */
public enum SchedulerState {
    UNKNOWN,
    /** Schedulable, nothing allocated. */
    IDLE,
    /** Every accelerator allocated. */
    ALLOCATED,
    /** Some accelerators allocated. */
    MIXED,
    /** No new work, but jobs are still running: draining is not drained. */
    DRAINING,
    /** No new work and no jobs left: safe to pull a card. */
    DRAINED,
    DOWN;

    private static final SchedulerState[] VALUES = values();

    public static SchedulerState ofOrdinal(int ordinal) {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : UNKNOWN;
    }
}
