package io.headroom.store.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolls closed hours up from their minutes and closed days up from their hours, per
 * accelerator and per hall, rack, pool and tenant, then forgets what is past its retention.
 *
 * <p>Each period is rolled up in one transaction that also records it in
 * {@code rollup_progress}, and a rollup replaces whatever an earlier, interrupted attempt
 * left. So a crash at any point costs a redo, never a period counted twice, and a console
 * that was off for a week catches up one period per call.
 */
public final class HistoryRollups {

    private static final int DELETE_CHUNK = 500;

    private final HistorySettings settings;
    private long retainedAtHour = Long.MIN_VALUE;

    public HistoryRollups(HistorySettings settings) {
        this.settings = settings;
    }

    /**
     * Rolls up at most one closed hour and one closed day, then applies retention once an
     * hour. Runs its own transactions on {@code connection}, which must be in auto-commit mode.
     *
     * @return whether anything was rolled up
     */
    public boolean rollUpDue(Connection connection, long nowMillis) throws SQLException {
        long currentHour = Math.floorDiv(nowMillis, 3_600_000L);
        boolean did = false;
        Integer nextMinute = nextUnrolled(connection, RollupTier.HOUR);
        if (nextMinute != null && Math.floorDiv(nextMinute, 60) < currentHour) {
            rollUp(connection, RollupTier.HOUR, Math.floorDiv(nextMinute, 60));
            nextMinute = nextUnrolled(connection, RollupTier.HOUR);
            did = true;
        }
        Integer nextHour = nextUnrolled(connection, RollupTier.DAY);
        if (nextHour != null) {
            int day = dayOfHour(nextHour);
            int end = firstHourOf(day + 1);
            boolean hoursDone = nextMinute == null || Math.floorDiv(nextMinute, 60) >= end;
            if (currentHour >= end && hoursDone) {
                rollUp(connection, RollupTier.DAY, day);
                did = true;
            }
        }
        if (did || currentHour != retainedAtHour) {
            applyRetention(connection, nowMillis);
            retainedAtHour = currentHour;
        }
        return did;
    }

