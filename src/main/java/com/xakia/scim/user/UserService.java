package com.xakia.scim.user;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.location.AuditLog;
import com.xakia.scim.db.MergeOrder;
import com.xakia.scim.db.Rows;
import com.xakia.scim.db.SharedSnapshot;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.invite.InvitationStore;
import com.xakia.scim.lifecycle.Lifecycle;
import com.xakia.scim.lifecycle.Source;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Caller;
import com.xakia.scim.scim.ETags;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimFilter;
import com.xakia.scim.user.UserCommands.CreateNativeUser;
import com.xakia.scim.user.UserCommands.CreateUser;
import com.xakia.scim.user.UserCommands.DeleteUser;
import com.xakia.scim.user.UserCommands.PatchUser;
import com.xakia.scim.user.UserCommands.ReplaceUser;

/**
 * A location's users: every way into and through their lifecycle — SCIM's create, replace, patch and
 * delete, Xakia's own users, the admin's list — with the rules in one place. Each write is one transaction in
 * the location's database: the user row, the invitations it cancels and its audit row commit together. SCIM
 * never hard-deletes: DELETE hides the user from SCIM and keeps it in Xakia as an inactive user.
 */
public final class UserService {

    private final LocationNamespaces namespaces;
    private final UserEvents events;
    private final UserRepository users = new UserRepository();

    public UserService(LocationNamespaces namespaces, UserEvents events) {
        this.namespaces = namespaces;
        this.events = events;
    }

    /**
     * More work in a write's own transaction, on its connection, after the user row is written (and before
     * the commit): what an organization keeps in step with its locations' users. Throwing rolls the write back.
     */
    @FunctionalInterface
    public interface AlsoInTransaction {
        AlsoInTransaction NOTHING = (c, user) -> { };

        void run(Connection c, UserRecord user) throws SQLException;
    }

    /**
     * More writing in a create's own statement: a data-modifying statement over the row just inserted (the query
     * {@code inserted}, with the users table's columns), its {@code ?} bound to {@code parameters} in order. What an
     * organization keeps in step with its location's new user, at the cost of no round trip and no commit of its own.
     */
    public record AlsoInStatement(String sql, List<Object> parameters) {
        public static final AlsoInStatement NOTHING = new AlsoInStatement("", List.of());
    }

    /**
     * A condition on a user's row ({@code users}) that another owner's table decides, checked in the row's own
     * statement, its {@code ?} bound to {@code parameters} in order: a read it confirms costs no second round trip.
     */
    public record RowCondition(String sql, List<Object> parameters) {}

    public UserRecord create(Caller caller, CreateUser command) throws SQLException {
        return create(caller, command, AlsoInTransaction.NOTHING);
    }

    /**
     * An organization's new person in this location as one autocommitted statement: a new row with the person's id
     * as its own, marked as the person's, its audit row as a create writes them, and {@code also}. Empty, with
     * nothing written, when SCIM already sees a user with the userName here: {@link #adopt} links that one.
     * A unique_violation raised by {@code also} is thrown as it is, and nothing is written.
     */
    public Optional<UserRecord> createIfNameFree(Caller caller, ObjectNode resource, UUID personId,
                                                 AlsoInStatement also) throws SQLException {
        try (Connection c = data(caller.location()).getConnection()) {
            return insertIfNameFree(c, caller, personId, resource, personId, also);
        }
    }

    public UserRecord create(Caller caller, CreateUser command, AlsoInTransaction also) throws SQLException {
        Location location = caller.location();
        UserRecord created;
        if (also == AlsoInTransaction.NOTHING) {
            // the user and its audit row are one statement: committed on its own, one round trip and one WAL flush
            try (Connection c = data(location).getConnection()) {
                created = insert(c, caller, command.id(), command.resource());
            }
        } else {
            created = Transactions.inTransaction(data(location), c -> {
                UserRecord user = insert(c, caller, command.id(), command.resource());
                also.run(c, user);
                return user;
            });
        }
        events.created(location.id());
        return created;
    }

    public UserRecord get(Caller caller, String id) throws SQLException {
        UUID uuid = Rows.uuid(id, UserService::notFound);
        try (Connection c = data(caller.location()).getConnection()) {
            return existing(c, caller.location(), uuid, false);
        }
    }

