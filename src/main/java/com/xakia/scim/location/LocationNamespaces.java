package com.xakia.scim.location;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.xakia.scim.db.Databases;
import org.flywaydb.core.Flyway;

/**
 * Which DataSource serves a location, and its namespace's migrations. Migrations run when a location
 * is created and lazily on its first use by this process, so start-up does not grow with the number
 * of locations.
 */
public final class LocationNamespaces {

    private final Databases databases;
    private final Map<String, Boolean> migrated = new ConcurrentHashMap<>();

    public LocationNamespaces(Databases databases) {
        this.databases = databases;
    }

    /** The location's DataSource, its namespace migrated to the current version. */
    public DataSource dataSource(Location location) {
        DataSource ds = location.server() == null ? databases.control() : databases.pool(location.server());
        // computeIfAbsent runs one migration per location at a time, without blocking other locations.
        migrated.computeIfAbsent(location.id(), id -> {
            migrate(ds, location.schema());
            return true;
        });
        return ds;
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

    /** Migrates the control schema; called once at start. */
    public static void migrateControl(DataSource control) {
        Flyway.configure()
                .dataSource(control)
                .schemas("control")
                .createSchemas(true)
                .locations("classpath:db/control")
                .load()
                .migrate();
    }
}
