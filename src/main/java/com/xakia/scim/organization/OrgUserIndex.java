package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.lifecycle.IdentityProvider;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.user.UserService;

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
                 boolean pending, OffsetDateTime createdAt, Move move) {}

    /**
     * A move written before it is made (a location on a server of its own takes part): where to, the id a new
     * row there gets, the person's resource there, the request's caller, and the names to restore if it fails.
     */
    record Move(String locationId, UUID rowId, ObjectNode resource, String actor, String requestId,
                IdentityProvider identityProvider, String userName, String externalId) {

        String toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("rowId", rowId.toString());
            json.set("resource", resource);
            json.put("actor", actor);
            json.put("requestId", requestId);
            json.put("identityProvider", identityProvider == null ? null : identityProvider.id());
            json.put("userName", userName);
            json.put("externalId", externalId);
            return json.toString();
        }

        static Move of(String locationId, String stored) {
            if (locationId == null) {
                return null;
            }
            ObjectNode json = ScimJson.parseStored(stored);
            return new Move(locationId, UUID.fromString(json.get("rowId").asText()), (ObjectNode) json.get("resource"),
                    json.get("actor").asText(), text(json, "requestId"),
                    json.hasNonNull("identityProvider") ? IdentityProvider.of(json.get("identityProvider").asText()) : null,
                    json.get("userName").asText(), text(json, "externalId"));
        }

        private static String text(ObjectNode json, String field) {
            return json.hasNonNull(field) ? json.get(field).asText() : null;
        }
    }

    private static final String SELECT = "select user_id, location_id, location_user_id, user_name, external_id,"
            + " pending, created_at, moving_to_location_id, moving::text from control.org_users where organization_id = ?";

    /** A person's row and names, set by {@link #confirm} and, only if nothing changed meanwhile, {@link #repair}. */
    private static final String SET_NAMES = "update control.org_users set location_user_id = ?, user_name = ?,"
            + " external_id = ?, pending = false where organization_id = ? and user_id = ?";

    private static void bindNames(PreparedStatement ps, String organizationId, UUID userId, UUID locationUserId,
                                  String userName, String externalId) throws SQLException {
        ps.setObject(1, locationUserId);
        ps.setString(2, userName);
        ps.setString(3, externalId);
        ps.setString(4, organizationId);
        ps.setObject(5, userId);
    }

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

    /**
     * The entry of a person created in a location of the control server's database, written by the create's own
     * statement from the row it inserted (its id, userName and externalId as written); a userName taken in the
     * organization (in any case) makes the whole statement raise unique_violation, and nothing is written.
     */
    UserService.AlsoInStatement insertWith(String organizationId, UUID userId, String locationId) {
        return new UserService.AlsoInStatement("insert into control.org_users (organization_id, user_id, location_id,"
                + " location_user_id, user_name, external_id) select ?, ?, ?, id, user_name, external_id from inserted",
                List.of(organizationId, userId, locationId));
    }

    /**
     * The row ({@code users}, at a location in the control server's database) is where this organization's index
     * points, marked as that person's, with the index's names and no move or reservation open: only then would a
     * read through the index answer this row as it is, with nothing to finish or repair first.
     */
    UserService.RowCondition pointsAt(String organizationId, String locationId) {
        return new UserService.RowCondition("exists (select from control.org_users i where i.organization_id = ?"
                + " and i.user_id = users.organization_user_id and i.location_id = ? and i.location_user_id = users.id"
                + " and i.user_name = users.user_name and i.external_id is not distinct from users.external_id"
                + " and not i.pending and i.moving_to_location_id is null)", List.of(organizationId, locationId));
    }

    /**
     * The person's row and names as its location now has them (a linked row may be older than the person); a
     * reservation becomes a confirmed entry. A unique_violation when another person has the userName.
     */
    void confirm(Connection c, String organizationId, UUID userId, UUID locationUserId, String userName,
                 String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SET_NAMES)) {
            bindNames(ps, organizationId, userId, locationUserId, userName, externalId);
            ps.executeUpdate();
        }
    }

    /**
     * A read's repair: as {@link #confirm}, only if the entry still points where the read found it (the same
     * location and row, no move written since), so a read never undoes a write it did not see. False: changed.
     */
    boolean repair(Connection c, String organizationId, Entry seen, UUID locationUserId, String userName,
                   String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SET_NAMES
                + " and location_id = ? and location_user_id = ? and moving_to_location_id is null")) {
            bindNames(ps, organizationId, seen.userId(), locationUserId, userName, externalId);
            ps.setString(6, seen.locationId());
            ps.setObject(7, seen.locationUserId());
            return ps.executeUpdate() == 1;
        }
    }

    /** A read's removal of an entry whose row is gone, only if it still points where the read found it. */
    boolean removeIfUnchanged(Connection c, String organizationId, Entry seen) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from control.org_users where organization_id = ?"
                + " and user_id = ? and location_id = ? and location_user_id = ? and moving_to_location_id is null")) {
            ps.setString(1, organizationId);
            ps.setObject(2, seen.userId());
            ps.setString(3, seen.locationId());
            ps.setObject(4, seen.locationUserId());
            return ps.executeUpdate() == 1;
        }
    }

    /** The person's entry, locked until the transaction ends: the organization's writes of a person, one at a time. */
    Optional<Entry> lock(Connection c, String organizationId, UUID userId) throws SQLException {
        List<Entry> found = select(c, SELECT + " and user_id = ? for update", organizationId, userId);
        return found.stream().findFirst();
    }

    /**
     * The intent of a move, with the names the person will have (so they are taken in the organization now: a
     * unique_violation when another person has the userName). False when another move is already written.
     */
    boolean beginMove(Connection c, String organizationId, UUID userId, Move move, String userName, String externalId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update control.org_users set moving_to_location_id = ?,"
                + " moving = ?::jsonb, user_name = ?, external_id = ? where organization_id = ? and user_id = ?"
                + " and moving_to_location_id is null")) {
            ps.setString(1, move.locationId());
            ps.setString(2, move.toJson());
            ps.setString(3, userName);
            ps.setString(4, externalId);
            ps.setString(5, organizationId);
            ps.setObject(6, userId);
            return ps.executeUpdate() == 1;
        }
    }

    /** The move made: the person lives in the new location's row from now on (unique_violation: userName taken). */
    void finishMove(Connection c, String organizationId, UUID userId, String locationId, UUID locationUserId,
                    String userName, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update control.org_users set location_id = ?,"
                + " location_user_id = ?, user_name = ?, external_id = ?, pending = false, moving_to_location_id = null,"
                + " moving = null where organization_id = ? and user_id = ?")) {
            ps.setString(1, locationId);
            ps.setObject(2, locationUserId);
            ps.setString(3, userName);
            ps.setString(4, externalId);
            ps.setString(5, organizationId);
            ps.setObject(6, userId);
            ps.executeUpdate();
        }
    }

    /** A move that cannot be made: the intent removed, the names as they were before it. */
    void abandonMove(Connection c, String organizationId, UUID userId, Move move) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update control.org_users set user_name = ?, external_id = ?,"
                + " moving_to_location_id = null, moving = null where organization_id = ? and user_id = ?")) {
            ps.setString(1, move.userName());
            ps.setString(2, move.externalId());
            ps.setString(3, organizationId);
            ps.setObject(4, userId);
            ps.executeUpdate();
        }
    }

    /** A person of an organization. */
    record Person(String organizationId, UUID userId) {}

    /** Every organization's moves written and not finished (a crash). */
    List<Person> unfinishedMoves(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select organization_id, user_id::text from control.org_users"
                + " where moving_to_location_id is not null");
             ResultSet rs = ps.executeQuery()) {
            List<Person> found = new ArrayList<>();
            while (rs.next()) {
                found.add(new Person(rs.getString(1), UUID.fromString(rs.getString(2))));
            }
            return found;
        }
    }

    /**
     * The organization's moves as a list across its locations sees them: how many moves through an intent it has
     * finished, and the persons whose moves are written and not finished (org_users_moving serves it).
     */
    record Moves(long finished, List<UUID> unfinished) {

        /**
         * No move was being made at either reading and none was finished between them: the locations' rows of the
         * organization's people did not change places meanwhile (a move changes them only while its intent exists).
         */
        boolean stillAt(Moves later) {
            return unfinished.isEmpty() && later.unfinished.isEmpty() && finished == later.finished;
        }
    }

    /** One statement: the organization's finished-move count and its unfinished moves. */
    Moves moves(Connection c, String organizationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select coalesce((select finished from control.org_moves"
                + " where organization_id = ?), 0), array(select user_id from control.org_users"
                + " where organization_id = ? and moving_to_location_id is not null)")) {
            ps.setString(1, organizationId);
            ps.setString(2, organizationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Moves(rs.getLong(1), List.of((UUID[]) rs.getArray(2).getArray()));
            }
        }
    }

    /** One more move through an intent finished, in the transaction that finishes it (which removes the intent). */
    void countFinishedMove(Connection c, String organizationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into control.org_moves (organization_id, finished)"
                + " values (?, 1) on conflict (organization_id) do update set finished = org_moves.finished + 1")) {
            ps.setString(1, organizationId);
            ps.executeUpdate();
        }
    }

    /** A person's row at a location: the organization-level id and the id of the row there. */
    record AtLocation(UUID userId, UUID locationUserId) {}

    /**
     * The people of the location with no move written, locked until the transaction ends (in id order, so two
     * instances lock them alike): none of them is written meanwhile (each write locks its person's entry first).
     */
    List<AtLocation> lockAtLocation(Connection c, String organizationId, String locationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select user_id, location_user_id from control.org_users"
                + " where organization_id = ? and location_id = ? and moving_to_location_id is null"
                + " order by user_id for update")) {
            ps.setString(1, organizationId);
            ps.setString(2, locationId);
            try (ResultSet rs = ps.executeQuery()) {
                List<AtLocation> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(new AtLocation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
                }
                return found;
            }
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
                        rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getObject(7, OffsetDateTime.class),
                        Move.of(rs.getString(8), rs.getString(9))));
            }
            return found;
        }
    }
}
