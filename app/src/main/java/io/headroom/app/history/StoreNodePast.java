package io.headroom.app.history;

import io.headroom.core.history.PastMinutes;
import io.headroom.store.history.MinuteReadings;
import io.headroom.views.node.NodePast;
import java.sql.SQLException;
import java.util.List;

/**
 * A server page's recent minutes from the local store: what the console rolled up itself and
 * what the backfill brought from the agents (the open hour's minutes), alike.
 */
public final class StoreNodePast implements NodePast {

    private final MinuteReadings readings;

    public StoreNodePast(MinuteReadings readings) {
        this.readings = readings;
    }

    @Override
    public PastMinutes minutes(List<String> uuids, long fromMinute, long toMinute) throws SQLException {
        return readings.read(uuids, fromMinute, toMinute);
    }
}
