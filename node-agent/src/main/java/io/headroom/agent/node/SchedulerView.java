package io.headroom.agent.node;

import io.headroom.core.fleet.SchedulerState;

/**
 * What the scheduler that owns this node says of it now, for the inventory and every sample:
 * its state, generation, pool and tenant. Read once per tick, so it must answer at once.
 */
public interface SchedulerView {

    /**
     * @param pool   null to keep the configured pool
     * @param tenant null to keep the configured tenant
     */
    record Status(SchedulerState state, long generation, String pool, String tenant) {}

    Status now();

    /** No scheduler: the state given, generation 1, the configured pool and tenant. */
    static SchedulerView fixed(SchedulerState state) {
        Status status = new Status(state, 1, null, null);
        return () -> status;
    }
}
