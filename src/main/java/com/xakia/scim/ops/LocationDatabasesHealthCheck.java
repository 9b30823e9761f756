package com.xakia.scim.ops;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
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
 * take the pod out of service for every other location.
 *
 * <p>The management port answers anyone who reaches it, as often as they ask, so one probe round (one
 * connection check per database server, not per location) serves every call for {@link #PROBE_TTL}.
 * Probing only servers was not enough on its own: it still cost a pool check per server on every call,
 * and a flood of health calls would be a flood of connection checks on every server. A result 10 s old
 * is fresh enough for a check that never turns the pod unready, and the answer says when it was taken.
 *
 * <p>Which locations are DOWN (their ids) is shown only when XAKIA_HEALTH_LOCATION_DETAILS is true: the
 * ids are the locations' SCIM base paths; by default the answer holds counts only.
 */
public final class LocationDatabasesHealthCheck extends ReadinessCheck {

    static final Duration PROBE_TTL = Duration.ofSeconds(10);

    private final Locations locations;
    private final Databases databases;
    private final boolean locationDetails;
    private final Recent<Probe> recent;

    public LocationDatabasesHealthCheck(Locations locations, Databases databases, boolean locationDetails) {
        super("location-databases");
        this.locations = locations;
        this.databases = databases;
        this.locationDetails = locationDetails;
        this.recent = new Recent<>(this::probe, PROBE_TTL, System::nanoTime);
    }

    /** One probe round: which locations' servers answered. */
    private record Probe(Instant at, boolean listed, Map<String, Boolean> upByLocation, int shared) {
        List<String> down() {
            return upByLocation.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        }
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Probe probe = recent.get();
        builder.detail("probed.at", probe.at().toString());
        if (!probe.listed()) {
            builder.message("locations unknown: the control database is unreachable").up();
            return;
        }
        List<String> down = probe.down();
        int all = probe.upByLocation().size();
        if (locationDetails) {
            probe.upByLocation().forEach((id, up) -> builder.detail("location." + id, up ? "UP" : "DOWN"));
        }
        builder.detail("locations", all);
        builder.detail("locations.shared-database", probe.shared());
        builder.detail("locations.down", down.size());
        builder.message(down.isEmpty() ? all + " locations, all databases UP"
                : down.size() + " of " + all + " locations DOWN" + (locationDetails ? ": " + String.join(", ", down) : ""));
        builder.up();
    }

    private Probe probe() {
        List<Location> all;
        try {
            all = locations.list();
        } catch (Exception e) {
            return new Probe(Instant.now(), false, Map.of(), 0);
        }
        // One probe per server: locations whose schemas share a server share its fate.
        Map<Databases.Connection, Boolean> servers = new LinkedHashMap<>();
        Map<String, Boolean> upByLocation = new LinkedHashMap<>();
        int shared = 0;
        for (Location location : all) {
            Databases.Connection server = location.server() == null ? databases.controlConnection() : location.server();
            shared += location.server() == null ? 1 : 0;
            upByLocation.put(location.id(), servers.computeIfAbsent(server, s -> reachable(databases.pool(s))));
        }
        return new Probe(Instant.now(), true, upByLocation, shared);
    }

    private static boolean reachable(DataSource pool) {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
