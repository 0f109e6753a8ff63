package io.headroom.store.history;

import io.headroom.store.LocalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the temporal heatmaps ask: idle capacity per hall, rack, pool or tenant, per hour
 * or per day, over a range. Reads the per-group rollups only, one packed row per hour, so a
 * week of a 100,000-GPU fleet's racks answers in a fraction of a second (see docs/benchmarks/local-store.md).
 * The current, unfinished hour is not there yet: it is rolled up once it closes.
 */
public final class RollupQueries {

    private final LocalStore store;
    private final ZoneId dayZone;

    public RollupQueries(LocalStore store, ZoneId dayZone) {
        this.store = store;
        this.dayZone = dayZone;
    }

    /** Cells for every group with data, for the hours starting in [from, to), ordered by group then hour. */
    public List<IdleCell> idleByHour(GroupBy by, Instant from, Instant to) throws SQLException {
        int first = (int) Math.floorDiv(from.getEpochSecond(), 3600L);
        int end = (int) Math.ceilDiv(to.getEpochSecond(), 3600L);
        return query("group_hour", by, first, end, period -> Instant.ofEpochSecond(period * 3600L));
    }

    /** Cells for the days [from, to) of the day zone, ordered by group then day. */
    public List<IdleCell> idleByDay(GroupBy by, LocalDate from, LocalDate to) throws SQLException {
        return query(
                "group_day",
                by,
                (int) from.toEpochDay(),
                (int) to.toEpochDay(),
                period -> LocalDate.ofEpochDay(period).atStartOfDay(dayZone).toInstant());
    }

    private interface PeriodStart {
        Instant of(long period);
    }

    private List<IdleCell> query(String table, GroupBy by, int first, int end, PeriodStart start) throws SQLException {
        Map<Integer, List<IdleCell>> byGroup = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        try (Connection c = store.connect()) {
            try (PreparedStatement s = c.prepareStatement("SELECT group_no, name FROM fleet_group WHERE kind = ?")) {
                s.setInt(1, by.code());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        names.put(rs.getInt(1), rs.getString(2));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT period, data FROM " + table
                    + " WHERE kind = ? AND period >= ? AND period < ? ORDER BY period")) {
                s.setInt(1, by.code());
                s.setInt(2, first);
                s.setInt(3, end);
                // In period order, so each group's list is in time order.
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Instant at = start.of(rs.getInt(1));
                        for (GroupRows.Entry e : GroupRows.decode(rs.getBytes(2))) {
                            double share = e.coveredMinutes() == 0 ? 0 : 1.0 / e.coveredMinutes();
                            byGroup.computeIfAbsent(e.groupNo(), g -> new ArrayList<>())
                                    .add(new IdleCell(
                                            names.getOrDefault(e.groupNo(), "#" + e.groupNo()),
                                            at,
                                            e.idleMinutes() * share,
                                            e.heldMinutes() * share,
                                            e.utilizationPct(),
                                            e.accelerators(),
                                            e.coveredMinutes(),
                                            e.powerW(),
                                            e.maxTempC()));
                        }
                    }
                }
            }
        }
        List<Integer> groups = new ArrayList<>(byGroup.keySet());
        groups.sort(Comparator.comparing(g -> names.getOrDefault(g, "#" + g)));
        List<IdleCell> cells = new ArrayList<>();
        groups.forEach(g -> cells.addAll(byGroup.get(g)));
        return cells;
    }
}
