package io.headroom.agent.simulated;

import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.workloads.WorkloadBook;

/**
 * Keeps the agent's {@link WorkloadBook} up with the simulated jobs: after each tick, and after an
 * operation that ends a job, but only when the jobs changed (describing 10,000 of them is not free).
 */
public final class SimulatedWorkloads {

    /** The one scope the simulator reports under: it is the scheduler of every node. */
    public static final String SCOPE = "simulator";

    private final FleetSimulator simulator;
    private final WorkloadBook book;
    private long fed = -1;

    public SimulatedWorkloads(FleetSimulator simulator, WorkloadBook book) {
        this.simulator = simulator;
        this.book = book;
    }

    public WorkloadBook book() {
        return book;
    }

    /** Hands the book the simulated jobs when they changed since the last time. */
    public synchronized void refresh() {
        long changes = simulator.jobChanges();
        if (changes != fed) {
            // Read after the count: at worst a change in between is described now and again next time.
            book.replace(SCOPE, simulator.workloads());
            fed = changes;
        }
    }
}
