package com.xakia.scim.group;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.location.AuditLog;
import com.xakia.scim.db.Rows;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.group.GroupChange.AddMembers;
import com.xakia.scim.group.GroupChange.RemoveAllMembers;
import com.xakia.scim.group.GroupChange.RemoveMembers;
import com.xakia.scim.group.GroupChange.ReplaceMembers;
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
import com.xakia.scim.location.Caller;
import com.xakia.scim.scim.ETags;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.Projection;
import com.xakia.scim.scim.ScimError;

/**
 * A location's groups: each write is one transaction in the location's database with its audit row.
 * Groups are deleted for real: no personal data lives in a group.
 */
public final class GroupService {

    private final LocationNamespaces namespaces;
    private final GroupRepository groups = new GroupRepository();

    public GroupService(LocationNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    public GroupRecord create(Caller caller, CreateGroup command) throws SQLException {
        Location location = caller.location();
        GroupInput in = command.group();
        return Transactions.inTransaction(data(location), c -> {
            UUID id = UUID.randomUUID();
            try {
                groups.insert(c, location, id, in.displayName(), in.externalId(), JsonNodeFactory.instance.objectNode());
            } catch (SQLException e) {
                throw uniqueness(e, in.displayName());
            }
            groups.addMembers(c, location, id, in.members());
            AuditLog.write(c, location, caller, "scim.group.create", id, List.of("displayName", "members"));
            return existing(c, location, id, false)
                    .withMembers(in.members().isEmpty() ? List.of() : groups.members(c, location, id));
        });
    }

    /** GET: members are read only when the projection returns them. */
    public GroupRecord get(Caller caller, String id, Projection projection) throws SQLException {
        UUID uuid = Rows.uuid(id, GroupService::notFound);
        Location location = caller.location();
        try (Connection c = data(location).getConnection()) {
            GroupRecord group = existing(c, location, uuid, false);
            return projection.returns("members") ? group.withMembers(groups.members(c, location, uuid)) : group;
        }
    }

    public Page list(Caller caller, ListRequest request) throws SQLException {
        Location location = caller.location();
        try (Connection c = data(location).getConnection()) {
            Page page = groups.page(c, location, request);
            if (page.resources() == null || !request.projection().returns("members")) {
                return page;
            }
            List<GroupRecord> withMembers = new ArrayList<>();
            for (var resource : page.resources()) {
                GroupRecord group = (GroupRecord) resource;
                withMembers.add(group.withMembers(groups.members(c, location, group.id())));
            }
            return page.withResources(withMembers);
        }
    }

    /** PUT: the group's attributes and its whole member list; only members that differ are written. */
    public GroupRecord replace(Caller caller, ReplaceGroup command) throws SQLException {
        GroupInput in = command.group();
        List<GroupChange> changes = List.of(new SetDisplayName(in.displayName()), new SetExternalId(in.externalId()),
                new ReplaceMembers(in.members()));
        return change(caller, Rows.uuid(command.id(), GroupService::notFound), command.ifMatch(), "scim.group.replace",
                changes, true, command.projection());
    }

    public GroupRecord patch(Caller caller, PatchGroup command) throws SQLException {
        return change(caller, Rows.uuid(command.id(), GroupService::notFound), command.ifMatch(), "scim.group.patch",
                command.changes(), false, command.projection());
    }

    public void delete(Caller caller, DeleteGroup command) throws SQLException {
        UUID id = Rows.uuid(command.id(), GroupService::notFound);
        Location location = caller.location();
        Transactions.inTransaction(data(location), c -> {
            GroupRecord current = existing(c, location, id, true);
            ETags.checkIfMatch(current.etag(), command.ifMatch());
            groups.delete(c, location, id);
            AuditLog.write(c, location, caller, "scim.group.delete", id, List.of());
            return null;
        });
    }

    /**
     * Runs changes in order in one transaction. {@code wholeGroup} (PUT) clears the other stored attributes a group
     * row written before the schema was enforced may hold (the Group schema declares none beyond displayName,
     * externalId and members); {@code projection} null means the caller answers 204 and needs no members read back.
     */
    private GroupRecord change(Caller caller, UUID id, String ifMatch, String operation, List<GroupChange> changes,
                               boolean wholeGroup, Projection projection) throws SQLException {
        Location location = caller.location();
        return Transactions.inTransaction(data(location), c -> {
            GroupRecord current = existing(c, location, id, true);
            ETags.checkIfMatch(current.etag(), ifMatch);
            String displayName = current.displayName();
            String externalId = current.externalId();
            ObjectNode resource = wholeGroup ? JsonNodeFactory.instance.objectNode() : current.resource();
            Set<String> changed = new LinkedHashSet<>(); // only what really changed: a no-op keeps version and audit
            for (GroupChange change : changes) {
                if (change instanceof SetDisplayName set) {
                    displayName = set.displayName(); // compared with the stored one below: A, B, then A is no change
                } else if (change instanceof SetExternalId set) {
                    externalId = set.externalId();
                } else if (changeMembers(c, location, id, change)) {
                    changed.add(change.attribute());
                }
            }
            if (!displayName.equals(current.displayName())) {
                changed.add("displayName");
            }
            if (!java.util.Objects.equals(externalId, current.externalId())) {
                changed.add("externalId");
            }
            if (changed.isEmpty() && resource.equals(current.resource())) {
                return projection != null && projection.returns("members")
                        ? current.withMembers(groups.members(c, location, id)) : current;
            }
            GroupRecord updated;
            try {
                updated = groups.update(c, location, id, displayName, externalId, resource);
            } catch (SQLException e) {
                throw uniqueness(e, displayName);
            }
            AuditLog.write(c, location, caller, operation, id, List.copyOf(changed));
            return projection != null && projection.returns("members")
                    ? updated.withMembers(groups.members(c, location, id)) : updated;
        });
    }

    /** Runs a membership change; whether any member row was added or removed. */
    private boolean changeMembers(Connection c, Location location, UUID id, GroupChange change) throws SQLException {
        if (change instanceof AddMembers add) {
            return groups.addMembers(c, location, id, add.members()) > 0;
        }
        if (change instanceof RemoveMembers remove) {
            return groups.removeMembers(c, location, id, remove.ids(), false) > 0;
        }
        if (change instanceof RemoveAllMembers) {
            return groups.removeMembers(c, location, id, List.of(), true) > 0;
        }
        if (change instanceof ReplaceMembers replace) {
            // Remove those not in the new list, add the new ones: unchanged rows are not touched.
            boolean removed = groups.removeMembers(c, location, id, replace.members().stream().map(Member::value).toList(), true) > 0;
            return groups.addMembers(c, location, id, replace.members()) > 0 || removed;
        }
        throw new IllegalStateException("unknown change " + change);
    }

    private GroupRecord existing(Connection c, Location location, UUID id, boolean forUpdate) throws SQLException {
        return groups.find(c, location, id, forUpdate).orElseThrow(() -> notFound(id.toString()));
    }

    private static SQLException uniqueness(SQLException e, String displayName) {
        return Transactions.uniqueOr(e, () -> ScimError.uniqueness("A group with displayName \"" + displayName
                + "\" already exists in this location."));
    }

    private static ScimError notFound(String id) {
        return ScimError.notFound("No group with id " + id + " in this location.");
    }

    private DataSource data(Location location) {
        return namespaces.dataSource(location);
    }
}
