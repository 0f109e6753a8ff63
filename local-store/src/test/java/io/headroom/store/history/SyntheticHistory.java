package io.headroom.store.history;

import io.headroom.core.idle.IdleState;
import io.headroom.store.LocalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes made-up history straight into the tables, in the real block format, for the
 * benchmark: days of it would take days to record. Hours and days get plausible per-GPU
 * figures (a day/night load curve, a third idle) and their group rows; minutes reuse a few
 * dozen encoded blocks, since H2 stores them uncompressed and only their size matters there.
 */
public final class SyntheticHistory {

    private final LocalStore store;
    private final int accelerators;
    private final Random random = new Random(42);

    public SyntheticHistory(LocalStore store, int accelerators) {
        this.store = store;
        this.accelerators = accelerators;
    }

    private int blocks() {
        return (accelerators + RollupBlock.SIZE - 1) / RollupBlock.SIZE;
    }

    /** Minute blocks for the {@code count} minutes starting at {@code firstMinute}, a transaction per hour. */
    public void minutes(int firstMinute, int count) throws SQLException {
        byte[][] variants = new byte[32][];
        for (int v = 0; v < variants.length; v++) {
            variants[v] = block(1, 0.5f + v / 64f).encode();
        }
        try (Connection c = store.connect();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO minute_block (period, block_no, data) VALUES (?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int m = 0; m < count; m++) {
                for (int b = 0; b < blocks(); b++) {
                    insert.setInt(1, firstMinute + m);
                    insert.setInt(2, b);
                    insert.setBytes(3, variants[random.nextInt(variants.length)]);
                    insert.addBatch();
                }
                insert.executeBatch();
                if (m % 60 == 59) {
                    c.commit();
                }
            }
            c.commit();
        }
    }

    /** Hour blocks and their group rows for {@code count} hours from {@code firstHour}, then their days. */
    public void hoursAndDays(int firstHour, int count, HistorySettings settings) throws SQLException {
        HistoryRollups rollups = new HistoryRollups(settings);
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            FleetGroups groups = FleetGroups.load(c);
            for (int h = firstHour; h < firstHour + count; h++) {
                // A day/night curve peaking in the afternoon (UTC+8), so heatmaps show a pattern.
                double hourOfDay = Math.floorMod(h + 8, 24);
                float load = (float) (0.55 + 0.3 * Math.sin((hourOfDay - 9) / 24 * 2 * Math.PI));
                Map<Integer, RollupBlock> blocks = new TreeMap<>();
                for (int b = 0; b < blocks(); b++) {
                    blocks.put(b, block(60, load));
                }
                write(c, "hour_block", h, blocks);
                GroupRows.write(c, RollupTier.HOUR, h, blocks, groups);
                c.commit();
            }
            int firstDay = rollups.dayOfHour(firstHour);
            int lastDay = rollups.dayOfHour(firstHour + count - 1);
            for (int d = firstDay; d <= lastDay; d++) {
                Map<Integer, RollupBlock> blocks = new TreeMap<>();
                for (int b = 0; b < blocks(); b++) {
                    blocks.put(b, block(1440, 0.55f));
                }
                write(c, "day_block", d, blocks);
                GroupRows.write(c, RollupTier.DAY, d, blocks, groups);
                c.commit();
            }
            try (PreparedStatement progress =
                    c.prepareStatement("MERGE INTO rollup_progress (tier, last_period) KEY (tier) VALUES (?, ?)")) {
                progress.setInt(1, RollupTier.HOUR.code);
                progress.setInt(2, firstHour + count - 1);
                progress.executeUpdate();
                progress.setInt(1, RollupTier.DAY.code);
                progress.setInt(2, lastDay);
                progress.executeUpdate();
            }
            c.commit();
        }
    }

    /** Rolls one hour up from its minutes the way the cache writer does, for timing. */
    public void rollUpHour(int hour) throws SQLException {
        try (Connection c = store.connect()) {
            new HistoryRollups(HistorySettings.DEFAULTS).rollUp(c, RollupTier.HOUR, hour);
        }
    }

    // history blocks store idle states as ordinals; this builds such a block directly
    @SuppressWarnings("EnumOrdinal")
    private RollupBlock block(int minutes, float load) {
        RollupBlock block = new RollupBlock();
        for (int e = 0; e < RollupBlock.SIZE; e++) {
            float busy = Math.min(1, Math.max(0, load + (float) random.nextGaussian() * 0.25f));
            float idle = 1 - busy;
            float utilization = busy * 85;
            block.set(
                    e,
                    minutes,
                    utilization,
                    idle,
                    idle * 0.3f,
                    120 + utilization * 6,
                    35 + utilization / 3,
                    (idle > 0.5 ? IdleState.FREE_IDLE : IdleState.BUSY).ordinal());
        }
        return block;
    }

    private static void write(Connection c, String table, int period, Map<Integer, RollupBlock> blocks)
            throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO " + table + " (period, block_no, data) VALUES (?, ?, ?)")) {
            for (Map.Entry<Integer, RollupBlock> e : blocks.entrySet()) {
                insert.setInt(1, period);
                insert.setInt(2, e.getKey());
                insert.setBytes(3, e.getValue().encode());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
