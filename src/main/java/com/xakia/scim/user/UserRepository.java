package com.xakia.scim.user;

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
import com.xakia.scim.db.MergeOrder;
import com.xakia.scim.db.PagedQuery;
import com.xakia.scim.db.Rows;
import com.xakia.scim.lifecycle.IdentityProvider;
import com.xakia.scim.lifecycle.Lifecycle;
import com.xakia.scim.lifecycle.Source;
import com.xakia.scim.location.AuditLog;
import com.xakia.scim.location.Location;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ScimFilter;
import com.xakia.scim.scim.ScimJson;

/**
 * The SQL of a location's users table, nothing else: every method runs in the caller's connection (and so
 * its transaction); what the rows mean is {@link UserService}'s business.
 */
final class UserRepository {

    private static final String COLUMNS = "id, user_name, external_id, active, lifecycle, source, identity_provider,"
            + " given_name, family_name, email, resource::text, created_at, last_modified, version,"
            + " organization_user_id";

    /**
     * The columns and, last, the user's groups (RFC 7643 4.1.2) as a JSON array or null, read in the row's own
     * statement: a lookup costs one round trip, and a user in no group costs one index probe more.
     */
    private static String withGroups(Location location) {
        return COLUMNS + ", (select json_agg(json_build_object('value', g.id, 'display', g.display_name, 'type', 'direct')"
                + " order by g.display_name)::text from " + location.table("group_members") + " m join "
                + location.table("groups") + " g on g.id = m.group_id where m.member_id = users.id::text)";
    }

    /** The user SCIM can see (not deleted through SCIM) with its groups, locked for update when asked. */
    Optional<UserRecord> find(Connection c, Location location, UUID id, boolean forUpdate) throws SQLException {
        return Rows.byId(c, "select " + withGroups(location) + " from " + location.table("users")
                + " where id = ? and scim_deleted_at is null" + (forUpdate ? " for update" : ""), id,
                UserRepository::readWithGroups);
    }

