package io.headroom.agent.history;

import java.io.IOException;

/**
 * Where per-accelerator history comes from: a node agent's history files, or a modelled past
 * (the simulator). {@link PastHistory} turns one into a {@link FleetHistory} with every grouping
 * and chunking; a source only yields rows.
 */
public interface AcceleratorPast {

    /** A cursor over the query's periods, oldest first. */
    PeriodCursor open(HistoryQuery query) throws IOException;
}
