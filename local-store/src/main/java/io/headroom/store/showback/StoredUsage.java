package io.headroom.store.showback;

import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageQuery;
import io.headroom.core.showback.UsageRow;
import io.headroom.store.LocalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The last daily usage fetched from the agents, per grouping, kept in the profile's store for offline viewing. */
public final class StoredUsage {

    private final LocalStore store;

    public StoredUsage(LocalStore store) {
        this.store = store;
    }

    /**
     * Keeps an answer's days, replacing what was kept for them. Rows of one day and group from
     * several agents (no relay between) are summed first: one row per day and group is kept.
     */
    public void save(UsageAnswer answer, long fetchedMillis) throws SQLException {
        Map<String, UsageRow> merged = new LinkedHashMap<>();
        for (UsageRow row : answer.rows()) {
            merged.merge(row.periodStartMs() + "\u0000" + row.key(), row, StoredUsage::sum);
        }
        String grouping = answer.query().grouping().id();
        try (Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM showback_day WHERE grouping = ? AND day_millis >= ? AND day_millis < ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO showback_day VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, grouping);
                delete.setLong(2, answer.query().fromMs());
                delete.setLong(3, answer.query().toMs());
                delete.executeUpdate();
                for (UsageRow row : merged.values()) {
                    insert.setString(1, grouping);
                    insert.setLong(2, row.periodStartMs());
                    insert.setString(3, row.key());
                    insert.setInt(4, row.accelerators());
                    insert.setLong(5, row.busyS());
                    insert.setLong(6, row.heldIdleS());
                    insert.setLong(7, row.freeIdleS());
                    insert.setLong(8, row.drainedS());
                    insert.setLong(9, row.faultedS());
                    insert.setLong(10, row.unknownS());
                    insert.setLong(11, row.uncoveredS());
                    insert.setDouble(12, row.peakTflops());
                    insert.setLong(13, fetchedMillis);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The kept days of the query's range, and when the oldest of them was fetched (empty when none is kept). */
    public Kept read(UsageQuery query) throws SQLException {
        List<UsageRow> rows = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        try (Connection connection = store.connect();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT day_millis, group_key, accelerators, busy_s, held_idle_s, free_idle_s, drained_s,
                               faulted_s, unknown_s, uncovered_s, peak_tflops, fetched_millis
                        FROM showback_day WHERE grouping = ? AND day_millis >= ? AND day_millis < ?
                        ORDER BY day_millis, group_key""")) {
            select.setString(1, query.grouping().id());
            select.setLong(2, query.fromMs());
            select.setLong(3, query.toMs());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UsageRow(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getInt(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6),
                            rs.getLong(7),
                            rs.getLong(8),
                            rs.getLong(9),
                            rs.getLong(10),
                            rs.getDouble(11)));
                    oldest = Math.min(oldest, rs.getLong(12));
                }
            }
        }
        return new Kept(rows, rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(oldest));
    }

    /** Rows kept for a range, and when the oldest was fetched. */
    public record Kept(List<UsageRow> rows, OptionalLong fetchedMillis) {}

    private static UsageRow sum(UsageRow a, UsageRow b) {
        return new UsageRow(
                a.periodStartMs(),
                a.key(),
                a.accelerators() + b.accelerators(),
                a.busyS() + b.busyS(),
                a.heldIdleS() + b.heldIdleS(),
                a.freeIdleS() + b.freeIdleS(),
                a.drainedS() + b.drainedS(),
                a.faultedS() + b.faultedS(),
                a.unknownS() + b.unknownS(),
                a.uncoveredS() + b.uncoveredS(),
                a.peakTflops() + b.peakTflops());
    }
}