    /** The user SCIM can see with this userName in any case (unique among them) and its groups, locked for update. */
    Optional<UserRecord> findByUserName(Connection c, Location location, String userName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + withGroups(location) + " from " + location.table("users")
                + " where lower(user_name) = lower(?) and scim_deleted_at is null for update")) {
            ps.setString(1, userName);
            return first(ps, UserRepository::readWithGroups);
        }
    }

    /**
     * The user SCIM can see with this userName in any case and its groups, if {@code condition} holds for the row
     * (which it names {@code users}; it must not bring another table of that name into scope).
     */
    Optional<UserRecord> findByUserNameIf(Connection c, Location location, String userName,
                                          UserService.RowCondition condition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + withGroups(location) + " from " + location.table("users")
                + " where lower(user_name) = lower(?) and scim_deleted_at is null and (" + condition.sql() + ")")) {
            ps.setString(1, userName);
            PagedQuery.bind(ps, condition.parameters(), 2);
            return first(ps, UserRepository::readWithGroups);
        }
    }

    /** The user SCIM can see that represents the organization's person, with its groups, locked for update when asked. */
    Optional<UserRecord> findByOrganizationUserId(Connection c, Location location, UUID personId, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + withGroups(location) + " from " + location.table("users")
                + " where organization_user_id = ? and scim_deleted_at is null" + (forUpdate ? " for update" : ""))) {
            ps.setObject(1, personId);
            return first(ps, UserRepository::readWithGroups);
        }
    }

    private static Optional<UserRecord> first(PreparedStatement ps, PagedQuery.RowReader<UserRecord> reader)
            throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
        }
    }

    /** A page of the users SCIM can see, with their groups when {@code groups} (in the same statement). */
    Page page(Connection c, Location location, ListRequest request, boolean groups) throws SQLException {
        return groups
                ? PagedQuery.run(c, location.schema(), "users", withGroups(location), "scim_deleted_at is null", request,
                        UserRepository::readWithGroups)
                : PagedQuery.run(c, location.schema(), "users", COLUMNS, "scim_deleted_at is null", request,
                        UserRepository::read);
    }

    /**
     * The rows of a location that belong to an organization (those it points to), and the column holding each
     * one's organization-level id (the id an answer at the organization's base URI shows).
     */
    static final String OF_AN_ORGANIZATION = "organization_user_id is not null";
    static final String ORGANIZATION_ID = "organization_user_id";

    /** How many of the organization's users SCIM can see at this location match. */
    int countOfOrganization(Connection c, Location location, ScimFilter.Sql where) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*)" + ofOrganization(location, where))) {
            PagedQuery.bind(ps, where.parameters(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The keys alone (sort value, organization-level id) of the organization's first {@code limit} matching users
     * after {@code after} (null: from the first) in {@code order}: what a merge across locations compares.
     */
    List<MergeOrder.Key> keysOfOrganization(Connection c, Location location, ScimFilter.Sql where, MergeOrder order,
                                            MergeOrder.Key after, int limit) throws SQLException {
        List<MergeOrder.Key> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + order.columns() + ofOrganization(location, where)
                + " and " + order.after(after) + order.orderBy() + " limit ?")) {
            int next = order.bind(ps, after, PagedQuery.bind(ps, where.parameters(), 1));
            ps.setInt(next, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(order.key(rs, 1));
                }
            }
        }
        return keys;
    }

    /**
     * The organization's users with these organization-level ids that (still) match, in no particular order, with
     * their groups when {@code groups}.
     */
    List<UserRecord> ofOrganization(Connection c, Location location, ScimFilter.Sql where, List<UUID> organizationIds,
                                    boolean groups) throws SQLException {
        List<UserRecord> users = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + (groups ? withGroups(location) : COLUMNS)
                + ofOrganization(location, where) + " and " + ORGANIZATION_ID + " = any(?)")) {
            int next = PagedQuery.bind(ps, where.parameters(), 1);
            ps.setArray(next, c.createArrayOf("uuid", organizationIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(groups ? readWithGroups(rs) : read(rs));
                }
            }
        }
        return users;
    }

    private static String ofOrganization(Location location, ScimFilter.Sql where) {
        return " from " + location.table("users") + " where scim_deleted_at is null and " + OF_AN_ORGANIZATION
                + " and (" + where.condition().replace("{schema}", '"' + location.schema() + '"') + ")";
    }

    /** Every user of the location, including those SCIM deleted (kept as inactive). */
    List<UserRecord> all(Connection c, Location location) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select " + COLUMNS + " from " + location.table("users") + " order by created_at, id");
             ResultSet rs = ps.executeQuery()) {
            List<UserRecord> users = new ArrayList<>();
            while (rs.next()) {
                users.add(read(rs));
            }
            return users;
        }
    }

    /**
     * Inserts a user, marked as an organization's person or not (null); a userName already taken raises
     * PostgreSQL's unique_violation.
     */
    UserRecord insert(Connection c, Location location, UUID id, ObjectNode resource, boolean active, Lifecycle lifecycle,
                      Source source, IdentityProvider provider, UUID organizationUserId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql(location, ""))) {
            setColumns(ps, id, resource, active, lifecycle, source, provider);
            ps.setObject(13, organizationUserId);
            return one(ps);
        }
    }

    /** The audit row written with a new user, in the same statement: who, what, which attribute names. */
    record AuditRow(String actor, String operation, List<String> attributes, String requestId) {}

    /**
     * A SCIM create: the user and its audit row in one statement (one round trip, and on an autocommit
     * connection one commit); a userName already taken raises PostgreSQL's unique_violation, and nothing is written.
     * A new user is in no group.
     */
    UserRecord insertAudited(Connection c, Location location, UUID id, ObjectNode resource, boolean active,
                             Lifecycle lifecycle, Source source, IdentityProvider provider, AuditRow audit)
            throws SQLException {
        return insertAudited(c, location, id, resource, active, lifecycle, source, provider, audit, "", null,
                UserService.AlsoInStatement.NOTHING).orElseThrow();
    }

    /**
     * As {@link #insertAudited(Connection, Location, UUID, ObjectNode, boolean, Lifecycle, Source, IdentityProvider,
     * AuditRow)}, the row marked as the organization's person {@code organizationUserId} and {@code also} run in
     * the same statement; a userName SCIM already sees (in any case) writes nothing and answers empty.
     */
    Optional<UserRecord> insertAuditedIfNameFree(Connection c, Location location, UUID id, ObjectNode resource,
                                                 boolean active, Lifecycle lifecycle, Source source,
                                                 IdentityProvider provider, AuditRow audit, UUID organizationUserId,
                                                 UserService.AlsoInStatement also) throws SQLException {
        return insertAudited(c, location, id, resource, active, lifecycle, source, provider, audit, NAME_FREE,
                organizationUserId, also);
    }

    private static final String NAME_FREE = " on conflict (lower(user_name)) where scim_deleted_at is null do nothing";

    private static Optional<UserRecord> insertAudited(Connection c, Location location, UUID id, ObjectNode resource,
                                                      boolean active, Lifecycle lifecycle, Source source,
                                                      IdentityProvider provider, AuditRow audit, String onConflict,
                                                      UUID organizationUserId, UserService.AlsoInStatement also)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("with inserted as (" + insertSql(location, onConflict, COLUMNS)
                + "), audited as (insert into " + location.table("audit")
                + " (" + AuditLog.COLUMNS + ") select ?, ?, id::text, ?, ? from inserted)"
                + (also.sql().isEmpty() ? "" : ", also as (" + also.sql() + ")")
                + " select * from inserted")) {
            setColumns(ps, id, resource, active, lifecycle, source, provider);
            ps.setObject(13, organizationUserId);
            ps.setString(14, audit.actor());
            ps.setString(15, audit.operation());
            ps.setArray(16, c.createArrayOf("text", audit.attributes().toArray()));
            ps.setString(17, audit.requestId());
            PagedQuery.bind(ps, also.parameters(), 18);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(read(rs).withGroups(JsonNodeFactory.instance.arrayNode()))
                        : Optional.empty();
            }
        }
    }

    private static String insertSql(Location location, String onConflict) {
        return insertSql(location, onConflict, withGroups(location));
    }

    private static String insertSql(Location location, String onConflict, String returning) {
        return "insert into " + location.table("users")
                + " (user_name, external_id, active, given_name, family_name, display_name, email, resource,"
                + " lifecycle, source, identity_provider, id, organization_user_id, created_at, last_modified)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, now(), now())" + onConflict
                + " returning " + returning;
    }

    /** Replaces the user's resource and state; a userName already taken raises unique_violation. */
    UserRecord update(Connection c, Location location, UUID id, ObjectNode resource, boolean active, Lifecycle lifecycle,
                      Source source, IdentityProvider provider) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + location.table("users")
                + " set user_name = ?, external_id = ?, active = ?, given_name = ?, family_name = ?, display_name = ?,"
                + " email = ?, resource = ?::jsonb, lifecycle = ?, source = ?, identity_provider = ?,"
                + " last_modified = now(), version = version + 1 where id = ? returning " + withGroups(location))) {
            setColumns(ps, id, resource, active, lifecycle, source, provider);
            return one(ps);
        }
    }

    /**
     * SCIM's DELETE: hidden from SCIM from now on, kept in Xakia as an inactive user, and no organization's person
     * any more (at the organization's base URI or the location's own, the person is gone).
     */
    void hideFromScim(Connection c, Location location, UUID id, Lifecycle lifecycle) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + location.table("users")
                + " set scim_deleted_at = now(), active = false, lifecycle = ?, last_modified = now(),"
                + " organization_user_id = null, version = version + 1 where id = ?")) {
            ps.setString(1, lifecycle.id());
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    /** The organization-level id of the person the row represents from now on; null: no organization points to it. */
    void setOrganizationUserId(Connection c, Location location, UUID id, UUID organizationUserId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + location.table("users")
                + " set organization_user_id = ? where id = ?")) {
            ps.setObject(1, organizationUserId);
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * Marks each row (by id) as the organization's person it is, where the row has no mark yet, SCIM still sees it
     * and no other row of the location is the person's already; how many it marked. Running it again marks nothing.
     */
    int markUnmarked(Connection c, Location location, List<UUID> rowIds, List<UUID> organizationUserIds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + location.table("users") + " u"
                + " set organization_user_id = m.person from unnest(?::uuid[], ?::uuid[]) as m(row_id, person)"
                + " where u.id = m.row_id and u.organization_user_id is null and u.scim_deleted_at is null"
                + " and not exists (select 1 from " + location.table("users") + " o where o.organization_user_id = m.person)")) {
            ps.setArray(1, c.createArrayOf("uuid", rowIds.toArray()));
            ps.setArray(2, c.createArrayOf("uuid", organizationUserIds.toArray()));
            return ps.executeUpdate();
        }
    }

    /** Takes the user out of every group of the location. */
    void leaveGroups(Connection c, Location location, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + location.table("group_members")
                + " where member_id = ?")) {
            ps.setString(1, id.toString());
            ps.executeUpdate();
        }
    }

    /** The parameters of insert and update alike: the indexed columns, the resource, the state, then the id. */
    private static void setColumns(PreparedStatement ps, UUID id, ObjectNode resource, boolean active, Lifecycle lifecycle,
                                   Source source, IdentityProvider provider) throws SQLException {
        ps.setString(1, resource.get("userName").asText());
        ps.setString(2, resource.hasNonNull("externalId") ? resource.get("externalId").asText() : null);
        ps.setBoolean(3, active);
        ps.setString(4, UserResources.text(resource, "name", "givenName"));
        ps.setString(5, UserResources.text(resource, "name", "familyName"));
        ps.setString(6, resource.hasNonNull("displayName") ? resource.get("displayName").asText() : null);
        ps.setString(7, UserResources.primaryEmail(resource));
        ps.setString(8, resource.toString());
        ps.setString(9, lifecycle.id());
        ps.setString(10, source.id());
        ps.setString(11, provider == null ? null : provider.id());
        ps.setObject(12, id);
    }

    private static UserRecord one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return readWithGroups(rs);
        }
    }

    private static UserRecord read(ResultSet rs) throws SQLException {
        String provider = rs.getString(7);
        return new UserRecord(
                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                Lifecycle.of(rs.getString(5)), Source.of(rs.getString(6)),
                provider == null ? null : IdentityProvider.of(provider),
                rs.getString(8), rs.getString(9), rs.getString(10),
                ScimJson.parseStored(rs.getBytes(11)),
                rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class), rs.getLong(14),
                rs.getObject(15, UUID.class), null);
    }

    private static UserRecord readWithGroups(ResultSet rs) throws SQLException {
        String groups = rs.getString(16);
        return read(rs).withGroups(groups == null ? JsonNodeFactory.instance.arrayNode() : ScimJson.parseStoredArray(groups));
    }
}
