package com.xakia.scim.group;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.db.AuditLog;
import com.xakia.scim.db.PagedQuery;
import com.xakia.scim.db.Rows;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.group.GroupChange.AddMembers;
import com.xakia.scim.group.GroupChange.RemoveAllMembers;
import com.xakia.scim.group.GroupChange.RemoveMembers;
import com.xakia.scim.group.GroupChange.ReplaceMembers;
import com.xakia.scim.group.GroupChange.SetAttribute;
import com.xakia.scim.group.GroupChange.SetDisplayName;
import com.xakia.scim.group.GroupChange.SetExternalId;
import com.xakia.scim.group.GroupRecord.Member;
import com.xakia.scim.group.GroupResources.CreateGroup;
import com.xakia.scim.group.GroupResources.DeleteGroup;
import com.xakia.scim.group.GroupResources.GroupInput;
import com.xakia.scim.group.GroupResources.PatchGroup;
import com.xakia.scim.group.GroupResources.ReplaceGroup;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.scim.Caller;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.Projection;
import com.xakia.scim.scim.ETags;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * A location's groups. Membership is a row per member: adding or removing members touches only their
 * rows, whatever the size of the group. Each write is one transaction with its audit row. Groups are
 * deleted for real: no personal data lives in a group.
 */
public final class GroupStore {

    private static final String COLUMNS = "id, display_name, external_id, resource::text, created_at, last_modified, version";

    private final LocationNamespaces namespaces;

