package io.headroom.store.history;

import io.headroom.core.history.GroupKind;
import io.headroom.core.history.GroupPeriod;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One hour of group rows from one agent or relay, into {@code group_hour}: the source's rows are
 * kept apart ({@code group_hour_source}, replaced when the hour comes again from it) and the hour's
 * group rows are the sum over every source, so two relays that each answer for part of a rack add
 * up and one answering twice counts once.
 *
 * <p>The maths are the console's own ({@link AgentPeriods} for one GPU): covered minutes are the
 * known seconds over 60, the idle share held plus free idle over known, the held share held idle
 * over known. A group with no known second has no data: it is left out, never shown as 0 idle.
 * Power is stored as the group's sum (the mean per GPU times its GPUs), as the console's roll-up
 * sums its GPUs' means.
 */
final class SourceGroupHours {

    private SourceGroupHours() {}

    /**
     * Writes the hour in the caller's transaction.
     *
     * @return rows left out (no group name, or nothing known)
     */
    static int write(Connection c, GroupNumbers numbers, String source, int hour, List<GroupPeriod> rows)
            throws SQLException {
        Map<GroupBy, GroupEntrySums> byKind = new EnumMap<>(GroupBy.class);
        for (GroupBy by : GroupBy.ALL) {
            byKind.put(by, new GroupEntrySums(GroupEntrySums.Across.GPUS));
        }
        int leftOut = 0;
        for (GroupPeriod row : rows) {
            long known = row.knownS();
            if (known <= 0 || row.key().isEmpty()) {
                leftOut++;
                continue;
            }
            GroupBy by = groupBy(row.kind());
            int covered = (int) Math.round(known / 60.0);
            float idleShare = (row.heldIdleS() + row.freeIdleS()) / (float) known;
            float heldShare = row.heldIdleS() / (float) known;
            byKind.get(by)
                    .add(new GroupRows.Entry(
                            numbers.numberOf(c, by, row.key()),
                            row.accelerators(),
                            covered,
                            idleShare * covered,
                            heldShare * covered,
                            row.utilizationPct(),
                            Float.isNaN(row.powerW()) ? Float.NaN : row.powerW() * row.accelerators(),
                            row.maxTempC()));
        }
        try (PreparedStatement merge = c.prepareStatement(
                "MERGE INTO group_hour_source (source, kind, period, data) KEY (source, kind, period) VALUES (?, ?, ?, ?)")) {
            for (GroupBy by : GroupBy.ALL) {
                merge.setString(1, source);
                merge.setInt(2, by.code());
                merge.setInt(3, hour);
                merge.setBytes(4, byKind.get(by).packed());
                merge.addBatch();
            }
            merge.executeBatch();
        }
        sumSources(c, hour);
        return leftOut;
    }

    /** group_hour for the hour as the sum of what every source answered for it. */
    private static void sumSources(Connection c, int hour) throws SQLException {
        try (PreparedStatement read =
                        c.prepareStatement("SELECT data FROM group_hour_source WHERE kind = ? AND period = ?");
                PreparedStatement merge = c.prepareStatement(
                        "MERGE INTO group_hour (kind, period, data) KEY (kind, period) VALUES (?, ?, ?)")) {
            for (GroupBy by : GroupBy.ALL) {
                List<byte[]> parts = new ArrayList<>(1);
                read.setInt(1, by.code());
                read.setInt(2, hour);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        parts.add(rs.getBytes(1));
                    }
                }
                merge.setInt(1, by.code());
                merge.setInt(2, hour);
                merge.setBytes(3, sumOf(parts));
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    /**
     * The sources' parts added up. One part is its own sum: it was packed by {@link GroupEntrySums},
     * and adding a packed row up again gives the same bytes, so the usual case (one relay answers for
     * the whole site) is not unpacked and packed again.
     */
    private static byte[] sumOf(List<byte[]> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        var sums = new GroupEntrySums(GroupEntrySums.Across.GPUS);
        parts.forEach(sums::add);
        return sums.packed();
    }

    static GroupBy groupBy(GroupKind kind) {
        return switch (kind) {
            case HALL -> GroupBy.HALL;
            case RACK -> GroupBy.RACK;
            case POOL -> GroupBy.POOL;
            case TENANT -> GroupBy.TENANT;
        };
    }
}
