package io.headroom.app.history;

import io.headroom.store.history.GroupBy;
import io.headroom.store.history.IdleCell;
import io.headroom.store.history.RollupQueries;
import io.headroom.views.history.Grouping;
import io.headroom.views.history.IdleHistory;
import io.headroom.views.history.IdleHour;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The "Idle by hour" page's history: the store's hourly rollups per rack, pool, tenant or hall. */
public final class StoreIdleHistory implements IdleHistory {

    private final RollupQueries queries;

    public StoreIdleHistory(RollupQueries queries) {
        this.queries = queries;
    }

    @Override
    public List<IdleHour> idleByHour(Grouping by, Instant from, Instant to) throws SQLException {
        return queries.idleByHour(groupBy(by), from, to).stream()
                .map(StoreIdleHistory::hour)
                .toList();
    }

    static GroupBy groupBy(Grouping by) {
        return switch (by) {
            case RACK -> GroupBy.RACK;
            case POOL -> GroupBy.POOL;
            case TENANT -> GroupBy.TENANT;
            case HALL -> GroupBy.HALL;
        };
    }

    private static IdleHour hour(IdleCell cell) {
        return new IdleHour(
                cell.group(), cell.start(), cell.idleFraction(), cell.heldIdleFraction(), cell.accelerators());
    }
}