    public GroupStore(LocationNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    public GroupRecord create(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body CreateGroup command) throws SQLException {
        Location location = caller.location();
        GroupInput in = command.group();
        return Transactions.inTransaction(data(location), c -> {
            UUID id = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("groups")
                    + " (id, display_name, external_id, resource, created_at, last_modified) values (?, ?, ?, ?::jsonb, now(), now())")) {
                ps.setObject(1, id);
                ps.setString(2, in.displayName());
                ps.setString(3, in.externalId());
                ps.setString(4, in.resource().toString());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw uniqueness(e, in.displayName());
            }
            addMembers(c, location, id, in.members());
            AuditLog.write(c, location, caller, "scim.group.create", id, List.of("displayName", "members"));
            return find(c, location, id, false).withMembers(in.members().isEmpty() ? List.of() : members(c, location, id));
        });
    }

    public GroupRecord get(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Header("id") String id,
                           @Body Projection projection) throws SQLException {
        UUID uuid = Rows.uuid(id, GroupStore::notFound);
        Location location = caller.location();
        try (Connection c = data(location).getConnection()) {
            GroupRecord group = find(c, location, uuid, false);
            return projection.returns("members") ? group.withMembers(members(c, location, uuid)) : group;
        }
    }

    public Page list(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body ListRequest request) throws SQLException {
        Location location = caller.location();
        try (Connection c = data(location).getConnection()) {
            Page page = PagedQuery.run(c, location, "groups", COLUMNS, "true", request, GroupStore::read);
            if (page.resources() == null || !request.projection().returns("members")) {
                return page;
            }
            List<GroupRecord> withMembers = new ArrayList<>();
            for (var resource : page.resources()) {
                GroupRecord group = (GroupRecord) resource;
                withMembers.add(group.withMembers(members(c, location, group.id())));
            }
            return page.withResources(withMembers);
        }
    }

    /** PUT: the group's attributes and its whole member list; only members that differ are written. */
    public GroupRecord replace(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body ReplaceGroup command) throws SQLException {
        GroupInput in = command.group();
        List<GroupChange> changes = List.of(new SetDisplayName(in.displayName()), new SetExternalId(in.externalId()),
                new ReplaceMembers(in.members()));
        return change(caller, Rows.uuid(command.id(), GroupStore::notFound), command.ifMatch(), "scim.group.replace", changes, in.resource(),
                command.projection());
    }

    public GroupRecord patch(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body PatchGroup command) throws SQLException {
        return change(caller, Rows.uuid(command.id(), GroupStore::notFound), command.ifMatch(), "scim.group.patch", command.changes(), null,
                command.projection());
    }

    public void delete(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body DeleteGroup command) throws SQLException {
        UUID id = Rows.uuid(command.id(), GroupStore::notFound);
        Location location = caller.location();
        Transactions.inTransaction(data(location), c -> {
            GroupRecord current = find(c, location, id, true);
            ETags.checkIfMatch(current.etag(), command.ifMatch());
            try (PreparedStatement ps = c.prepareStatement("delete from " + location.table("groups") + " where id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
            AuditLog.write(c, location, caller, "scim.group.delete", id, List.of());
            return null;
        });
    }

    // ---- internals -------------------------------------------------------------------------------

    /**
     * Runs changes in order in one transaction. {@code replacedResource} (PUT) replaces the stored
     * attributes; {@code projection} null means the caller answers 204 and needs no members read back.
     */
    private GroupRecord change(Caller caller, UUID id, String ifMatch, String operation, List<GroupChange> changes,
                               ObjectNode replacedResource, Projection projection) throws SQLException {
        Location location = caller.location();
        return Transactions.inTransaction(data(location), c -> {
            GroupRecord current = find(c, location, id, true);
            ETags.checkIfMatch(current.etag(), ifMatch);
            String displayName = current.displayName();
            String externalId = current.externalId();
            ObjectNode resource = replacedResource != null ? replacedResource : current.resource().deepCopy();
            Set<String> changed = new LinkedHashSet<>();
            for (GroupChange change : changes) {
                if (change instanceof SetDisplayName set) {
                    displayName = set.displayName();
                } else if (change instanceof SetExternalId set) {
                    externalId = set.externalId();
                } else if (change instanceof SetAttribute set) {
                    if (set.value() == null) {
                        resource.remove(set.name());
                    } else {
                        resource.set(set.name(), set.value());
                    }
                } else if (change instanceof AddMembers add) {
                    addMembers(c, location, id, add.members());
                } else if (change instanceof RemoveMembers remove) {
                    removeMembers(c, location, id, remove.ids(), false);
                } else if (change instanceof RemoveAllMembers) {
                    removeMembers(c, location, id, List.of(), true);
                } else if (change instanceof ReplaceMembers replace) {
                    // Remove those not in the new list, add the new ones: unchanged rows are not touched.
                    removeMembers(c, location, id, replace.members().stream().map(Member::value).toList(), true);
                    addMembers(c, location, id, replace.members());
                }
                changed.add(change.attribute());
            }
            GroupRecord updated;
            try (PreparedStatement ps = c.prepareStatement("update " + location.table("groups")
                    + " set display_name = ?, external_id = ?, resource = ?::jsonb, last_modified = now(),"
                    + " version = version + 1 where id = ? returning " + COLUMNS)) {
                ps.setString(1, displayName);
                ps.setString(2, externalId);
                ps.setString(3, resource.toString());
                ps.setObject(4, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    updated = read(rs);
                }
            } catch (SQLException e) {
                throw uniqueness(e, displayName);
            }
            AuditLog.write(c, location, caller, operation, id, List.copyOf(changed));
            return projection != null && projection.returns("members") ? updated.withMembers(members(c, location, id)) : updated;
        });
    }

    private static void addMembers(Connection c, Location location, UUID id, List<Member> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("group_members")
                + " (group_id, member_id, display) select ?, m.id, m.display from unnest(?::text[], ?::text[]) as m(id, display)"
                + " on conflict (group_id, member_id) do nothing")) {
            ps.setObject(1, id);
            ps.setArray(2, c.createArrayOf("text", members.stream().map(Member::value).toArray()));
            ps.setArray(3, c.createArrayOf("text", members.stream().map(Member::display).toArray()));
            ps.executeUpdate();
        }
    }

    /** Removes the named members, or with {@code allBut} every member except the named ones. */
    private static void removeMembers(Connection c, Location location, UUID id, List<String> ids, boolean allBut)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + location.table("group_members")
                + " where group_id = ? and " + (allBut ? "not " : "") + "(member_id = any(?))")) {
            ps.setObject(1, id);
            Array array = c.createArrayOf("text", ids.toArray());
            ps.setArray(2, array);
            ps.executeUpdate();
        }
    }

    private static List<Member> members(Connection c, Location location, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select member_id, display from " + location.table("group_members")
                + " where group_id = ? order by member_id")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<Member> members = new ArrayList<>();
                while (rs.next()) {
                    members.add(new Member(rs.getString(1), rs.getString(2)));
                }
                return members;
            }
        }
    }

    private static GroupRecord find(Connection c, Location location, UUID id, boolean forUpdate) throws SQLException {
        return Rows.byId(c, "select " + COLUMNS + " from " + location.table("groups") + " where id = ?"
                + (forUpdate ? " for update" : ""), id, GroupStore::read, GroupStore::notFound);
    }

    private static SQLException uniqueness(SQLException e, String displayName) {
        return Transactions.uniqueOr(e, () -> ScimError.uniqueness("A group with displayName \"" + displayName
                + "\" already exists in this location."));
    }

    private static GroupRecord read(ResultSet rs) throws SQLException {
        return new GroupRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                ScimJson.parseStored(rs.getString(4)),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getLong(7), null);
    }


    private static ScimError notFound(String id) {
        return ScimError.notFound("No group with id " + id + " in this location.");
    }

    private DataSource data(Location location) {
        return namespaces.dataSource(location);
    }
}
