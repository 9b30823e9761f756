package com.xakia.scim.group;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.db.PagedQuery;
import com.xakia.scim.db.Rows;
import com.xakia.scim.group.GroupRecord.Member;
import com.xakia.scim.location.Location;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ScimJson;

/**
 * The SQL of a location's groups and their members, nothing else: every method runs in the caller's
 * connection (and so its transaction). Membership is a row per member, so adding or removing members
 * touches only their rows, whatever the size of the group.
 */
final class GroupRepository {

    private static final String COLUMNS = "id, display_name, external_id, resource::text, created_at, last_modified, version";

    Optional<GroupRecord> find(Connection c, Location location, UUID id, boolean forUpdate) throws SQLException {
        return Rows.byId(c, "select " + COLUMNS + " from " + location.table("groups") + " where id = ?"
                + (forUpdate ? " for update" : ""), id, GroupRepository::read);
    }

    Page page(Connection c, Location location, ListRequest request) throws SQLException {
        return PagedQuery.run(c, location.schema(), "groups", COLUMNS, "true", request, GroupRepository::read);
    }

    /** Inserts a group; a displayName already taken raises PostgreSQL's unique_violation. */
    void insert(Connection c, Location location, UUID id, String displayName, String externalId, ObjectNode resource)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("groups")
                + " (id, display_name, external_id, resource, created_at, last_modified) values (?, ?, ?, ?::jsonb, now(), now())")) {
            ps.setObject(1, id);
            ps.setString(2, displayName);
            ps.setString(3, externalId);
            ps.setString(4, resource.toString());
            ps.executeUpdate();
        }
    }

    /** Writes the group's attributes and a new version; a displayName already taken raises unique_violation. */
    GroupRecord update(Connection c, Location location, UUID id, String displayName, String externalId,
                       ObjectNode resource) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + location.table("groups")
                + " set display_name = ?, external_id = ?, resource = ?::jsonb, last_modified = now(),"
                + " version = version + 1 where id = ? returning " + COLUMNS)) {
            ps.setString(1, displayName);
            ps.setString(2, externalId);
            ps.setString(3, resource.toString());
            ps.setObject(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    void delete(Connection c, Location location, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + location.table("groups") + " where id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    /** Adds the members not there yet; how many that was. */
    int addMembers(Connection c, Location location, UUID id, List<Member> members) throws SQLException {
        if (members.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("group_members")
                + " (group_id, member_id, display) select ?, m.id, m.display from unnest(?::text[], ?::text[]) as m(id, display)"
                + " on conflict (group_id, member_id) do nothing")) {
            ps.setObject(1, id);
            ps.setArray(2, c.createArrayOf("text", members.stream().map(Member::value).toArray()));
            ps.setArray(3, c.createArrayOf("text", members.stream().map(Member::display).toArray()));
            return ps.executeUpdate();
        }
    }

    /** Removes the named members, or with {@code allBut} every member except the named ones. */
    int removeMembers(Connection c, Location location, UUID id, List<String> ids, boolean allBut) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + location.table("group_members")
                + " where group_id = ? and " + (allBut ? "not " : "") + "(member_id = any(?))")) {
            ps.setObject(1, id);
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            return ps.executeUpdate();
        }
    }

    /**
     * The group's members with a display name: the one the IdP sent with the member, else the member's current
     * name (a user's displayName or userName, a nested group's displayName). The IdP's own word comes first
     * because that is what it compares against (Microsoft's reference collection expects its display back).
     */
    List<Member> members(Connection c, Location location, UUID id) throws SQLException {
        String memberUuid = "(case when m.member_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'"
                + " then m.member_id::uuid end)";
        try (PreparedStatement ps = c.prepareStatement("select m.member_id,"
                + " coalesce(m.display, u.display_name, u.user_name, g.display_name), g.id is not null"
                + " from " + location.table("group_members") + " m"
                + " left join " + location.table("users") + " u on u.id = " + memberUuid + " and u.scim_deleted_at is null"
                + " left join " + location.table("groups") + " g on g.id = " + memberUuid
                + " where m.group_id = ? order by m.member_id")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<Member> members = new ArrayList<>();
                while (rs.next()) {
                    members.add(new Member(rs.getString(1), rs.getString(2), rs.getBoolean(3) ? "Group" : "User"));
                }
                return members;
            }
        }
    }

    private static GroupRecord read(ResultSet rs) throws SQLException {
        return new GroupRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                ScimJson.parseStored(rs.getString(4)),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getLong(7), null);
    }
}
