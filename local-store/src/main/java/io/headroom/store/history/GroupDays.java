package io.headroom.store.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A day's group rows are its hours' group rows added up, whether an hour was rolled up by the
 * console or filled in as groups from an agent (which leaves no per-GPU hour behind). One source
 * for a day's figures: the hours Idle by hour shows.
 */
final class GroupDays {

    private GroupDays() {}

    /** Writes {@code group_day} for {@code day} from the hours [firstHour, endHour), in the caller's transaction. */
    static void write(Connection connection, int day, int firstHour, int endHour) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                        "SELECT data FROM group_hour WHERE kind = ? AND period >= ? AND period < ?");
                PreparedStatement merge = connection.prepareStatement(
                        "MERGE INTO group_day (kind, period, data) KEY (kind, period) VALUES (?, ?, ?)")) {
            for (GroupBy by : GroupBy.ALL) {
                var sums = new GroupEntrySums(GroupEntrySums.Across.TIME);
                read.setInt(1, by.code());
                read.setInt(2, firstHour);
                read.setInt(3, endHour);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        sums.add(rs.getBytes(1));
                    }
                }
                merge.setInt(1, by.code());
                merge.setInt(2, day);
                merge.setBytes(3, sums.packed());
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }
}
