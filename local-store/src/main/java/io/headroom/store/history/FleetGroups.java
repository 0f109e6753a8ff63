package io.headroom.store.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which hall, rack, pool and tenant each accelerator number belongs to right now, as group
 * numbers, read from the stored inventory when a period is rolled up.
 */
final class FleetGroups {

    static final int NO_GROUP = -1;

    /** groupOf[kind code][accel_no]; NO_GROUP for slices and unknown numbers. */
    private final int[][] groupOf;

    private FleetGroups(int[][] groupOf) {
        this.groupOf = groupOf;
    }

    int groupOf(GroupBy by, int accelNo) {
        int[] groups = groupOf[by.code()];
        return accelNo < groups.length ? groups[accelNo] : NO_GROUP;
    }

    /** Reads membership and gives every new name a group number (in the caller's transaction). */
    static FleetGroups load(Connection connection) throws SQLException {
        List<Map<String, Integer>> known = new ArrayList<>();
        for (int k = 0; k < GroupBy.ALL.length; k++) {
            known.add(new HashMap<>());
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT kind, name, group_no FROM fleet_group")) {
            while (rs.next()) {
                known.get(rs.getInt(1)).put(rs.getString(2), rs.getInt(3));
            }
        }
        int max;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT MAX(accel_no) FROM accelerator")) {
                rs.next();
                max = rs.getInt(1);
            }
        }
        int[][] groupOf = new int[GroupBy.ALL.length][max + 1];
        for (int[] groups : groupOf) {
            Arrays.fill(groups, NO_GROUP);
        }
        String sql = """
                SELECT a.accel_no, r.hall_id, n.rack_id, n.pool, n.tenant
                FROM accelerator a JOIN node n ON n.node_no = a.node_no LEFT JOIN rack r ON r.id = n.rack_id
                WHERE a.parent_no IS NULL""";
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql);
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO fleet_group (kind, name) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            while (rs.next()) {
                int no = rs.getInt(1);
                for (GroupBy by : GroupBy.ALL) {
                    String name = rs.getString(2 + by.code());
                    if (name == null) {
                        continue;
                    }
                    Integer group = known.get(by.code()).get(name);
                    if (group == null) {
                        group = insert(insert, by, name);
                        known.get(by.code()).put(name, group);
                    }
                    groupOf[by.code()][no] = group;
                }
            }
        }
        return new FleetGroups(groupOf);
    }

    private static int insert(PreparedStatement insert, GroupBy by, String name) throws SQLException {
        insert.setInt(1, by.code());
        insert.setString(2, name);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            return keys.getInt(1);
        }
    }
}
