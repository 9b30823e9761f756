package com.xakia.scim.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.db.AuditLog;
import com.xakia.scim.db.PagedQuery;
import com.xakia.scim.db.Rows;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.invite.InvitationStore;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.scim.Caller;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ETags;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.user.UserCommands.CreateNativeUser;
import com.xakia.scim.user.UserCommands.CreateUser;
import com.xakia.scim.user.UserCommands.DeleteUser;
import com.xakia.scim.user.UserCommands.PatchUser;
import com.xakia.scim.user.UserCommands.ReplaceUser;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * A location's users in its own namespace. Each write is one transaction: the user row and its audit
 * row commit together. SCIM never hard-deletes: DELETE hides the user from SCIM and keeps it inactive.
 */
public final class UserStore {

    private static final String COLUMNS = "id, user_name, external_id, active, lifecycle, source, given_name,"
            + " family_name, email, resource::text, created_at, last_modified, version";

    private final LocationNamespaces namespaces;
    private final UserEvents events;

    public UserStore(LocationNamespaces namespaces) {
        this(namespaces, UserEvents.NONE);
    }

    public UserStore(LocationNamespaces namespaces, UserEvents events) {
        this.namespaces = namespaces;
        this.events = events;
    }

    public UserRecord create(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body CreateUser command) throws SQLException {
        Location location = caller.location();
        UserRecord created = Transactions.inTransaction(data(location), c -> {
            UserRecord user = insert(c, location, command.resource(), "provisioned", "okta");
            AuditLog.write(c, location, caller, "scim.user.create", user.id(), attributeNames(command.resource()));
            return user;
        });
        events.created(location.id());
        return created;
    }

    public UserRecord get(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Header("id") String id) throws SQLException {
        UUID uuid = Rows.uuid(id, UserStore::notFound);
        try (Connection c = data(caller.location()).getConnection()) {
            return withGroups(c, caller.location(), List.of(find(c, caller.location(), uuid, false))).get(0);
        }
    }

    public Page list(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body ListRequest request) throws SQLException {
        Location location = caller.location();
        try (Connection c = data(location).getConnection()) {
            Page page = PagedQuery.run(c, location, "users", COLUMNS, "scim_deleted_at is null", request, UserStore::read);
            if (page.resources() == null || !request.projection().returns("groups")) {
                return page;
            }
            @SuppressWarnings("unchecked")
            List<UserRecord> users = (List<UserRecord>) page.resources();
            return page.withResources(withGroups(c, location, users));
        }
    }

    public UserRecord replace(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body ReplaceUser command) throws SQLException {
        UUID id = Rows.uuid(command.id(), UserStore::notFound);
        return update(caller, id, command.ifMatch(), "scim.user.replace", current -> {
            ObjectNode next = command.resource().deepCopy();
            if (!next.has("active")) {
                next.put("active", current.active());
            }
            return next;
        });
    }

    public UserRecord patch(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body PatchUser command) throws SQLException {
        UUID id = Rows.uuid(command.id(), UserStore::notFound);
        return update(caller, id, command.ifMatch(), "scim.user.patch",
                current -> UserResources.applyPatch(withActive(current), command.patch()));
    }

    /** RFC 7644 3.6: gone for SCIM (404 from now on); kept in Xakia as an inactive user. */
    public void delete(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body DeleteUser command) throws SQLException {
        UUID id = Rows.uuid(command.id(), UserStore::notFound);
        Location location = caller.location();
        boolean wasActive = Transactions.inTransaction(data(location), c -> {
            UserRecord current = find(c, location, id, true);
            ETags.checkIfMatch(current.etag(), command.ifMatch());
            try (PreparedStatement ps = c.prepareStatement("update " + location.table("users")
                    + " set scim_deleted_at = now(), active = false, last_modified = now(), version = version + 1"
                    + " where id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
            InvitationStore.cancelOpen(c, location, id); // a deactivated user's links stop working
            // Gone for SCIM means gone from its groups too; the user itself stays in Xakia.
            try (PreparedStatement ps = c.prepareStatement("delete from " + location.table("group_members")
                    + " where member_id = ?")) {
                ps.setString(1, id.toString());
                ps.executeUpdate();
            }
            AuditLog.write(c, location, caller, "scim.user.delete", id, List.of("active"));
            return current.active();
        });
        if (wasActive) {
            events.deactivated(location.id());
        }
    }

    // ---- admin side ------------------------------------------------------------------------------

    /** A user the way the rest of Xakia creates them: active, source native, no invitation needed. */
    public UserRecord createNative(Location location, CreateNativeUser command, String requestId) throws SQLException {
        ObjectNode resource = UserResources.nativeUser(command);
        return Transactions.inTransaction(data(location), c -> {
            UserRecord user = insert(c, location, resource, "active", "native");
            AuditLog.write(c, location, new Caller(location, "admin", requestId), "admin.user.create", user.id(), List.of());
            return user;
        });
    }

    /** Every user of the location, including those SCIM deleted (kept as inactive). */
    public List<UserRecord> all(Location location) throws SQLException {
        try (Connection c = data(location).getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select " + COLUMNS + " from " + location.table("users") + " order by created_at, id");
             ResultSet rs = ps.executeQuery()) {
            List<UserRecord> users = new ArrayList<>();
            while (rs.next()) {
                users.add(read(rs));
            }
            return users;
        }
    }

    // ---- internals -------------------------------------------------------------------------------

    private interface Change {
        ObjectNode apply(UserRecord current);
    }

    private UserRecord update(Caller caller, UUID id, String ifMatch, String operation, Change change) throws SQLException {
        Location location = caller.location();
        boolean[] wasActive = new boolean[1];
        UserRecord result = Transactions.inTransaction(data(location), c -> {
            UserRecord current = find(c, location, id, true);
            wasActive[0] = current.active();
            ETags.checkIfMatch(current.etag(), ifMatch);
            ObjectNode next = change.apply(current);
            boolean active = next.path("active").asBoolean(true);
            // A user Xakia already had becomes linked once the IdP manages it.
            String source = current.source().equals("native") ? "linked" : current.source();
            UserRecord updated;
            try (PreparedStatement ps = c.prepareStatement("update " + location.table("users")
                    + " set user_name = ?, external_id = ?, active = ?, source = ?, given_name = ?, family_name = ?,"
                    + " display_name = ?, email = ?, resource = ?::jsonb, last_modified = now(), version = version + 1"
                    + " where id = ? returning " + COLUMNS)) {
                setColumns(ps, next, active);
                ps.setString(4, source);
                ps.setObject(10, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    updated = read(rs);
                }
            } catch (SQLException e) {
                throw uniqueness(e, next);
            }
            if (current.active() && !active) {
                InvitationStore.cancelOpen(c, location, id); // a deactivated user's links stop working
            }
            AuditLog.write(c, location, caller, operation, id, changedAttributes(withActive(current), next));
            return withGroups(c, location, List.of(updated)).get(0);
        });
        events.updated(location.id());
        if (wasActive[0] != result.active()) {
            if (result.active()) {
                events.reactivated(location.id());
            } else {
                events.deactivated(location.id());
            }
        }
        return result;
    }

    private UserRecord insert(Connection c, Location location, ObjectNode resource, String lifecycle, String source)
            throws SQLException {
        boolean active = resource.path("active").asBoolean(true);
        try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("users")
                + " (user_name, external_id, active, lifecycle, given_name, family_name, display_name, email, resource,"
                + " source, id, created_at, last_modified) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now(), now())"
                + " returning " + COLUMNS)) {
            setColumns(ps, resource, active);
            ps.setString(4, lifecycle);
            ps.setString(10, source);
            ps.setObject(11, UUID.randomUUID());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        } catch (SQLException e) {
            throw uniqueness(e, resource);
        }
    }

