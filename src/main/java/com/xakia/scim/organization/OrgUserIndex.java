package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * control.org_users: where each user written through an organization lives, by id, userName and externalId.
 * SQL only. Every method takes the connection to run on: the location's write transaction when the location
 * is in the control server's database, else a connection of the control database.
 */
final class OrgUserIndex {

    /**
     * One person of the organization: its organization-level id (the same for the organization's lifetime), its
     * location and the id of its row there.
     */
    record Entry(UUID userId, String locationId, UUID locationUserId, String userName, String externalId,
                 boolean pending, OffsetDateTime createdAt) {}

    private static final String SELECT = "select user_id, location_id, location_user_id, user_name, external_id,"
            + " pending, created_at from control.org_users where organization_id = ?";

    /** A unique_violation when the userName is taken in the organization (in any case). */
    void insert(Connection c, String organizationId, UUID userId, String locationId, UUID locationUserId,
                String userName, String externalId, boolean pending) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into control.org_users (organization_id, user_id,"
                + " location_id, location_user_id, user_name, external_id, pending) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, organizationId);
            ps.setObject(2, userId);
            ps.setString(3, locationId);
            ps.setObject(4, locationUserId);
            ps.setString(5, userName);
            ps.setString(6, externalId);
            ps.setBoolean(7, pending);
            ps.executeUpdate();
        }
    }

    /** The user's names as its location now has them; a reservation becomes a confirmed entry. */
    void update(Connection c, String organizationId, UUID userId, String userName, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update control.org_users set user_name = ?, external_id = ?,"
                + " pending = false where organization_id = ? and user_id = ?")) {
            ps.setString(1, userName);
            ps.setString(2, externalId);
            ps.setString(3, organizationId);
            ps.setObject(4, userId);
            ps.executeUpdate();
        }
    }

    void delete(Connection c, String organizationId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "delete from control.org_users where organization_id = ? and user_id = ?")) {
            ps.setString(1, organizationId);
            ps.setObject(2, userId);
            ps.executeUpdate();
        }
    }

    List<Entry> byId(Connection c, String organizationId, UUID userId) throws SQLException {
        return select(c, SELECT + " and user_id = ?", organizationId, userId);
    }

    List<Entry> byUserName(Connection c, String organizationId, String userName) throws SQLException {
        return select(c, SELECT + " and lower(user_name) = lower(?)", organizationId, userName);
    }

    List<Entry> byExternalId(Connection c, String organizationId, String externalId) throws SQLException {
        return select(c, SELECT + " and external_id = ? order by created_at, user_id", organizationId, externalId);
    }

    /** A page of the organization's users in creation order (created_at, id), and how many there are. */
    List<Entry> page(Connection c, String organizationId, int offset, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " order by created_at, user_id offset ? limit ?")) {
            ps.setString(1, organizationId);
            ps.setInt(2, offset);
            ps.setInt(3, limit);
            return entries(ps);
        }
    }

    int count(Connection c, String organizationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from control.org_users where organization_id = ?")) {
            ps.setString(1, organizationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<Entry> select(Connection c, String sql, String organizationId, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, organizationId);
            ps.setObject(2, value);
            return entries(ps);
        }
    }

    private static List<Entry> entries(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Entry> found = new ArrayList<>();
            while (rs.next()) {
                found.add(new Entry(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getObject(7, OffsetDateTime.class)));
            }
            return found;
        }
    }
}
