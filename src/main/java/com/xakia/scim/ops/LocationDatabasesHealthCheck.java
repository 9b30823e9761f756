package com.xakia.scim.ops;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.xakia.scim.db.Databases;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness summary of the location databases. Always UP: one location's server being down must not
 * take the pod out of service for every other location; the message and the data name the locations
 * that are DOWN ({@code /observe/health?data=true}).
 */
public final class LocationDatabasesHealthCheck extends ReadinessCheck {

    private final Locations locations;
    private final Databases databases;

    public LocationDatabasesHealthCheck(Locations locations, Databases databases) {
        super("location-databases");
        this.locations = locations;
        this.databases = databases;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<Location> all;
        try {
            all = locations.list();
        } catch (Exception e) {
            builder.message("locations unknown: the control database is unreachable").up();
            return;
        }
        // One probe per server: locations whose schemas share a server share its fate.
        Map<Databases.Connection, Boolean> servers = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        int shared = 0;
        for (Location location : all) {
            Databases.Connection server = location.server() == null ? databases.controlConnection() : location.server();
            shared += location.server() == null ? 1 : 0;
            boolean up = servers.computeIfAbsent(server, s -> reachable(databases.pool(s)));
            builder.detail("location." + location.id(), up ? "UP" : "DOWN");
            if (!up) {
                down.add(location.id());
            }
        }
        builder.detail("locations", all.size());
        builder.detail("locations.shared-database", shared);
        builder.detail("locations.down", down.size());
        builder.message(down.isEmpty() ? all.size() + " locations, all databases UP"
                : down.size() + " of " + all.size() + " locations DOWN: " + String.join(", ", down));
        builder.up();
    }

    private static boolean reachable(DataSource pool) {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