    /** Parameters 1-3 and 5-9 of insert and update alike: the indexed columns and the resource. */
    private static void setColumns(PreparedStatement ps, ObjectNode resource, boolean active) throws SQLException {
        ps.setString(1, resource.get("userName").asText());
        ps.setString(2, resource.hasNonNull("externalId") ? resource.get("externalId").asText() : null);
        ps.setBoolean(3, active);
        ps.setString(5, UserResources.text(resource, "name", "givenName"));
        ps.setString(6, UserResources.text(resource, "name", "familyName"));
        ps.setString(7, resource.hasNonNull("displayName") ? resource.get("displayName").asText() : null);
        ps.setString(8, UserResources.primaryEmail(resource));
        ps.setString(9, resource.toString());
    }

    private static SQLException uniqueness(SQLException e, ObjectNode resource) {
        return Transactions.uniqueOr(e, () -> ScimError.uniqueness("A user with userName \""
                + resource.get("userName").asText() + "\" already exists in this location."));
    }

    private static UserRecord find(Connection c, Location location, UUID id, boolean forUpdate) throws SQLException {
        return Rows.byId(c, "select " + COLUMNS + " from " + location.table("users") + " where id = ? and scim_deleted_at is null"
                + (forUpdate ? " for update" : ""), id, UserStore::read, UserStore::notFound);
    }


    private static ObjectNode withActive(UserRecord user) {
        ObjectNode resource = user.resource().deepCopy();
        resource.put("active", user.active());
        return resource;
    }

    /** Names of the top-level attributes that differ: what the audit row records (never values). */
    private static List<String> changedAttributes(ObjectNode before, ObjectNode after) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!Objects.equals(before.get(name), after.get(name))) {
                names.add(name);
            }
        }
        before.fieldNames().forEachRemaining(name -> {
            if (!after.has(name)) {
                names.add(name);
            }
        });
        names.remove("schemas");
        return List.copyOf(names);
    }

    private static List<String> attributeNames(ObjectNode resource) {
        List<String> names = new ArrayList<>();
        resource.fieldNames().forEachRemaining(names::add);
        names.remove("schemas");
        return names;
    }

    private static UserRecord read(ResultSet rs) throws SQLException {
        return new UserRecord(
                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                ScimJson.parseStored(rs.getString(10)),
                rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class), rs.getLong(13), null);
    }

    /** The users with their groups attribute (RFC 7643 4.1.2), read in one query for the whole page. */
    private List<UserRecord> withGroups(Connection c, Location location, List<UserRecord> users) throws SQLException {
        if (users.isEmpty()) {
            return users;
        }
        Map<String, ArrayNode> groups = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select m.member_id, g.id, g.display_name from "
                + location.table("group_members") + " m join " + location.table("groups") + " g on g.id = m.group_id"
                + " where m.member_id = any(?) order by g.display_name")) {
            ps.setArray(1, c.createArrayOf("text", users.stream().map(u -> u.id().toString()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode group = groups.computeIfAbsent(rs.getString(1), k -> JsonNodeFactory.instance.arrayNode())
                            .addObject();
                    group.put("value", rs.getString(2));
                    group.put("display", rs.getString(3));
                    group.put("type", "direct");
                }
            }
        }
        List<UserRecord> out = new ArrayList<>(users.size());
        for (UserRecord user : users) {
            out.add(user.withGroups(groups.getOrDefault(user.id().toString(), JsonNodeFactory.instance.arrayNode())));
        }
        return out;
    }


    private static ScimError notFound(String id) {
        return ScimError.notFound("No user with id " + id + " in this location.");
    }

    private DataSource data(Location location) {
        return namespaces.dataSource(location);
    }
}
