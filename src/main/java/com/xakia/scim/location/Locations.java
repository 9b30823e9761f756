package com.xakia.scim.location;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.db.Databases;

/** The locations in the control database. */
public final class Locations {

    private final DataSource control;
    private final KeyChanges changes;

    public Locations(DataSource control, KeyChanges changes) {
        this.control = control;
        this.changes = changes;
    }

    public Location create(String name, Databases.Connection server) throws SQLException {
        return create(name, server, null);
    }

    /** A new location, in an organization (which must exist) or none. */
    public Location create(String name, Databases.Connection server, String organizationId) throws SQLException {
        String id = Secrets.newId(8);
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into control.location (id, name, schema_name, db_url, db_user, db_password, organization_id)"
                             + " values (?, ?, ?, ?, ?, ?, ?) returning created_at")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setString(3, Location.schemaFor(id));
            ps.setString(4, server == null ? null : server.url());
            ps.setString(5, server == null ? null : server.user());
            ps.setString(6, server == null ? null : server.password());
            ps.setString(7, organizationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Location(id, name, Location.schemaFor(id), server, rs.getObject(1, OffsetDateTime.class),
                        organizationId);
            }
        }
    }

    public Optional<Location> find(String id) throws SQLException {
        if (id == null || !Location.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT + " where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** A location with the hash of its live SCIM key (null when it has none). */
    public record WithLiveKey(Location location, ScimKeys.LiveKey key) {}

    /** The location and its live key in one round trip: what a SCIM request needs ({@link RememberedKeys}). */
    public Optional<WithLiveKey> findWithLiveKey(String id) throws SQLException {
        if (id == null || !Location.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("select l.id, l.name, l.schema_name, l.db_url, l.db_user,"
                     + " l.db_password, l.created_at, l.organization_id, k.key_id, k.key_hash, k.identity_provider from control.location l"
                     + " left join control.scim_key k on k.location_id = l.id and k.revoked_at is null where l.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new WithLiveKey(read(rs), ScimKeys.LiveKey.read(rs)))
                        : Optional.empty();
            }
        }
    }

    public List<Location> list() throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT + " order by created_at, id");
             ResultSet rs = ps.executeQuery()) {
            List<Location> all = new ArrayList<>();
            while (rs.next()) {
                all.add(read(rs));
            }
            return all;
        }
    }

    /** The location joins an organization (or leaves its own, with null). */
    public void setOrganization(String locationId, String organizationId) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("update control.location set organization_id = ? where id = ?")) {
            ps.setString(1, organizationId);
            ps.setString(2, locationId);
            ps.executeUpdate();
        }
        changes.changed(locationId);
    }

    /** The locations of an organization, oldest first. */
    public List<Location> ofOrganization(String organizationId) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT + " where organization_id = ? order by created_at, id")) {
            ps.setString(1, organizationId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Location> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(read(rs));
                }
                return all;
            }
        }
    }

    public void delete(String id) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from control.location where id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        changes.changed(id);
    }

    private static final String SELECT =
            "select id, name, schema_name, db_url, db_user, db_password, created_at, organization_id from control.location";

    private static Location read(ResultSet rs) throws SQLException {
        String url = rs.getString("db_url");
        Databases.Connection server = url == null ? null
                : new Databases.Connection(url, nz(rs.getString("db_user")), nz(rs.getString("db_password")));
        return new Location(rs.getString("id"), rs.getString("name"), rs.getString("schema_name"), server,
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("organization_id"));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