    /**
     * The user SCIM sees with this userName (in any case), with its groups, if {@code condition} holds for its row
     * in the same statement; empty when there is none or it does not hold.
     */
    public Optional<UserRecord> findByUserNameIf(Caller caller, String userName, RowCondition condition)
            throws SQLException {
        try (Connection c = data(caller.location()).getConnection()) {
            return users.findByUserNameIf(c, caller.location(), userName, condition);
        }
    }

    public Page list(Caller caller, ListRequest request) throws SQLException {
        Location location = caller.location();
        try (Connection c = data(location).getConnection()) {
            return users.page(c, location, request, request.projection().returns("groups"));
        }
    }

    /** PUT: the resource as sent; without {@code active} the user keeps its state. */
    public UserRecord replace(Caller caller, ReplaceUser command) throws SQLException {
        return replace(caller, command, AlsoInTransaction.NOTHING);
    }

    public UserRecord replace(Caller caller, ReplaceUser command, AlsoInTransaction also) throws SQLException {
        return update(caller, command.id(), command.ifMatch(), "scim.user.replace", stored -> command.resource().deepCopy(),
                also);
    }

    /** PATCH: the operations applied to the stored resource; one that removes {@code active} keeps the state. */
    public UserRecord patch(Caller caller, PatchUser command) throws SQLException {
        return patch(caller, command, AlsoInTransaction.NOTHING);
    }

    public UserRecord patch(Caller caller, PatchUser command, AlsoInTransaction also) throws SQLException {
        return update(caller, command.id(), command.ifMatch(), "scim.user.patch",
                stored -> UserResources.applyPatch(command.schema(), stored, command.patch()), also);
    }

    /** RFC 7644 3.6: gone for SCIM (404 from now on); kept in Xakia as an inactive user, out of its groups. */
    public void delete(Caller caller, DeleteUser command) throws SQLException {
        delete(caller, command, AlsoInTransaction.NOTHING);
    }

    public void delete(Caller caller, DeleteUser command, AlsoInTransaction also) throws SQLException {
        Transactions.inTransaction(data(caller.location()), c -> {
            delete(c, caller, command, also);
            return null;
        });
    }

    /** DELETE on the connection of a transaction the caller holds (an organization's, spanning its index). */
    public void delete(Connection c, Caller caller, DeleteUser command, AlsoInTransaction also) throws SQLException {
        UUID id = Rows.uuid(command.id(), UserService::notFound);
        Location location = caller.location();
        UserRecord current = existing(c, location, id, true);
        ETags.checkIfMatch(current.etag(), command.ifMatch());
        InvitationStore.cancelOpen(c, location, id); // a deactivated user's links stop working
        users.hideFromScim(c, location, id, current.lifecycle().deactivate());
        users.leaveGroups(c, location, id);
        AuditLog.write(c, location, caller, "scim.user.delete", id, List.of("active"));
        also.run(c, current);
        if (current.active()) {
            events.deactivated(location.id()); // counted before the commit: only a failing commit miscounts
        }
    }

    // ---- an organization's steps, each on the connection of a transaction the organization holds ----

    /** The edit a PUT makes of the stored resource. */
    public static UnaryOperator<ObjectNode> replacing(ReplaceUser command) {
        return stored -> command.resource().deepCopy();
    }

    /** The edit a PATCH makes of the stored resource. */
    public static UnaryOperator<ObjectNode> patching(PatchUser command) {
        return stored -> UserResources.applyPatch(command.schema(), stored, command.patch());
    }

    /** Runs work in one transaction of the location's database, its namespace migrated first. */
    public <T> T inTransaction(Location location, Transactions.Work<T> work) throws SQLException {
        return Transactions.inTransaction(data(location), work);
    }

    /** Migrates the location's namespace if it is behind: before a transaction of the control database uses it. */
    public void prepare(Location location) {
        data(location);
    }

