package com.xakia.scim.location;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.xakia.scim.db.Databases;
import org.flywaydb.core.Flyway;

/**
 * Which DataSource serves a location, and its namespace's migrations. Migrations run when a location
 * is created and lazily on its first use by this process, so start-up does not grow with the number
 * of locations. On first use only the schema's recorded version is read: Flyway (which validates the
 * whole history, 100 ms and more per schema) runs only when the namespace is behind.
 */
public final class LocationNamespaces {

    private final Databases databases;
    private final Map<String, Boolean> migrated = new ConcurrentHashMap<>();

    /** The highest V<n> in db/location; a test keeps it equal to the migrations there. */
    static final int LATEST_VERSION = 6;

    public LocationNamespaces(Databases databases) {
        this.databases = databases;
    }

    /** The location's DataSource, its namespace migrated to the current version. */
    public DataSource dataSource(Location location) {
        DataSource ds = location.server() == null ? databases.control() : databases.pool(location.server());
        // computeIfAbsent runs one migration per location at a time, without blocking other locations.
        migrated.computeIfAbsent(location.id(), id -> {
            if (recordedVersion(ds, location.schema()) < LATEST_VERSION) {
                migrate(ds, location.schema());
            }
            return true;
        });
        return ds;
    }

    /** The highest successful migration in a schema's Flyway history; 0 when there is no history yet. */
    static int recordedVersion(DataSource ds, String schema) {
        // The schema name is ours ("control" or one Location checked), so it can be part of the SQL text.
        try (Connection c = ds.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(max(version::int), 0) from \"" + schema
                     + "\".flyway_schema_history where success")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return 0; // no history table or no schema: a namespace never migrated
            }
            throw new NamespaceUnavailable(e);
        }
    }

    /** The namespace's server could not be asked; the cause tells whether it is a connection failure (503). */
    static final class NamespaceUnavailable extends RuntimeException {
        NamespaceUnavailable(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    static void migrate(DataSource ds, String schema) {
        Flyway.configure()
                .dataSource(ds)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/location")
                .load()
                .migrate();
    }

    /** The highest V<n> in db/control; a test keeps it equal to the migrations there. */
    static final int LATEST_CONTROL_VERSION = 13;

    /**
     * Migrates the control schema; called once at start. Up to date, it costs one query: loading and
     * validating Flyway took about a second of every start-up.
     */
    public static void migrateControl(DataSource control) {
        if (recordedVersion(control, "control") >= LATEST_CONTROL_VERSION) {
            return;
        }
        Flyway.configure()
                .dataSource(control)
                .schemas("control")
                .createSchemas(true)
                .locations("classpath:db/control")
                .load()
                .migrate();
    }
}
