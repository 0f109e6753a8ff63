package io.headroom.store.history;

import io.headroom.core.history.PastMinutes;
import io.headroom.store.LocalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the server page's sparklines start from: the minutes the store keeps of one node's GPUs
 * and slices, whether the console rolled them up from what it saw or the backfill brought them
 * from an agent. Reads only the blocks that hold those accelerators (one or two per minute for a
 * node), so 15 minutes are a handful of rows whatever the size of the fleet.
 */
public final class MinuteReadings {

    private final LocalStore store;

    public MinuteReadings(LocalStore store) {
        this.store = store;
    }

    /**
     * The minutes [fromMinute, toMinute) (counted from the epoch) of these accelerators; those the
     * store does not know, and minutes it kept nothing of, stay unknown.
     */
    public PastMinutes read(List<String> uuids, long fromMinute, long toMinute) throws SQLException {
        int minutes = (int) Math.max(0, Math.min(toMinute - fromMinute, Integer.MAX_VALUE));
        PastMinutes past = new PastMinutes(fromMinute, minutes, uuids);
        if (minutes == 0 || uuids.isEmpty()) {
            return past;
        }
        try (Connection c = store.connect()) {
            Map<Integer, Integer> indexOfNo = numbers(c, uuids);
            TreeSet<Integer> blockNos = new TreeSet<>();
            indexOfNo.keySet().forEach(no -> blockNos.add(RollupBlock.blockOf(no)));
            for (int blockNo : blockNos) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT period, data FROM minute_block WHERE block_no = ? AND period >= ? AND period < ?")) {
                    s.setInt(1, blockNo);
                    s.setLong(2, fromMinute);
                    s.setLong(3, fromMinute + minutes);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            put(past, rs.getLong(1), RollupBlock.decode(rs.getBytes(2)), blockNo, indexOfNo);
                        }
                    }
                }
            }
        }
        return past;
    }

    /** Accelerator number to its index in {@code uuids}, for those the stored inventory knows. */
    private static Map<Integer, Integer> numbers(Connection c, List<String> uuids) throws SQLException {
        Map<Integer, Integer> indexOfNo = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT accel_no FROM accelerator WHERE uuid = ?")) {
            for (int i = 0; i < uuids.size(); i++) {
                s.setString(1, uuids.get(i));
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        indexOfNo.put(rs.getInt(1), i);
                    }
                }
            }
        }
        return indexOfNo;
    }

    private static void put(
            PastMinutes past, long minute, RollupBlock block, int blockNo, Map<Integer, Integer> indexOfNo) {
        for (Map.Entry<Integer, Integer> e : indexOfNo.entrySet()) {
            int no = e.getKey();
            if (RollupBlock.blockOf(no) != blockNo) {
                continue;
            }
            int entry = no % RollupBlock.SIZE;
            if (block.covered(entry) > 0) {
                past.put(e.getValue(), minute, block.utilizationPct(entry), block.powerW(entry), block.maxTempC(entry));
            }
        }
    }
}
