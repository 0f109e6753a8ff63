package io.headroom.store;

import io.headroom.store.migration.ChainExistingAuditRecords;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;

/** Brings a store's tables up to this version's schema with the Flyway scripts in this module. */
final class SchemaMigration {

    static final String LOCATION = "classpath:io/headroom/store/migration";
    /**
     * The highest schema version: the highest V&lt;n&gt;__ script in {@link #LOCATION} or Java
     * migration in {@link #JAVA_MIGRATIONS}; a test keeps them in step.
     */
    static final int LATEST_VERSION = 14;

    /** Migrations that SQL cannot express (hashing existing audit records), given to Flyway by hand, not scanned for. */
    static final JavaMigration[] JAVA_MIGRATIONS = {new ChainExistingAuditRecords()};

    private SchemaMigration() {}

    /**
     * Runs Flyway unless the store already has every script applied. Starting Flyway costs
     * about 0.6 s on a laptop, a third of the cold-start budget, to learn that nothing is to do.
     */
    static void migrate(DataSource dataSource, Connection connection) throws SQLException {
        if (isCurrent(connection)) {
            return;
        }
        Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .javaMigrations(JAVA_MIGRATIONS)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    private static boolean isCurrent(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
            if (!tables.next()) {
                return false;
            }
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("""
                SELECT COUNT(*) FILTER (WHERE NOT "success"), MAX(CAST("version" AS INT))
                FROM "flyway_schema_history" WHERE "type" IN ('SQL', 'JDBC')""")) {
            rs.next();
            return rs.getInt(1) == 0 && rs.getInt(2) == LATEST_VERSION;
        }
    }
}
