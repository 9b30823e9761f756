package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.db.Rows;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import com.xakia.scim.scim.IndexedLookup;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimFilter;
import com.xakia.scim.user.UserCommands.CreateUser;
import com.xakia.scim.user.UserCommands.DeleteUser;
import com.xakia.scim.user.UserCommands.PatchUser;
import com.xakia.scim.user.UserCommands.ReplaceUser;
import com.xakia.scim.user.UserRecord;
import com.xakia.scim.user.UserService;

/**
 * The users of an organization: each request routed to one of its locations and run there by the same
 * {@link UserService} method the location's endpoint calls, as the caller that endpoint would have — so the
 * location's rows, audit, lifecycle and invitations are exactly what a call to the location writes.
 *
 * <p>control.org_users says where each user lives. For a location in the control server's database (the
 * default) the index row is written in the location write's own transaction: both commit or neither does.
 * For a location on a server of its own, a create writes the index row first as a reservation (pending),
 * then the user, then confirms the row; a read settles what a crash left: a reservation whose user exists
 * is confirmed, one whose user does not (after {@link #RESERVATION_GRACE}) is removed, and names that
 * differ from the location's row are taken from the location, which is the truth.
 */
public final class OrganizationUserService {

    /** Longer than any create takes: a younger reservation without its user may still be being written. */
    static final Duration RESERVATION_GRACE = Duration.ofMinutes(1);

    private final DataSource control;
    private final Locations locations;
    private final RoutingTables routing;
    private final UserService users;
    private final OrgUserIndex index = new OrgUserIndex();
    private final CrossLocationList across;

    /** {@code fanOut} runs the locations' shares of a list across them; its size bounds the connections they hold. */
    public OrganizationUserService(DataSource control, Locations locations, RoutingTables routing, UserService users,
                                   ExecutorService fanOut) {
        this.control = control;
        this.locations = locations;
        this.routing = routing;
        this.users = users;
        this.across = new CrossLocationList(users, fanOut);
    }

