package com.xakia.scim.user;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.invite.InvitationStore;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.scim.Caller;
import com.xakia.scim.scim.ScimError;
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

    public UserStore(LocationNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    public UserRecord create(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body CreateUser command) throws SQLException {
        Location location = caller.location();
        return Transactions.inTransaction(data(location), c -> {
            UserRecord user = insert(c, location, command.resource(), "provisioned", "okta");
            audit(c, location, caller, "scim.user.create", user.id(), attributeNames(command.resource()));
            return user;
        });
    }

    public UserRecord get(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Header("id") String id) throws SQLException {
        UUID uuid = uuid(id);
        try (Connection c = data(caller.location()).getConnection()) {
            return find(c, caller.location(), uuid, false);
        }
    }

    public UserPage list(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body ListRequest request) throws SQLException {
        Location location = caller.location();
        String where = " from " + location.table("users") + " where scim_deleted_at is null and ("
                + request.where().condition() + ")";
        try (Connection c = data(location).getConnection()) {
            int total;
            try (PreparedStatement ps = c.prepareStatement("select count(*)" + where)) {
                bind(ps, request.where().parameters(), 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            List<UserRecord> users = new ArrayList<>();
            if (request.count() > 0 && total >= request.startIndex()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "select " + COLUMNS + where + " order by created_at, id offset ? limit ?")) {
                    int next = bind(ps, request.where().parameters(), 1);
                    ps.setLong(next, request.startIndex() - 1L);
                    ps.setInt(next + 1, request.count());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            users.add(read(rs));
                        }
                    }
                }
            }
            return new UserPage(total, request.startIndex(), users);
        }
    }

    public UserRecord replace(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body ReplaceUser command) throws SQLException {
        UUID id = uuid(command.id());
        return update(caller, id, command.ifMatch(), "scim.user.replace", current -> {
            ObjectNode next = command.resource().deepCopy();
            if (!next.has("active")) {
                next.put("active", current.active());
            }
            return next;
        });
    }

    public UserRecord patch(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body PatchUser command) throws SQLException {
        UUID id = uuid(command.id());
        return update(caller, id, command.ifMatch(), "scim.user.patch",
                current -> UserResources.applyPatch(withActive(current), command.patch()));
    }

    /** RFC 7644 3.6: gone for SCIM (404 from now on); kept in Xakia as an inactive user. */
    public void delete(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body DeleteUser command) throws SQLException {
        UUID id = uuid(command.id());
        Location location = caller.location();
        Transactions.inTransaction(data(location), c -> {
            UserRecord current = find(c, location, id, true);
            checkIfMatch(current, command.ifMatch());
            try (PreparedStatement ps = c.prepareStatement("update " + location.table("users")
                    + " set scim_deleted_at = now(), active = false, last_modified = now(), version = version + 1"
                    + " where id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
            InvitationStore.cancelOpen(c, location, id); // a deactivated user's links stop working
            audit(c, location, caller, "scim.user.delete", id, List.of("active"));
            return null;
        });
    }

    // ---- admin side ------------------------------------------------------------------------------

    /** A user the way the rest of Xakia creates them: active, source native, no invitation needed. */
    public UserRecord createNative(Location location, CreateNativeUser command) throws SQLException {
        ObjectNode resource = UserResources.nativeUser(command);
        return Transactions.inTransaction(data(location), c -> {
            UserRecord user = insert(c, location, resource, "active", "native");
            audit(c, location, new Caller(location, "admin", null), "admin.user.create", user.id(), List.of());
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
        return Transactions.inTransaction(data(location), c -> {
            UserRecord current = find(c, location, id, true);
            checkIfMatch(current, ifMatch);
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
            audit(c, location, caller, operation, id, changedAttributes(withActive(current), next));
            return updated;
        });
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
        ps.setString(9, UserResources.toJson(resource));
    }

    private static SQLException uniqueness(SQLException e, ObjectNode resource) {
        if (Transactions.isUniqueViolation(e)) {
            throw ScimError.uniqueness("A user with userName \"" + resource.get("userName").asText()
                    + "\" already exists in this location.");
        }
        return e;
    }

    private static UserRecord find(Connection c, Location location, UUID id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from " + location.table("users")
                + " where id = ? and scim_deleted_at is null" + (forUpdate ? " for update" : ""))) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound(id.toString());
                }
                return read(rs);
            }
        }
    }

    private static void checkIfMatch(UserRecord current, String ifMatch) {
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")
                && !List.of(ifMatch.split(",")).stream().map(String::trim).anyMatch(current.etag()::equals)) {
            throw ScimError.preconditionFailed("The user was changed since version " + ifMatch.trim()
                    + "; it is now at " + current.etag() + ".");
        }
    }

    public static void audit(Connection c, Location location, Caller caller, String operation, UUID resourceId,
                              List<String> attributes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("audit")
                + " (actor, operation, resource_id, attributes, request_id) values (?, ?, ?, ?, ?)")) {
            ps.setString(1, caller.actor());
            ps.setString(2, operation);
            ps.setString(3, resourceId.toString());
            Array names = c.createArrayOf("text", attributes.toArray());
            ps.setArray(4, names);
            ps.setString(5, caller.requestId());
            ps.executeUpdate();
        }
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
                UserResources.fromJson(rs.getString(10)),
                rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class), rs.getLong(13));
    }

    private static int bind(PreparedStatement ps, List<Object> parameters, int first) throws SQLException {
        int index = first;
        for (Object p : parameters) {
            ps.setObject(index++, p);
        }
        return index;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound(id);
        }
    }

    private static ScimError notFound(String id) {
        return ScimError.notFound("No user with id " + id + " in this location.");
    }

    private DataSource data(Location location) {
        return namespaces.dataSource(location);
    }
}
