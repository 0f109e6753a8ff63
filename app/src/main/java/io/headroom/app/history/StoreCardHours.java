package io.headroom.app.history;

import io.headroom.store.history.GroupBy;
import io.headroom.store.history.IdleCell;
import io.headroom.store.history.RollupQueries;
import io.headroom.views.overview.CardHourUtilization;
import io.headroom.views.overview.CardHours;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Card-hour utilization from the store's hourly rollups: GPU-hours that were not idle over
 * GPU-hours with data, summed over the halls, for today (since local midnight) and the last
 * seven days. Closed hours only: the current hour counts once it is rolled up. Drained and
 * faulted GPU-hours count as not idle, as the rollups keep them.
 */
public final class StoreCardHours implements CardHours {

    private final RollupQueries queries;
    private final ZoneId zone;

    public StoreCardHours(RollupQueries queries, ZoneId zone) {
        this.queries = queries;
        this.zone = zone;
    }

    @Override
    public CardHourUtilization at(Instant now) throws SQLException {
        Instant midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Instant weekStart =
                now.atZone(zone).toLocalDate().minusDays(6).atStartOfDay(zone).toInstant();
        List<IdleCell> week = queries.idleByHour(GroupBy.HALL, weekStart, now);
        return new CardHourUtilization(used(week, midnight), used(week, weekStart));
    }

    /** Used over online GPU-minutes in the cells starting at or after {@code from}; NaN without any. */
    private static double used(List<IdleCell> cells, Instant from) {
        double online = 0;
        double used = 0;
        for (IdleCell cell : cells) {
            if (!cell.start().isBefore(from)) {
                online += cell.coveredMinutes();
                used += cell.coveredMinutes() * (1 - cell.idleFraction());
            }
        }
        return online == 0 ? Double.NaN : used / online;
    }
}
