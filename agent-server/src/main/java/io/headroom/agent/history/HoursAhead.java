package io.headroom.agent.history;

import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryRow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closed hours grouped the shared ways (hall, rack, pool, tenant) before anybody asked: what a
 * simulator that models a whole site's month in one process makes at start, so that a console's
 * backfill is answered as a real site's agents answer it, each from the few GPU-hours of its own
 * node's file, rather than by modelling 72 M GPU-hours on the caller's clock. Closed hours never
 * change, so what is kept here is never stale.
 */
final class HoursAhead {

    private final Map<Long, Map<HistoryGrouping, List<HistoryRow>>> hours = new ConcurrentHashMap<>();

    void put(long hourStartMs, Map<HistoryGrouping, List<HistoryRow>> rows) {
        hours.put(hourStartMs, Map.copyOf(rows));
    }

    /** The hour's rows of {@code grouping}, or null when that hour was not made ahead. */
    List<HistoryRow> rows(long hourStartMs, HistoryGrouping grouping) {
        var hour = hours.get(hourStartMs);
        return hour == null ? null : hour.getOrDefault(grouping, List.of());
    }

    int size() {
        return hours.size();
    }
}
