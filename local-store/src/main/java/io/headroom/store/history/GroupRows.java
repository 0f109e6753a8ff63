package io.headroom.store.history;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums one period's accelerator blocks by hall, rack, pool and tenant, and packs each kind's
 * groups into one row: per group its number, GPUs with data, covered minutes, idle and
 * held-idle minutes, mean utilization, summed mean power and hottest temperature (NaN for
 * "not measured"), 32 bytes.
 */
final class GroupRows {

    static final int ENTRY_BYTES = 32;

    private GroupRows() {}

    /** One group's figures for one period, as stored. */
    record Entry(
            int groupNo,
            int accelerators,
            int coveredMinutes,
            float idleMinutes,
            float heldMinutes,
            float utilizationPct,
            float powerW,
            float maxTempC) {}

    private static final class Sums {
        int accelerators;
        long covered;
        double idle;
        double held;
        double utilization;
        long utilizationMinutes;
        double power;
        boolean powerKnown;
        float maxTemp = Float.NaN;
    }

    static void write(
            Connection connection, RollupTier tier, int period, Map<Integer, RollupBlock> blocks, FleetGroups groups)
            throws SQLException {
        List<Map<Integer, Sums>> byKind = sum(blocks, groups);
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO " + tier.groupTable + " (kind, period, data) KEY (kind, period) VALUES (?, ?, ?)")) {
            for (GroupBy by : GroupBy.ALL) {
                Map<Integer, Sums> sums = byKind.get(by.code());
                ByteBuffer data = ByteBuffer.allocate(sums.size() * ENTRY_BYTES);
                sums.forEach((group, s) -> data.putInt(group)
                        .putInt(s.accelerators)
                        .putInt((int) Math.min(s.covered, Integer.MAX_VALUE))
                        .putFloat((float) s.idle)
                        .putFloat((float) s.held)
                        .putFloat(
                                s.utilizationMinutes == 0 ? Float.NaN : (float) (s.utilization / s.utilizationMinutes))
                        .putFloat(s.powerKnown ? (float) s.power : Float.NaN)
                        .putFloat(s.maxTemp));
                merge.setInt(1, by.code());
                merge.setInt(2, period);
                merge.setBytes(3, data.array());
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    static Entry[] decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        Entry[] entries = new Entry[data.length / ENTRY_BYTES];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = new Entry(
                    in.getInt(),
                    in.getInt(),
                    in.getInt(),
                    in.getFloat(),
                    in.getFloat(),
                    in.getFloat(),
                    in.getFloat(),
                    in.getFloat());
        }
        return entries;
    }

    private static List<Map<Integer, Sums>> sum(Map<Integer, RollupBlock> blocks, FleetGroups groups) {
        List<Map<Integer, Sums>> byKind = new ArrayList<>();
        for (int k = 0; k < GroupBy.ALL.length; k++) {
            byKind.add(new HashMap<>());
        }
        for (Map.Entry<Integer, RollupBlock> entry : blocks.entrySet()) {
            RollupBlock block = entry.getValue();
            int base = entry.getKey() * RollupBlock.SIZE;
            for (int e = 0; e < RollupBlock.SIZE; e++) {
                int minutes = block.covered(e);
                if (minutes == 0) {
                    continue;
                }
                for (GroupBy by : GroupBy.ALL) {
                    int group = groups.groupOf(by, base + e);
                    if (group != FleetGroups.NO_GROUP) {
                        add(byKind.get(by.code()).computeIfAbsent(group, g -> new Sums()), block, e, minutes);
                    }
                }
            }
        }
        return byKind;
    }

    private static void add(Sums s, RollupBlock block, int e, int minutes) {
        s.accelerators++;
        s.covered += minutes;
        s.idle += block.idleShare(e) * minutes;
        s.held += block.heldShare(e) * minutes;
        float u = block.utilizationPct(e);
        if (!Float.isNaN(u)) {
            s.utilization += u * minutes;
            s.utilizationMinutes += minutes;
        }
        float p = block.powerW(e);
        if (!Float.isNaN(p)) {
            s.power += p;
            s.powerKnown = true;
        }
        float t = block.maxTempC(e);
        if (!Float.isNaN(t) && (Float.isNaN(s.maxTemp) || t > s.maxTemp)) {
            s.maxTemp = t;
        }
    }
}