    /** The first finer period not yet rolled up into {@code tier}, or null when there is none. */
    private Integer nextUnrolled(Connection connection, RollupTier tier) throws SQLException {
        Integer last = progress(connection, tier);
        long from = last == null ? Integer.MIN_VALUE : firstFinerOf(tier, last + 1);
        try (PreparedStatement s =
                connection.prepareStatement("SELECT MIN(period) FROM " + tier.finerTable + " WHERE period >= ?")) {
            s.setLong(1, from);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                int value = rs.getInt(1);
                return rs.wasNull() ? null : value;
            }
        }
    }

    static Integer progress(Connection connection, RollupTier tier) throws SQLException {
        try (PreparedStatement s =
                connection.prepareStatement("SELECT last_period FROM rollup_progress WHERE tier = ?")) {
            s.setInt(1, tier.code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /** Recomputes one hour or day from scratch and records it as done, in one transaction. */
    void rollUp(Connection connection, RollupTier tier, int period) throws SQLException {
        rollUp(connection, tier, period, true);
    }

    /**
     * Recomputes one hour or day that is already past the roll-up's progress (history filled in
     * behind it), leaving the progress where it is.
     */
    void reroll(Connection connection, RollupTier tier, int period) throws SQLException {
        rollUp(connection, tier, period, false);
    }

    private void rollUp(Connection connection, RollupTier tier, int period, boolean recordProgress)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            Map<Integer, BlockSums> sums = new TreeMap<>();
            try (PreparedStatement s = connection.prepareStatement("SELECT block_no, data FROM " + tier.finerTable
                    + " WHERE period >= ? AND period < ? ORDER BY period, block_no")) {
                s.setInt(1, firstFinerOf(tier, period));
                s.setInt(2, firstFinerOf(tier, period + 1));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sums.computeIfAbsent(rs.getInt(1), b -> new BlockSums())
                                .add(RollupBlock.decode(rs.getBytes(2)));
                    }
                }
            }
            Map<Integer, RollupBlock> blocks = new TreeMap<>();
            sums.forEach((blockNo, sum) -> blocks.put(blockNo, sum.toBlock()));
            writeBlocks(connection, tier, period, blocks);
            if (tier == RollupTier.HOUR) {
                GroupRows.write(connection, tier, period, blocks, FleetGroups.load(connection));
            } else {
                // From the hours' group rows: hours filled in as groups have no per-GPU block.
                GroupDays.write(connection, period, firstFinerOf(tier, period), firstFinerOf(tier, period + 1));
            }
            if (recordProgress) {
                try (PreparedStatement s = connection.prepareStatement(
                        "MERGE INTO rollup_progress (tier, last_period) KEY (tier) VALUES (?, ?)")) {
                    s.setInt(1, tier.code);
                    s.setInt(2, period);
                    s.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void writeBlocks(
            Connection connection, RollupTier tier, int period, Map<Integer, RollupBlock> blocks) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM " + tier.table + " WHERE period = ?")) {
            delete.setInt(1, period);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + tier.table + " (period, block_no, data) VALUES (?, ?, ?)")) {
            for (Map.Entry<Integer, RollupBlock> e : blocks.entrySet()) {
                insert.setInt(1, period);
                insert.setInt(2, e.getKey());
                insert.setBytes(3, e.getValue().encode());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void applyRetention(Connection connection, long nowMillis) throws SQLException {
        Integer hoursDone = progress(connection, RollupTier.HOUR);
        Integer daysDone = progress(connection, RollupTier.DAY);
        long nowMinute = Math.floorDiv(nowMillis, 60_000L);
        long nowHour = Math.floorDiv(nowMillis, 3_600_000L);
        long today = dayOfHour(nowHour);
        // Never forget a finer period that has not been rolled up yet.
        long minutes = Math.min(
                nowMinute - settings.keepMinutes().toMinutes(),
                hoursDone == null ? Long.MIN_VALUE : (hoursDone + 1L) * 60);
        long hours = nowHour - settings.keepHours().toHours();
        long hourBlocks = Math.min(hours, daysDone == null ? Long.MIN_VALUE : firstHourOf(daysDone + 1));
        long days = today - settings.keepDays().toDays();
        deleteBefore(connection, "minute_block", minutes);
        deleteBefore(connection, "hour_block", hourBlocks);
        deleteBefore(connection, "group_hour", hours);
        deleteBefore(connection, "group_hour_source", hours);
        deleteBefore(connection, "day_block", days);
        deleteBefore(connection, "group_day", days);
    }

    /** In small transactions: H2 keeps every deleted row in its undo log until commit. */
    private static void deleteBefore(Connection connection, String table, long period) throws SQLException {
        if (period <= Integer.MIN_VALUE) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + table + " WHERE period < ? FETCH FIRST " + DELETE_CHUNK + " ROWS ONLY")) {
            delete.setLong(1, period);
            int deleted;
            do {
                deleted = delete.executeUpdate(); // auto-commit: each chunk is its own transaction
            } while (deleted == DELETE_CHUNK);
        }
    }

    private int firstFinerOf(RollupTier tier, int period) {
        return tier == RollupTier.HOUR ? period * 60 : firstHourOf(period);
    }

    /** The first hour whose start falls on {@code day} (days since the epoch in the day zone). */
    int firstHourOf(long day) {
        long start = LocalDate.ofEpochDay(day).atStartOfDay(settings.dayZone()).toEpochSecond();
        return (int) Math.ceilDiv(start, 3600L);
    }

    int dayOfHour(long hour) {
        return (int) LocalDate.ofInstant(Instant.ofEpochSecond(hour * 3600L), settings.dayZone())
                .toEpochDay();
    }
}
