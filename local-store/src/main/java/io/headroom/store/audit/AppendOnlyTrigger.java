package io.headroom.store.audit;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * Refuses every UPDATE and DELETE on the audit log, whoever issues it. H2 loads this class
 * by the name stored in the database, so it must keep its name and package.
 */
public final class AppendOnlyTrigger implements Trigger {

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("the audit log is append-only: entries cannot be changed or removed", "42000");
    }
}