    public UserRecord create(OrganizationCaller caller, CreateUser command) throws SQLException {
        String org = caller.organization().id();
        ObjectNode resource = command.resource();
        Location location = location(caller, table(caller).locationFor(resource));
        String userName = resource.get("userName").asText();
        String externalId = text(resource, "externalId");
        UUID personId = command.id(); // a new row: the person's organization-level id is the row's id too
        if (location.sharesControlDatabase()) {
            return users.create(caller.at(location), command, (c, user) -> {
                users.representOrganizationUser(c, location, user.id(), personId);
                insert(c, org, personId, location, user.id(), userName, externalId, false);
            }).asOrganizationUser(personId);
        }
        try (Connection c = control.getConnection()) {
            insert(c, org, personId, location, command.id(), userName, externalId, true); // the reservation
        }
        UserRecord user;
        try {
            user = users.create(caller.at(location), command,
                    (c, written) -> users.representOrganizationUser(c, location, written.id(), personId));
        } catch (SQLException | RuntimeException e) {
            try (Connection c = control.getConnection()) {
                index.delete(c, org, command.id());
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup); // a read removes it after the grace period
            }
            throw e;
        }
        try (Connection c = control.getConnection()) {
            index.update(c, org, personId, userName, externalId);
        }
        return user.asOrganizationUser(personId);
    }

    public UserRecord get(OrganizationCaller caller, String id) throws SQLException {
        UUID userId = Rows.uuid(id, OrganizationUserService::notFound);
        for (OrgUserIndex.Entry entry : entries(c -> index.byId(c, caller.organization().id(), userId))) {
            Optional<UserRecord> user = read(caller, entry);
            if (user.isPresent()) {
                return user.get();
            }
        }
        throw notFound(id);
    }

    /**
     * {@code userName eq} and {@code externalId eq}: one indexed query for where, then each location's own
     * read. Without a filter, sortBy or cursor (an import), a page of the index in creation order, each user read
     * from its location. Any other list is evaluated by every location in parallel and merged
     * ({@link CrossLocationList}).
     */
    public Page list(OrganizationCaller caller, ListRequest request) throws SQLException {
        IndexedLookup lookup = request.lookup();
        if (lookup != null) {
            return lookup(caller, lookup, request);
        }
        if (request.where().equals(ScimFilter.Sql.ALL) && request.sort() == null && request.cursor() == null) {
            return all(caller, request);
        }
        return across.list(locations.ofOrganization(caller.organization().id()), request);
    }

    private Page lookup(OrganizationCaller caller, IndexedLookup lookup, ListRequest request) throws SQLException {
        String org = caller.organization().id();
        List<OrgUserIndex.Entry> entries = entries(c -> lookup.attribute() == IndexedLookup.Attribute.USER_NAME
                ? index.byUserName(c, org, lookup.value()) : index.byExternalId(c, org, lookup.value()));
        List<UserRecord> found = new ArrayList<>();
        for (OrgUserIndex.Entry entry : entries) {
            read(caller, entry).filter(u -> lookup.attribute() == IndexedLookup.Attribute.USER_NAME
                    ? u.userName().equalsIgnoreCase(lookup.value()) : lookup.value().equals(u.externalId()))
                    .ifPresent(found::add);
        }
        boolean cursorPaging = request.cursor() != null;
        int start = cursorPaging ? 1 : request.startIndex();
        int from = Math.min(found.size(), start - 1);
        int to = Math.min(found.size(), from + request.count());
        return new Page(found.size(), start, request.count() == 0 ? null : found.subList(from, to), cursorPaging,
                null, request.projection());
    }

    /** Every user of the organization, by index paging over its index in creation order. */
    private Page all(OrganizationCaller caller, ListRequest request) throws SQLException {
        String org = caller.organization().id();
        List<OrgUserIndex.Entry> entries;
        int total;
        try (Connection c = control.getConnection()) {
            total = index.count(c, org);
            entries = request.count() == 0 ? List.of() : index.page(c, org, request.startIndex() - 1, request.count());
        }
        List<UserRecord> found = new ArrayList<>();
        for (OrgUserIndex.Entry entry : entries) {
            read(caller, entry).ifPresent(found::add);
        }
        return new Page(total, request.startIndex(), request.count() == 0 ? null : found, false, null,
                request.projection());
    }

    /** PUT: in the user's location; a body that routes the user to another location is a move (501 for now). */
    public UserRecord replace(OrganizationCaller caller, ReplaceUser command) throws SQLException {
        OrgUserIndex.Entry entry = located(caller, command.id());
        RoutingTable table = table(caller);
        staysIn(entry, table.locationFor(command.resource()));
        ReplaceUser inLocation = new ReplaceUser(entry.locationUserId().toString(), command.resource(), command.ifMatch());
        return update(caller, entry, table, (location, also) -> users.replace(caller.at(location), inLocation, also));
    }

    /** PATCH: in the user's location; one that changes the routing value to another location is a move (501). */
    public UserRecord patch(OrganizationCaller caller, PatchUser command) throws SQLException {
        OrgUserIndex.Entry entry = located(caller, command.id());
        PatchUser inLocation = new PatchUser(entry.locationUserId().toString(), command.patch(), command.ifMatch(),
                command.schema());
        return update(caller, entry, table(caller), (location, also) -> users.patch(caller.at(location), inLocation, also));
    }

    public void delete(OrganizationCaller caller, DeleteUser command) throws SQLException {
        String org = caller.organization().id();
        OrgUserIndex.Entry entry = located(caller, command.id());
        Location location = location(caller, entry.locationId());
        DeleteUser inLocation = new DeleteUser(entry.locationUserId().toString(), command.ifMatch());
        if (location.sharesControlDatabase()) {
            users.delete(caller.at(location), inLocation, (c, user) -> {
                users.representOrganizationUser(c, location, user.id(), null);
                index.delete(c, org, entry.userId());
            });
            return;
        }
        users.delete(caller.at(location), inLocation,
                (c, user) -> users.representOrganizationUser(c, location, user.id(), null));
        try (Connection c = control.getConnection()) {
            index.delete(c, org, entry.userId()); // lost in a crash: a read finds the user gone and removes it
        }
    }

    // ---- internals -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Write {
        UserRecord run(Location location, UserService.AlsoInTransaction also) throws SQLException;
    }

    private UserRecord update(OrganizationCaller caller, OrgUserIndex.Entry entry, RoutingTable table, Write write)
            throws SQLException {
        String org = caller.organization().id();
        Location location = location(caller, entry.locationId());
        UUID personId = entry.userId();
        if (location.sharesControlDatabase()) {
            return write.run(location, (c, user) -> {
                staysIn(entry, table.locationFor(user.resource()));
                represent(c, location, user, personId);
                rename(c, org, personId, user);
            }).asOrganizationUser(personId);
        }
        UserRecord user = write.run(location, (c, written) -> {
            staysIn(entry, table.locationFor(written.resource()));
            represent(c, location, written, personId);
        });
        try (Connection c = control.getConnection()) {
            rename(c, org, personId, user); // lost in a crash: a read takes the names from the location
        }
        return user.asOrganizationUser(personId);
    }

    /** Every write through the organization marks the row as the person's (rows written before V6 had no mark). */
    private void represent(Connection c, Location location, UserRecord user, UUID personId) throws SQLException {
        if (!personId.equals(user.organizationUserId())) {
            users.representOrganizationUser(c, location, user.id(), personId);
        }
    }

    private void rename(Connection c, String org, UUID personId, UserRecord user) throws SQLException {
        try {
            index.update(c, org, personId, user.userName(), user.externalId());
        } catch (SQLException e) {
            throw Transactions.uniqueOr(e, () -> taken(user.userName()));
        }
    }

    private void insert(Connection c, String org, UUID personId, Location location, UUID locationUserId,
                        String userName, String externalId, boolean pending) throws SQLException {
        try {
            index.insert(c, org, personId, location.id(), locationUserId, userName, externalId, pending);
        } catch (SQLException e) {
            throw Transactions.uniqueOr(e, () -> taken(userName));
        }
    }

    private static void staysIn(OrgUserIndex.Entry entry, String routedLocationId) {
        if (!routedLocationId.equals(entry.locationId())) {
            throw ScimError.notImplemented("This change routes the user to another location of the organization;"
                    + " moving a user between locations is not implemented yet. Nothing was changed.");
        }
    }

    /** The location's own read of an index entry, settling what a crash may have left (see the class comment). */
    private Optional<UserRecord> read(OrganizationCaller caller, OrgUserIndex.Entry entry) throws SQLException {
        String org = caller.organization().id();
        Optional<Location> location = locations.find(entry.locationId());
        if (location.isEmpty()) {
            return Optional.empty();
        }
        UserRecord user;
        try {
            user = users.get(caller.at(location.get()), entry.locationUserId().toString());
        } catch (ScimError e) {
            if (e.status() != 404) {
                throw e;
            }
            if (!entry.pending() || entry.createdAt().isBefore(OffsetDateTime.now().minus(RESERVATION_GRACE))) {
                try (Connection c = control.getConnection()) {
                    index.delete(c, org, entry.userId());
                }
            }
            return Optional.empty();
        }
        if (entry.pending() || !user.userName().equals(entry.userName())
                || !Objects.equals(user.externalId(), entry.externalId())) {
            try (Connection c = control.getConnection()) {
                rename(c, org, entry.userId(), user);
            }
        }
        return Optional.of(user.asOrganizationUser(entry.userId()));
    }

    private OrgUserIndex.Entry located(OrganizationCaller caller, String id) throws SQLException {
        UUID userId = Rows.uuid(id, OrganizationUserService::notFound);
        List<OrgUserIndex.Entry> found = entries(c -> index.byId(c, caller.organization().id(), userId));
        if (found.isEmpty()) {
            throw notFound(id);
        }
        return found.get(0);
    }

    @FunctionalInterface
    private interface Query {
        List<OrgUserIndex.Entry> run(Connection c) throws SQLException;
    }

    private List<OrgUserIndex.Entry> entries(Query query) throws SQLException {
        try (Connection c = control.getConnection()) {
            return query.run(c);
        }
    }

    private RoutingTable table(OrganizationCaller caller) throws SQLException {
        return routing.find(caller.organization().id()).orElseThrow(() -> ScimError.invalidValue("The organization "
                + caller.organization().name() + " has no routing table yet, so no user can be placed in one of its"
                + " locations; a Xakia admin sets it up first."));
    }

    /** A location the routing table or the index names, which must still belong to the organization. */
    private Location location(OrganizationCaller caller, String locationId) throws SQLException {
        return locations.find(locationId).filter(l -> caller.organization().id().equals(l.organizationId()))
                .orElseThrow(() -> ScimError.invalidValue("The location " + locationId + " this user belongs to is no"
                        + " longer in the organization; a Xakia admin corrects the routing table."));
    }

    private static String text(ObjectNode resource, String field) {
        JsonNode value = resource.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ScimError taken(String userName) {
        return ScimError.uniqueness("A user with userName \"" + userName + "\" already exists in this organization.");
    }

    private static ScimError notFound(String id) {
        return ScimError.notFound("No user with id " + id + " in this organization.");
    }
}
