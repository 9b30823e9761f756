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
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.db.Rows;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.Caller;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import com.xakia.scim.location.RememberedKeys;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of an organization: each request routed to one of its locations and run there by the same
 * {@link UserService} method the location's endpoint calls, as the caller that endpoint would have — so the
 * location's rows, audit, lifecycle and invitations are exactly what a call to the location writes.
 *
 * <p>A person keeps its organization-level id for the organization's lifetime (org_users.user_id, what every
 * answer shows); the id of its row in its location (org_users.location_user_id) may differ after a move or a
 * link. The row the organization points to is marked with the person's id (users.organization_user_id).
 *
 * <p>control.org_users says where each user lives. For a location in the control server's database (the
 * default) the index row is written in the location write's own transaction: both commit or neither does.
 * Writes of one person lock its index row first, so they run one at a time; a move between two such locations
 * is one transaction, and any other move an intent rolled forward (see {@link OrganizationMoves}).
 * For a location on a server of its own, a create writes the index row first as a reservation (pending),
 * then the user, then confirms the row; a read settles what a crash left: a reservation whose user exists
 * is confirmed, one whose user does not (after {@link #RESERVATION_GRACE}) is removed, and names that
 * differ from the location's row are taken from the location, which is the truth. A read's repair only
 * applies while the entry still points where the read found it: a write or move since is never undone.
 */
public final class OrganizationUserService {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationUserService.class);

    /** Longer than any create takes: a younger reservation without its user may still be being written. */
    static final Duration RESERVATION_GRACE = Duration.ofMinutes(1);

    /**
     * How often a list across locations, or a person's row, is read while people move before the answer is 503
     * (Retry-After: 1) rather than a person listed twice, missing, or answered as the row a move left behind.
     */
    static final int READS_WHILE_MOVING = 3;

    private final DataSource control;
    private final Locations locations;
    private final RoutingTables routing;
    private final UserService users;
    private final OrgUserIndex index = new OrgUserIndex();
    private final WhereFound whereFound = new WhereFound();
    private final OrganizationMoves moves;
    private final CrossLocationList across;
    private final UnmarkedRowsBackfill unmarkedRows;
    private final RememberedKeys remembered;

    /**
     * {@code fanOut} runs the locations' shares of a list across them; its size bounds the connections they hold.
     * {@code remembered} keeps the organization's routing table and its locations' rows between requests, as it
     * keeps keys: a change made on any instance is seen here within 1 s, on this one at once.
     */
    public OrganizationUserService(DataSource control, Locations locations, RoutingTables routing, UserService users,
                                   ExecutorService fanOut, RememberedKeys remembered) {
        this.control = control;
        this.locations = locations;
        this.routing = routing;
        this.users = users;
        this.remembered = remembered;
        this.moves = new OrganizationMoves(control, locations, users, index);
        this.across = new CrossLocationList(control, users, fanOut);
        this.unmarkedRows = new UnmarkedRowsBackfill(control, locations, users, index);
    }

    /**
     * POST: a new person of the organization, in its routed location. A user SCIM sees there with the same
     * userName that is no other person's of the organization (a native Xakia user, one written at the location's
     * own base URI) is linked, as a location's PUT links it, rather than refused or duplicated.
     */
    public UserRecord create(OrganizationCaller caller, CreateUser command) throws SQLException {
        String org = caller.organization().id();
        ObjectNode resource = command.resource();
        Location location = location(caller, table(caller).locationFor(resource));
        Caller at = caller.at(location);
        String userName = resource.get("userName").asText();
        String externalId = text(resource, "externalId");
        UUID personId = command.id(); // a new row gets it as its id too
        if (location.sharesControlDatabase()) {
            // the common case, a userName new to the location: the row, its audit and the index entry are one
            // autocommitted statement (one round trip, one commit), as a create at the location is
            Optional<UserRecord> created;
            try {
                created = users.createIfNameFree(at, resource, personId, index.insertWith(org, personId, location.id()));
            } catch (SQLException e) {
                throw Transactions.uniqueOr(e, () -> taken(userName));
            }
            if (created.isPresent()) {
                return created.get().asOrganizationUser(personId);
            }
            return users.inTransaction(location, c -> { // the location has a user with that userName: linked
                UserRecord user = users.adopt(c, at, resource, personId, personId, "scim.user.link");
                insert(c, org, personId, location, user.id(), userName, externalId, false);
                return user;
            }).asOrganizationUser(personId);
        }
        try (Connection c = control.getConnection()) {
            insert(c, org, personId, location, personId, userName, externalId, true); // the reservation
        }
        UserRecord user;
        try {
            user = users.inTransaction(location, c -> users.adopt(c, at, resource, personId, personId, "scim.user.link"));
        } catch (SQLException | RuntimeException e) {
            try (Connection c = control.getConnection()) {
                index.delete(c, org, personId);
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup); // a read removes it after the grace period
            }
            throw e;
        }
        try (Connection c = control.getConnection()) {
            index.confirm(c, org, personId, user.id(), userName, externalId); // lost in a crash: a read confirms it
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
        String org = caller.organization().id();
        unmarkedRows.markBeforeList(org); // rows written before they were marked are listed too
        List<Location> all = locations.ofOrganization(org);
        // one snapshot spans the locations of the control server's database (a move between two of them is one
        // transaction); a location on a server of its own is read at its own moment, so a move made meanwhile
        // is seen by the organization's move count or its unfinished moves, read before and after the reads
        boolean oneMoment = all.stream().allMatch(Location::sharesControlDatabase);
        for (int attempt = 1; ; attempt++) {
            OrgUserIndex.Moves before = moves.settled(org);
            Page page = across.list(all, request);
            if (oneMoment || before.stillAt(moves.seen(org))) {
                return page;
            }
            if (attempt == READS_WHILE_MOVING) {
                LOG.info("A list of organization {} was read {} times while its people moved between its locations;"
                        + " answered 503", org, READS_WHILE_MOVING);
                throw ScimError.movingMeanwhile(1);
            }
        }
    }

    private Page lookup(OrganizationCaller caller, IndexedLookup lookup, ListRequest request) throws SQLException {
        String org = caller.organization().id();
        boolean byUserName = lookup.attribute() == IndexedLookup.Attribute.USER_NAME;
        if (byUserName) {
            Optional<UserRecord> there = whereLastFound(caller, lookup.value());
            if (there.isPresent()) {
                return page(List.of(there.get()), request);
            }
        }
        List<OrgUserIndex.Entry> entries = entries(c -> byUserName
                ? index.byUserName(c, org, lookup.value()) : index.byExternalId(c, org, lookup.value()));
        List<UserRecord> found = new ArrayList<>();
        for (OrgUserIndex.Entry entry : entries) {
            Optional<UserRecord> user = read(caller, entry).filter(u -> byUserName
                    ? u.userName().equalsIgnoreCase(lookup.value()) : lookup.value().equals(u.externalId()));
            user.ifPresent(found::add);
            // a row not marked as the person's (written before marks) would never pass the one-statement read
            if (byUserName && user.isPresent() && entry.move() == null && user.get().organizationUserId() != null) {
                whereFound.found(org, lookup.value(), entry.locationId());
            }
        }
        return page(found, request);
    }

    /**
     * A userName's user read where this process last found it, in one statement that also checks the index still
     * points there; empty when it was found nowhere yet, or is no longer there (then the index is read).
     */
    private Optional<UserRecord> whereLastFound(OrganizationCaller caller, String userName) throws SQLException {
        String org = caller.organization().id();
        Optional<String> guess = whereFound.location(org, userName);
        Optional<Location> location = guess.isEmpty() ? Optional.empty()
                : find(guess.get()).filter(Location::sharesControlDatabase);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserRecord> row = users.findByUserNameIf(caller.at(location.get()), userName,
                index.pointsAt(org, location.get().id()));
        if (row.isEmpty()) {
            whereFound.forget(org, userName, location.get().id());
        }
        return row.map(user -> user.asOrganizationUser(user.organizationUserId()));
    }

    private static Page page(List<UserRecord> found, ListRequest request) {
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

    /** PUT: in the person's location, or a move when the body routes the person to another of its locations. */
    public UserRecord replace(OrganizationCaller caller, ReplaceUser command) throws SQLException {
        return write(caller, command.id(), command.ifMatch(), UserService.replacing(command), "scim.user.replace");
    }

    /** PATCH: as PUT, with the operations applied to the stored resource deciding where the person belongs. */
    public UserRecord patch(OrganizationCaller caller, PatchUser command) throws SQLException {
        return write(caller, command.id(), command.ifMatch(), UserService.patching(command), "scim.user.patch");
    }

    public void delete(OrganizationCaller caller, DeleteUser command) throws SQLException {
        String org = caller.organization().id();
        UUID personId = Rows.uuid(command.id(), OrganizationUserService::notFound);
        moves.finish(org, personId);
        boolean alreadyGone = Transactions.inTransaction(control, c -> {
            OrgUserIndex.Entry entry = index.lock(c, org, personId).orElseThrow(() -> notFound(command.id()));
            Location location = location(caller, entry.locationId());
            DeleteUser inLocation = new DeleteUser(entry.locationUserId().toString(), command.ifMatch());
            boolean gone = false;
            try {
                if (location.sharesControlDatabase()) { // the delete also clears the row's mark as the person's
                    users.prepare(location);
                    users.delete(c, caller.at(location), inLocation, UserService.AlsoInTransaction.NOTHING);
                } else {
                    users.delete(caller.at(location), inLocation);
                }
            } catch (ScimError e) {
                if (e.status() != 404) {
                    throw e;
                }
                gone = true; // deleted at the location's own endpoint: nothing was written there, the entry goes too
            }
            index.delete(c, org, personId); // lost in a crash (own server): a read finds the user gone and removes it
            return gone;
        });
        if (alreadyGone) {
            throw notFound(command.id()); // after the commit: the index row is removed, the userName free again
        }
    }

    /** Moves a crash interrupted, every organization's: finished at start-up, before any call is served. */
    public int finishUnfinishedMoves() throws SQLException {
        return moves.finishUnfinished();
    }

    /**
     * Rows organizations wrote before location migration V6, marked as the people they are, once per location: at
     * start-up and by the moves sweep until every location is done (then it costs nothing). The rows marked.
     */
    public int markRowsWrittenBeforeMarks() throws SQLException {
        return unmarkedRows.markAll();
    }

    // ---- internals -------------------------------------------------------------------------------

    /**
     * A PUT or PATCH of a person, with the person's index entry locked (one write of a person at a time). The edit
     * applied to the stored row says where the person belongs now: the same location → written there; another
     * → a move ({@link OrganizationMoves}): one transaction here, or an intent committed here and rolled forward
     * after the commit.
     */
    private UserRecord write(OrganizationCaller caller, String id, String ifMatch, UnaryOperator<ObjectNode> edit,
                             String operation) throws SQLException {
        String org = caller.organization().id();
        UUID personId = Rows.uuid(id, OrganizationUserService::notFound);
        RoutingTable table = table(caller);
        Written written;
        while ((written = writeLocked(caller, personId, table, ifMatch, edit, operation)) .unfinishedMove()) {
            moves.finish(org, personId); // a move a crash left is made before anything else happens to the person
        }
        if (written.user() != null) {
            return written.user().asOrganizationUser(personId);
        }
        Optional<ScimError> refused = moves.finish(org, personId);
        if (refused.isPresent()) {
            throw refused.get();
        }
        return get(caller, id); // the answer is what a GET returns now
    }

    /** What one locked write came to: the person as written, a move written to make now, or an older move to finish. */
    private record Written(UserRecord user, boolean unfinishedMove) {
        static final Written MOVE_WRITTEN = new Written(null, false);
        static final Written UNFINISHED_MOVE = new Written(null, true);

        Written(UserRecord user) {
            this(user, false);
        }
    }

    private Written writeLocked(OrganizationCaller caller, UUID personId, RoutingTable table, String ifMatch,
                                UnaryOperator<ObjectNode> edit, String operation) throws SQLException {
        String org = caller.organization().id();
        return Transactions.inTransaction(control, c -> {
            OrgUserIndex.Entry entry = index.lock(c, org, personId).orElseThrow(() -> notFound(personId.toString()));
            if (entry.move() != null) {
                return Written.UNFINISHED_MOVE;
            }
            Location from = location(caller, entry.locationId());
            UUID rowId = entry.locationUserId();
            ObjectNode next;
            if (from.sharesControlDatabase()) {
                users.prepare(from);
                next = users.preview(c, from, rowId, ifMatch, edit);
            } else {
                next = users.inTransaction(from, lc -> users.preview(lc, from, rowId, ifMatch, edit));
            }
            Location to = location(caller, table.locationFor(next));
            if (to.id().equals(from.id())) {
                if (!from.sharesControlDatabase()) {
                    // the new names taken in the index first, under the person's lock, as a move takes them: a clash
                    // is a 409 before the location is written; a crash after it commits leaves names a read takes over
                    rename(c, org, personId, rowId, next.get("userName").asText(), text(next, "externalId"));
                }
                UserService.AlsoInTransaction mark = (lc, user) -> represent(lc, from, user, personId);
                UserRecord user = from.sharesControlDatabase()
                        ? users.update(c, caller.at(from), rowId, ifMatch, operation, edit, mark)
                        : users.inTransaction(from, lc -> users.update(lc, caller.at(from), rowId, ifMatch, operation,
                                edit, mark));
                rename(c, org, personId, user.id(), user.userName(), user.externalId()); // as the location wrote them
                return new Written(user);
            }
            UserRecord arrived = moves.move(c, caller, entry, from, to, next);
            if (arrived != null) {
                return new Written(arrived);
            }
            return Written.MOVE_WRITTEN; // the intent commits first; the move is made after
        });
    }

    /** Every write through the organization marks the row as the person's (rows written before V6 had no mark). */
    private void represent(Connection c, Location location, UserRecord user, UUID personId) throws SQLException {
        if (!personId.equals(user.organizationUserId())) {
            users.representOrganizationUser(c, location, user.id(), personId);
        }
    }

    private void rename(Connection c, String org, UUID personId, UUID rowId, String userName, String externalId)
            throws SQLException {
        try {
            index.confirm(c, org, personId, rowId, userName, externalId);
        } catch (SQLException e) {
            throw Transactions.uniqueOr(e, () -> taken(userName));
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

    /**
     * The person's row as its location has it, under the organization-level id. A row not marked as the person's
     * was read after the person moved away from it (or was deleted) since the index was read — the row left behind,
     * inactive — or was written before rows were marked: the index, read again, tells which. Moved: read again where
     * the index points now; after {@link #READS_WHILE_MOVING} reads that each found the person gone elsewhere, 503.
     */
    private Optional<UserRecord> read(OrganizationCaller caller, OrgUserIndex.Entry found) throws SQLException {
        UUID person = found.userId();
        OrgUserIndex.Entry entry = found;
        for (int reads = 1; ; reads++) {
            Optional<Read> read = readOnce(caller, entry);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            UserRecord row = read.get().row();
            if (person.equals(row.organizationUserId())) {
                return Optional.of(row.asOrganizationUser(person));
            }
            List<OrgUserIndex.Entry> now = entries(c -> index.byId(c, caller.organization().id(), person));
            if (now.isEmpty()) {
                return Optional.empty(); // deleted through the organization since
            }
            OrgUserIndex.Entry current = now.get(0);
            if (current.move() == null && current.locationId().equals(read.get().entry().locationId())
                    && current.locationUserId().equals(row.id())) {
                return Optional.of(row.asOrganizationUser(person)); // still the person's row, written before marks
            }
            if (reads == READS_WHILE_MOVING) {
                throw ScimError.movingMeanwhile(1);
            }
            entry = current;
        }
    }

    /** A row read for an index entry, and the entry it was read for (after finishing a move the entry had). */
    private record Read(OrgUserIndex.Entry entry, UserRecord row) {}

    /**
     * The location's own read of an index entry, settling what a crash may have left: an unfinished move is
     * finished first; a reservation whose row exists is confirmed (the row is found by id, or by the person's
     * mark for a linked row), one without its row is removed after {@link #RESERVATION_GRACE}; an entry whose row
     * is gone is removed; names that differ from the row are taken from it (the location is the truth).
     */
    private Optional<Read> readOnce(OrganizationCaller caller, OrgUserIndex.Entry found) throws SQLException {
        String org = caller.organization().id();
        OrgUserIndex.Entry entry = found;
        if (found.move() != null) {
            moves.finish(org, found.userId());
            List<OrgUserIndex.Entry> now = entries(c -> index.byId(c, org, found.userId()));
            if (now.isEmpty() || now.get(0).move() != null) {
                return Optional.empty();
            }
            entry = now.get(0);
        }
        Optional<Location> location = find(entry.locationId());
        if (location.isEmpty()) {
            return Optional.empty();
        }
        Caller at = caller.at(location.get());
        UserRecord user;
        try {
            user = users.get(at, entry.locationUserId().toString());
        } catch (ScimError e) {
            if (e.status() != 404) {
                throw e;
            }
            Optional<UserRecord> marked = entry.pending() ? users.findOrganizationUser(at, found.userId()) : Optional.empty();
            if (marked.isPresent()) {
                user = marked.get();
            } else {
                if (!entry.pending() || entry.createdAt().isBefore(OffsetDateTime.now().minus(RESERVATION_GRACE))) {
                    try (Connection c = control.getConnection()) {
                        index.removeIfUnchanged(c, org, entry);
                    }
                }
                return Optional.empty();
            }
        }
        if (entry.pending() || !user.id().equals(entry.locationUserId()) || !user.userName().equals(entry.userName())
                || !Objects.equals(user.externalId(), entry.externalId())) {
            try (Connection c = control.getConnection()) {
                index.repair(c, org, entry, user.id(), user.userName(), user.externalId()); // unless moved since
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
                // renamed at the location's own endpoint onto another person's name: the read still answers (the
                // location is the truth), the index keeps the name with the person who holds it in the organization
                LOG.warn("User {} of organization {} has userName or externalId of another of its users at location"
                        + " {}; the organization's index was left as it was", entry.userId(), org, entry.locationId());
            }
        }
        return Optional.of(new Read(entry, user));
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

    /** The organization's routing table, remembered as its key is. */
    private RoutingTable table(OrganizationCaller caller) throws SQLException {
        String org = caller.organization().id();
        return remembered.find("routing", org, table -> true, () -> routing.find(org)).orElseThrow(() ->
                ScimError.invalidValue("The organization " + caller.organization().name() + " has no routing table"
                        + " yet, so no user can be placed in one of its locations; a Xakia admin sets it up first."));
    }

    /** A location the routing table or the index names, which must still belong to the organization. */
    private Location location(OrganizationCaller caller, String locationId) throws SQLException {
        return find(locationId).filter(l -> caller.organization().id().equals(l.organizationId()))
                .orElseThrow(() -> ScimError.invalidValue("The location " + locationId + " this user belongs to is no"
                        + " longer in the organization; a Xakia admin corrects the routing table."));
    }

    /** A location's row, remembered with its key: the entry a SCIM call at the location's own base URI uses too. */
    private Optional<Location> find(String locationId) throws SQLException {
        return remembered.find("location", locationId, owner -> true, () -> locations.findWithLiveKey(locationId))
                .map(Locations.WithLiveKey::location);
    }

    private static String text(ObjectNode resource, String field) {
        JsonNode value = resource.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static ScimError taken(String userName) {
        return ScimError.uniqueness("A user with userName \"" + userName + "\" already exists in this organization.");
    }

    private static ScimError notFound(String id) {
        return ScimError.notFound("No user with id " + id + " in this organization.");
    }
}
