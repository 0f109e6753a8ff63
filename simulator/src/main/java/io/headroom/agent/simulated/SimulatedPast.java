package io.headroom.agent.simulated;

import io.headroom.agent.history.AcceleratorPast;
import io.headroom.agent.history.AcceleratorRow;
import io.headroom.agent.history.HistoryQuery;
import io.headroom.agent.history.PeriodCursor;
import io.headroom.agent.simulator.FleetPast;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryRow;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated fleet's modelled past as an {@link AcceleratorPast}, so that the agents' own
 * grouping ({@link io.headroom.agent.history.PastHistory}) answers it by node, rack, hall, pool,
 * tenant, account, user, model or vendor: one idle maths for a real agent's past and the
 * simulator's. For owner groupings each whole GPU's row carries who held it
 * ({@link FleetPast#holder}) for its busy and held-idle seconds; its free, drained and faulted
 * time is nobody's. Other groupings skip working that out.
 */
final class SimulatedPast implements AcceleratorPast {

    private final FleetPast past;
    private final InstantSource clock;
    private final boolean withOwners;

    /** @param withOwners whether rows say who held each GPU (for tenant, account and user groupings) */
    SimulatedPast(FleetPast past, InstantSource clock, boolean withOwners) {
        this.past = past;
        this.clock = clock;
        this.withOwners = withOwners;
    }

    @Override
    public PeriodCursor open(HistoryQuery query) {
        var rows = new PastRows(
                past, query.fromMs(), query.toMs(), query.resolution(), query.hostnames(), clock.millis(), withOwners);
        return new PeriodCursor() {
            private AcceleratorRow pending;

            @Override
            public List<AcceleratorRow> next() {
                List<AcceleratorRow> period = new ArrayList<>();
                if (pending != null) {
                    period.add(pending);
                    pending = null;
                }
                HistoryRow[] one = new HistoryRow[1];
                while (!rows.done() && rows.next(1, row -> one[0] = row) == 1) {
                    var row = new AcceleratorRow(one[0], rows.owners());
                    if (!period.isEmpty()
                            && one[0].getPeriodStartMs()
                                    != period.getFirst().row().getPeriodStartMs()) {
                        pending = row;
                        return period;
                    }
                    period.add(row);
                }
                return period.isEmpty() ? null : period;
            }

            @Override
            public List<HistoryGap> gaps() {
                // Time before the model's start is in each row's uncovered seconds, not a gap.
                return List.of();
            }

            @Override
            public void close() {}
        };
    }
}
