package io.headroom.agent.node;

import io.headroom.core.fleet.SchedulerState;

/**
 * What the scheduler that owns this node says of it now, for the inventory and every sample:
 * its state, generation, pool and tenant. Read once per tick, so it must answer at once.
 */
public interface SchedulerView {

    /**
     * What the scheduler says about this node now.
     *
     * @param pool       null to keep the configured pool
     * @param tenant     null to keep the configured tenant
     * @param allocation the GPUs the scheduler has given to jobs
     */
    record Status(SchedulerState state, long generation, String pool, String tenant, GpuAllocation allocation) {

        /** The same node for the inventory: allocation changes go into samples, not a new inventory. */
        boolean sameNode(Status other) {
            return state == other.state
                    && generation == other.generation
                    && java.util.Objects.equals(pool, other.pool)
                    && java.util.Objects.equals(tenant, other.tenant);
        }
    }

    Status now();

    /** No scheduler: the state given, generation 1, the configured pool and tenant. */
    static SchedulerView fixed(SchedulerState state) {
        Status status = new Status(state, 1, null, null, GpuAllocation.NONE);
        return () -> status;
    }
}
