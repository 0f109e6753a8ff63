package io.headroom.store.history;

import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.GroupPeriod;
import io.headroom.core.history.HistoryArchive;
import io.headroom.core.history.HistoryTier;
import io.headroom.store.LocalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local store as the backfill's archive: history received from an agent goes into the same
 * blocks and group rows the console rolls up from what it saw itself, so Idle by hour, the
 * card-hours and the sparklines read it without knowing where it came from.
 *
 * <p>Minutes go into {@code minute_block}; hours the console already rolled up are rolled up
 * again from them (same roll-up, same maths). Hours go into {@code hour_block} and
 * {@code group_hour}, replacing what the console kept of those hours in minutes (its own partial
 * minutes would otherwise be rolled up over the agent's whole hour). Days are rolled up again
 * from the hours in the store's day zone. Each period is one transaction that also records it
 * in {@code history_backfill}, so a cut-off backfill resumes and never counts a period twice.
 *
 * <p>Older hours come as group rows ({@link #writeGroups}): they go into {@code group_hour} only
 * (see {@link SourceGroupHours}), and their days are rolled up from those rows.
 */
public final class StoreHistoryArchive implements HistoryArchive {

    /** An hour the console kept itself counts as whole when this share of its GPUs' minutes is there. */
    private static final double WHOLE = 0.95;

    private final LocalStore store;
    private final HistoryRollups rollups;
    private Map<String, Integer> accelNos = Map.of();
    private FleetGroups groups;
    private final GroupNumbers groupNumbers = new GroupNumbers();

    public StoreHistoryArchive(LocalStore store, HistorySettings settings) {
        this.store = store;
        this.rollups = new HistoryRollups(settings);
    }

    @Override
    public synchronized long[] missing(String source, HistoryTier tier, long fromPeriod, long toPeriod)
            throws ArchiveException {
        if (toPeriod <= fromPeriod) {
            return new long[0];
        }
        boolean[] have = new boolean[(int) (toPeriod - fromPeriod)];
        try (Connection c = store.connect()) {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT period FROM history_backfill WHERE source = ? AND tier IN (?, ?) AND period >= ? AND period < ?")) {
                s.setString(1, source);
                s.setInt(2, code(tier));
                // An hour received per GPU has its groups too.
                s.setInt(3, code(tier == HistoryTier.GROUP_HOUR ? HistoryTier.HOUR : tier));
                s.setLong(4, fromPeriod);
                s.setLong(5, toPeriod);
                mark(s, have, fromPeriod);
            }
            if (tier == HistoryTier.MINUTE) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT DISTINCT period FROM minute_block WHERE period >= ? AND period < ?")) {
                    s.setLong(1, fromPeriod);
                    s.setLong(2, toPeriod);
                    mark(s, have, fromPeriod);
                }
            } else {
                keptWhole(c, have, fromPeriod, toPeriod);
            }
        } catch (SQLException e) {
            throw new ArchiveException("could not read which history the local store has: " + e.getMessage(), e);
        }
        long[] missing = new long[have.length];
        int n = 0;
        for (int i = 0; i < have.length; i++) {
            if (!have[i]) {
                missing[n++] = fromPeriod + i;
            }
        }
        return Arrays.copyOf(missing, n);
    }

    /** Hours whose per-hall rows show (nearly) every minute of every GPU with data: the console was there. */
    private static void keptWhole(Connection c, boolean[] have, long fromPeriod, long toPeriod) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT period, data FROM group_hour WHERE kind = ? AND period >= ? AND period < ?")) {
            s.setInt(1, GroupBy.HALL.code());
            s.setLong(2, fromPeriod);
            s.setLong(3, toPeriod);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long accelerators = 0;
                    long minutes = 0;
                    for (GroupRows.Entry e : GroupRows.decode(rs.getBytes(2))) {
                        accelerators += e.accelerators();
                        minutes += e.coveredMinutes();
                    }
                    if (accelerators > 0 && minutes >= WHOLE * 60 * accelerators) {
                        have[(int) (rs.getLong(1) - fromPeriod)] = true;
                    }
                }
            }
        }
    }

    private static void mark(PreparedStatement s, boolean[] have, long fromPeriod) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                have[(int) (rs.getLong(1) - fromPeriod)] = true;
            }
        }
    }

    @Override
    public synchronized int write(String source, HistoryTier tier, long period, List<AcceleratorPeriod> rows)
            throws ArchiveException {
        try (Connection c = store.connect()) {
            int[] numbers = numbersOf(c, rows);
            int unknown = numbers[rows.size()];
            if (unknown > 0 && unknown == rows.size()) {
                return unknown; // the inventory is not stored yet: nothing written, nothing recorded
            }
            c.setAutoCommit(false);
            try {
                String table = tier == HistoryTier.MINUTE ? "minute_block" : "hour_block";
                Map<Integer, RollupBlock> blocks = existingBlocks(c, table, period);
                for (AcceleratorPeriod row : rows) {
                    Integer no = accelNos.get(row.uuid());
                    if (no != null) {
                        AgentPeriods.put(
                                blocks.computeIfAbsent(RollupBlock.blockOf(no), b -> new RollupBlock()),
                                no % RollupBlock.SIZE,
                                tier,
                                row);
                    }
                }
                writeBlocks(c, table, period, blocks);
                if (tier == HistoryTier.HOUR) {
                    GroupRows.write(c, RollupTier.HOUR, (int) period, blocks, groups);
                    try (PreparedStatement d =
                            c.prepareStatement("DELETE FROM minute_block WHERE period >= ? AND period < ?")) {
                        d.setLong(1, period * 60);
                        d.setLong(2, (period + 1) * 60);
                        d.executeUpdate();
                    }
                }
                record(c, source, tier, period);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return unknown;
        } catch (SQLException e) {
            throw new ArchiveException(
                    "could not store the " + tier.name().toLowerCase(java.util.Locale.ROOT) + " " + period + " from "
                            + source + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public synchronized int writeGroups(String source, long hour, List<GroupPeriod> rows) throws ArchiveException {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                int leftOut = SourceGroupHours.write(c, groupNumbers, source, (int) hour, rows);
                // The console's own minutes of the hour would otherwise be rolled up over the source's whole hour.
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM minute_block WHERE period >= ? AND period < ?")) {
                    d.setLong(1, hour * 60);
                    d.setLong(2, (hour + 1) * 60);
                    d.executeUpdate();
                }
                record(c, source, HistoryTier.GROUP_HOUR, hour);
                c.commit();
                return leftOut;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                groupNumbers.forget();
                throw e;
            }
        } catch (SQLException e) {
            throw new ArchiveException(
                    "could not store the group rows of hour " + hour + " from " + source + ": " + e.getMessage(), e);
        }
    }

    private static void record(Connection c, String source, HistoryTier tier, long period) throws SQLException {
        try (PreparedStatement m = c.prepareStatement(
                "MERGE INTO history_backfill (source, tier, period) KEY (source, tier, period) VALUES (?, ?, ?)")) {
            m.setString(1, source);
            m.setInt(2, code(tier));
            m.setLong(3, period);
            m.executeUpdate();
        }
    }

    @Override
    public synchronized void settle(String source, HistoryTier tier, long fromPeriod, long toPeriod)
            throws ArchiveException {
        long nowHour = Math.floorDiv(store.clock().millis(), 3_600_000L);
        try (Connection c = store.connect()) {
            long firstHour = tier == HistoryTier.MINUTE ? Math.floorDiv(fromPeriod, 60) : fromPeriod;
            long endHour = tier == HistoryTier.MINUTE ? Math.ceilDiv(toPeriod, 60) : toPeriod;
            if (tier == HistoryTier.MINUTE) {
                // Hours the roll-up has passed get their filled-in minutes now; later ones it rolls up itself.
                Integer hoursDone = HistoryRollups.progress(c, RollupTier.HOUR);
                for (long h = firstHour; h < endHour && h < nowHour; h++) {
                    if (hoursDone != null && h <= hoursDone) {
                        rollups.reroll(c, RollupTier.HOUR, (int) h);
                    }
                }
            }
            long today = rollups.dayOfHour(nowHour);
            for (long d = rollups.dayOfHour(firstHour); d <= rollups.dayOfHour(endHour - 1) && d < today; d++) {
                rollups.reroll(c, RollupTier.DAY, (int) d);
            }
        } catch (SQLException e) {
            throw new ArchiveException(
                    "could not roll up the history filled in from " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rows' accelerator numbers (-1 where the stored inventory has none), reading the
     * inventory again once when some are missing (the fleet grew, or this is the first write).
     */
    private int[] numbersOf(Connection c, List<AcceleratorPeriod> rows) throws SQLException {
        int[] numbers = lookUp(rows);
        if (groups == null || (rows.size() > 0 && numbers[rows.size()] > 0)) {
            Map<String, Integer> known = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT uuid, accel_no FROM accelerator")) {
                while (rs.next()) {
                    known.put(rs.getString(1), rs.getInt(2));
                }
            }
            accelNos = known;
            c.setAutoCommit(false);
            groups = FleetGroups.load(c); // may name new groups: its own transaction
            c.commit();
            c.setAutoCommit(true);
            numbers = lookUp(rows);
        }
        return numbers;
    }

    /** One look-up per row; the count of unknown ones goes in the last place. */
    private int[] lookUp(List<AcceleratorPeriod> rows) {
        int[] numbers = new int[rows.size() + 1];
        int unknown = 0;
        for (int i = 0; i < rows.size(); i++) {
            Integer no = accelNos.get(rows.get(i).uuid());
            numbers[i] = no == null ? -1 : no;
            if (no == null) {
                unknown++;
            }
        }
        numbers[rows.size()] = unknown;
        return numbers;
    }

    private static Map<Integer, RollupBlock> existingBlocks(Connection c, String table, long period)
            throws SQLException {
        Map<Integer, RollupBlock> blocks = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT block_no, data FROM " + table + " WHERE period = ?")) {
            s.setLong(1, period);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    blocks.put(rs.getInt(1), RollupBlock.decode(rs.getBytes(2)));
                }
            }
        }
        return blocks;
    }

    private static void writeBlocks(Connection c, String table, long period, Map<Integer, RollupBlock> blocks)
            throws SQLException {
        try (PreparedStatement merge = c.prepareStatement(
                "MERGE INTO " + table + " (period, block_no, data) KEY (period, block_no) VALUES (?, ?, ?)")) {
            for (Map.Entry<Integer, RollupBlock> e : blocks.entrySet()) {
                merge.setLong(1, period);
                merge.setInt(2, e.getKey());
                merge.setBytes(3, e.getValue().encode());
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    // the tier number stored is its declaration order, fixed by the table's migration
    @SuppressWarnings("EnumOrdinal")
    private static int code(HistoryTier tier) {
        return tier.ordinal() + 1;
    }
}