    /**
     * What an edit would make of the user (locked for update), with the {@code active} state it would leave,
     * without writing anything: how an organization sees where a PUT or PATCH routes the user.
     */
    public ObjectNode preview(Connection c, Location location, UUID id, String ifMatch, UnaryOperator<ObjectNode> edit)
            throws SQLException {
        UserRecord current = existing(c, location, id, true);
        ETags.checkIfMatch(current.etag(), ifMatch);
        ObjectNode next = edit.apply(withActive(current));
        JsonNode requested = next.get("active");
        next.put("active", Lifecycle.nextActive(current.active(), requested == null ? null : requested.asBoolean()));
        return next;
    }

    /** A PUT or PATCH (the edit) recorded as {@code operation}. */
    public UserRecord update(Connection c, Caller caller, UUID id, String ifMatch, String operation,
                             UnaryOperator<ObjectNode> edit, AlsoInTransaction also) throws SQLException {
        return updateOn(c, caller, id, ifMatch, operation, edit, also);
    }

    /**
     * The row an organization's person takes in this location: the row already marked as the person's (an
     * earlier run of a move a crash interrupted, perhaps renamed since at the location's own base URI); else the
     * row SCIM sees with the same userName (in any case) — the person's earlier row, a native Xakia user, a user
     * written at the location's own base URI — updated with the resource and linked, never duplicated and never
     * invited again; else a new row with {@code newRowId}, as a create writes it. Either way the row is marked as
     * the person's. A row that is already another person's of the organization, or a userName another row of
     * the location has: 409, nothing written.
     */
    public UserRecord adopt(Connection c, Caller caller, ObjectNode resource, UUID newRowId, UUID personId,
                            String operation) throws SQLException {
        Location location = caller.location();
        Optional<UserRecord> marked = users.findByOrganizationUserId(c, location, personId, true);
        if (marked.isPresent()) {
            return updateOn(c, caller, marked.get().id(), null, operation, stored -> resource.deepCopy(),
                    AlsoInTransaction.NOTHING);
        }
        String userName = resource.get("userName").asText();
        Optional<UserRecord> created = insertIfNameFree(c, caller, newRowId, resource, personId, AlsoInStatement.NOTHING);
        if (created.isPresent()) {
            return created.get();
        }
        UserRecord row = users.findByUserName(c, location, userName).orElseThrow(() -> ScimError.uniqueness("The user"
                + " with userName \"" + userName + "\" changed while this request ran; nothing was changed, retry."));
        if (row.organizationUserId() != null && !row.organizationUserId().equals(personId)) {
            throw ScimError.uniqueness("A user with userName \"" + userName + "\" already exists in the location"
                    + " this user is routed to, as another user of the organization. Nothing was changed.");
        }
        UserRecord user = updateOn(c, caller, row.id(), null, operation, stored -> resource.deepCopy(),
                AlsoInTransaction.NOTHING);
        if (personId.equals(user.organizationUserId())) {
            return user;
        }
        users.setOrganizationUserId(c, location, user.id(), personId);
        return users.find(c, location, user.id(), false).orElseThrow();
    }

    /**
     * The person's row in the location it moves out of: kept with its data, made inactive as a deactivation
     * does (open invitations cancelled, an audit row), no longer the organization's.
     */
    public void leave(Connection c, Caller caller, UUID id, UUID personId) throws SQLException {
        Optional<UserRecord> row = users.find(c, caller.location(), id, true);
        if (row.isEmpty() || row.get().organizationUserId() != null && !row.get().organizationUserId().equals(personId)) {
            return; // deleted at the location meanwhile, or another person's since: nothing of this person's to leave
        }
        UserRecord left = updateOn(c, caller, id, null, "scim.user.move-out", stored -> stored.put("active", false),
                AlsoInTransaction.NOTHING);
        if (left.organizationUserId() != null) {
            users.setOrganizationUserId(c, caller.location(), id, null);
        }
    }

    /** The row marked as the organization's person, if the location has one SCIM sees. */
    public Optional<UserRecord> findOrganizationUser(Caller caller, UUID personId) throws SQLException {
        try (Connection c = data(caller.location()).getConnection()) {
            return users.findByOrganizationUserId(c, caller.location(), personId, false);
        }
    }

