package io.headroom.store.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The group number of a hall, rack, pool or tenant by its name, giving a new name its number in
 * {@code fleet_group} as the inventory's roll-up does. Numbers handed out in a transaction that
 * rolls back are forgotten ({@link #forget}) so that none is reused without its row.
 */
final class GroupNumbers {

    private List<Map<String, Integer>> known;

    int numberOf(Connection connection, GroupBy by, String name) throws SQLException {
        if (known == null) {
            known = load(connection);
        }
        Integer no = known.get(by.code()).get(name);
        if (no == null) {
            no = stored(connection, by, name); // the console's own roll-up may have named it meanwhile
        }
        if (no == null) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO fleet_group (kind, name) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setInt(1, by.code());
                insert.setString(2, name);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    no = keys.getInt(1);
                }
            }
            known.get(by.code()).put(name, no);
        }
        return no;
    }

    private static Integer stored(Connection connection, GroupBy by, String name) throws SQLException {
        try (PreparedStatement s =
                connection.prepareStatement("SELECT group_no FROM fleet_group WHERE kind = ? AND name = ?")) {
            s.setInt(1, by.code());
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /** After a rollback, or when the roll-up may have named groups meanwhile: read them again next time. */
    void forget() {
        known = null;
    }

    private static List<Map<String, Integer>> load(Connection connection) throws SQLException {
        List<Map<String, Integer>> byKind = new ArrayList<>();
        for (int k = 0; k < GroupBy.ALL.length; k++) {
            byKind.add(new HashMap<>());
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT kind, name, group_no FROM fleet_group")) {
            while (rs.next()) {
                byKind.get(rs.getInt(1)).put(rs.getString(2), rs.getInt(3));
            }
        }
        return byKind;
    }
}