    /**
     * Marks the row as the one an organization's person now is ({@code organizationUserId}), or as no longer any
     * (null), on the connection of a write in progress. Another row of the location already representing that
     * person raises unique_violation.
     */
    public void representOrganizationUser(Connection c, Location location, UUID rowId, UUID organizationUserId)
            throws SQLException {
        users.setOrganizationUserId(c, location, rowId, organizationUserId);
    }

    /**
     * Marks rows an organization wrote before the mark existed (location migration V6) as the people they are
     * ({@code rowIds[i]} is {@code organizationUserIds[i]}'s), on the connection of a transaction the organization
     * holds: only rows with no mark that SCIM sees, so it changes nothing when run again.
     */
    public int markOrganizationUsers(Connection c, Location location, List<UUID> rowIds, List<UUID> organizationUserIds)
            throws SQLException {
        return users.markUnmarked(c, location, rowIds, organizationUserIds);
    }

    // ---- Xakia's side ----------------------------------------------------------------------------

    /** A user the way the rest of Xakia creates them: active, native, no invitation needed. The caller is an admin. */
    public UserRecord createNative(Caller caller, CreateNativeUser command) throws SQLException {
        Location location = caller.location();
        ObjectNode resource = UserResources.nativeUser(command);
        return Transactions.inTransaction(data(location), c -> {
            UserRecord user;
            try {
                user = users.insert(c, location, UUID.randomUUID(), resource, true, Lifecycle.ofNewUser(Source.NATIVE), Source.NATIVE, null,
                        null);
            } catch (SQLException e) {
                throw uniqueness(e, resource);
            }
            AuditLog.write(c, location, caller, "admin.user.create", user.id(), List.of());
            return user;
        });
    }

    /** The order of a list across an organization's locations: the request's, ties by the organization-level id. */
    public static MergeOrder organizationOrder(ListRequest.Sort sort) {
        return MergeOrder.of(sort, UserRepository.ORGANIZATION_ID);
    }

    /**
     * A location's share of a list across its organization's locations, read on one connection: its count and the
     * keys of its first matches. Keys that are all the matches are their own count, as at a location's endpoint.
     */
    public LocationShare share(Location location, LocationShare.Query query) throws SQLException {
        return read(location, query.snapshot(), c -> {
            List<MergeOrder.Key> keys = query.limit() == 0 ? List.of()
                    : users.keysOfOrganization(c, location, query.where(), query.order(), query.after(), query.limit());
            int total = -1;
            if (query.counted()) {
                boolean whole = query.limit() > 0 && keys.size() < query.limit() && query.after() == null;
                total = whole ? keys.size() : users.countOfOrganization(c, location, query.where());
            }
            return new LocationShare(total, keys);
        });
    }

    /**
     * The rows of the organization's users with these organization-level ids that still match {@code where}, with
     * their groups when asked: the page a merge of the locations' keys chose.
     */
    public List<UserRecord> ofOrganization(Location location, ScimFilter.Sql where, List<UUID> organizationIds,
                                           boolean withGroups, String snapshot) throws SQLException {
        return read(location, snapshot, c -> {
            return users.ofOrganization(c, location, where, organizationIds, withGroups);
        });
    }

    @FunctionalInterface
    private interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    /** A read on one connection, in the shared snapshot when there is one and the location's namespace is in it. */
    private <T> T read(Location location, String snapshot, Read<T> read) throws SQLException {
        try (Connection c = data(location).getConnection()) {
            if (snapshot == null || !location.sharesControlDatabase()) {
                return read.run(c);
            }
            SharedSnapshot.join(c, snapshot);
            try {
                return read.run(c);
            } finally {
                SharedSnapshot.leave(c);
            }
        }
    }

    /** Every user of the location, including those SCIM deleted (kept as inactive). */
    public List<UserRecord> all(Location location) throws SQLException {
        try (Connection c = data(location).getConnection()) {
            return users.all(c, location);
        }
    }

    // ---- internals -------------------------------------------------------------------------------

    private UserRecord update(Caller caller, String userId, String ifMatch, String operation,
                              UnaryOperator<ObjectNode> change, AlsoInTransaction also) throws SQLException {
        UUID id = Rows.uuid(userId, UserService::notFound);
        return Transactions.inTransaction(data(caller.location()),
                c -> updateOn(c, caller, id, ifMatch, operation, change, also));
    }

    /** A change of the user in the caller's transaction; the events are counted before the commit. */
    private UserRecord updateOn(Connection c, Caller caller, UUID id, String ifMatch, String operation,
                                UnaryOperator<ObjectNode> change, AlsoInTransaction also) throws SQLException {
        Location location = caller.location();
        UserRecord current = existing(c, location, id, true);
        ETags.checkIfMatch(current.etag(), ifMatch);
        ObjectNode next = change.apply(withActive(current));
        JsonNode requested = next.get("active");
        boolean active = Lifecycle.nextActive(current.active(), requested == null ? null : requested.asBoolean());
        next.put("active", active);
        if (next.equals(withActive(current)) && current.source().managed() == current.source()
                && current.identityProvider() == caller.identityProvider()) {
            // RFC 7644 3.5.2: a change that changes nothing leaves version, lastModified and the audit as they were
            also.run(c, current);
            return current;
        }
        Lifecycle lifecycle = current.lifecycle();
        if (current.active() && !active) {
            InvitationStore.cancelOpen(c, location, id); // a deactivated user's links stop working
            lifecycle = lifecycle.deactivate();
        }
        UserRecord updated;
        try {
            // the identity provider writing it manages the user from now on; a native user becomes linked
            updated = users.update(c, location, id, next, active, lifecycle, current.source().managed(),
                    caller.identityProvider());
        } catch (SQLException e) {
            throw uniqueness(e, next);
        }
        AuditLog.write(c, location, caller, operation, id, changedAttributes(withActive(current), next));
        also.run(c, updated);
        events.updated(location.id());
        if (current.active() != active) {
            if (active) {
                events.reactivated(location.id());
            } else {
                events.deactivated(location.id());
            }
        }
        return updated;
    }

    /** A new user row as a SCIM create writes it, with its audit row: one statement. */
    private UserRecord insert(Connection c, Caller caller, UUID id, ObjectNode resource) throws SQLException {
        Source source = Source.provisionedBy(caller.identityProvider());
        try {
            return users.insertAudited(c, caller.location(), id, resource, resource.path("active").asBoolean(true),
                    Lifecycle.ofNewUser(source), source, caller.identityProvider(), auditOfCreate(caller, resource));
        } catch (SQLException e) {
            throw uniqueness(e, resource);
        }
    }

    /**
     * As {@link #insert}, the row marked as the organization's person {@code personId} and {@code also} in the same
     * statement; a userName SCIM already sees here writes nothing and answers empty (no error that would end the
     * transaction).
     */
    private Optional<UserRecord> insertIfNameFree(Connection c, Caller caller, UUID id, ObjectNode resource,
                                                  UUID personId, AlsoInStatement also) throws SQLException {
        Source source = Source.provisionedBy(caller.identityProvider());
        Optional<UserRecord> created = users.insertAuditedIfNameFree(c, caller.location(), id, resource,
                resource.path("active").asBoolean(true), Lifecycle.ofNewUser(source), source, caller.identityProvider(),
                auditOfCreate(caller, resource), personId, also);
        if (created.isPresent()) {
            events.created(caller.location().id());
        }
        return created;
    }

    private static UserRepository.AuditRow auditOfCreate(Caller caller, ObjectNode resource) {
        return new UserRepository.AuditRow(caller.actor(), "scim.user.create", attributeNames(resource),
                caller.requestId());
    }

    private UserRecord existing(Connection c, Location location, UUID id, boolean forUpdate) throws SQLException {
        return users.find(c, location, id, forUpdate).orElseThrow(() -> notFound(id.toString()));
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

    private static SQLException uniqueness(SQLException e, ObjectNode resource) {
        return Transactions.uniqueOr(e, () -> ScimError.uniqueness("A user with userName \""
                + resource.get("userName").asText() + "\" already exists in this location."));
    }

    private static ScimError notFound(String id) {
        return ScimError.notFound("No user with id " + id + " in this location.");
    }

    private DataSource data(Location location) {
        return namespaces.dataSource(location);
    }
}
