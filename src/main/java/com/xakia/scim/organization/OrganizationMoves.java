package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.Caller;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.user.UserRecord;
import com.xakia.scim.user.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves of an organization's people between its locations (#16): the person's row in the new location (the
 * row with the same userName, linked, or a new one) marked and active, the old row inactive and unmarked, the
 * index pointing at the new row — and never a state a crash could leave with the person active twice or nowhere
 * for good.
 *
 * <p>Between two locations of the control server's database, the move is one transaction on the connection
 * that holds the person's index row locked. Otherwise it is written first as an intent in the index row and
 * rolled forward by {@link #finish}: right after the intent commits, at start-up, and by any call that touches
 * the person. Every step of the roll forward finds what an earlier run did, so it can run again after a crash
 * at any point.
 */
final class OrganizationMoves {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationMoves.class);

    private final DataSource control;
    private final Locations locations;
    private final UserService users;
    private final OrgUserIndex index;

    OrganizationMoves(DataSource control, Locations locations, UserService users, OrgUserIndex index) {
        this.control = control;
        this.locations = locations;
        this.users = users;
        this.index = index;
    }

    /**
     * A move of the person whose index row {@code c} holds locked, to {@code to} with the resource {@code next}:
     * made here when both locations are in the control server's database (the person as it arrived), else
     * written as an intent that commits with {@code c} (null: call {@link #finish} after the commit).
     */
    UserRecord move(Connection c, OrganizationCaller caller, OrgUserIndex.Entry entry, Location from, Location to,
                    ObjectNode next) throws SQLException {
        String org = caller.organization().id();
        UUID personId = entry.userId();
        if (from.sharesControlDatabase() && to.sharesControlDatabase()) {
            users.prepare(to);
            UserRecord arrived = users.adopt(c, caller.at(to), next, UUID.randomUUID(), personId, "scim.user.move-in");
            users.leave(c, caller.at(from), entry.locationUserId(), personId);
            pointIndexAt(c, org, personId, to, arrived);
            return arrived;
        }
        String userName = next.get("userName").asText();
        JsonNode externalId = next.get("externalId");
        Caller at = caller.at(to);
        OrgUserIndex.Move move = new OrgUserIndex.Move(to.id(), UUID.randomUUID(), next, at.actor(), at.requestId(),
                at.identityProvider(), entry.userName(), entry.externalId());
        try {
            // the new names are taken in the organization now: a clash is a 409 before anything moves
            index.beginMove(c, org, personId, move, userName,
                    externalId == null || externalId.isNull() ? null : externalId.asText());
        } catch (SQLException e) {
            throw Transactions.uniqueOr(e, () -> OrganizationUserService.taken(userName));
        }
        return null;
    }

    /**
     * Makes the person's written move, if there is one, under the lock of the person's index row: (1) the row in
     * the new location (found by userName, or new with the id the intent chose) adopted and marked; (2) the old
     * row made inactive and unmarked; (3) the index pointed at the new row, which removes the intent. A new
     * location whose row is another person's: the intent is dropped and the names restored; the refusal (409)
     * is returned for the request that wrote the intent.
     */
    Optional<ScimError> finish(String org, UUID personId) throws SQLException {
        return Transactions.inTransaction(control, c -> {
            Optional<OrgUserIndex.Entry> locked = index.lock(c, org, personId);
            if (locked.isEmpty() || locked.get().move() == null) {
                return Optional.empty();
            }
            OrgUserIndex.Entry entry = locked.get();
            OrgUserIndex.Move move = entry.move();
            Location from = locations.find(entry.locationId()).orElseThrow();
            Location to = locations.find(move.locationId()).orElseThrow();
            UserRecord arrived;
            try {
                arrived = users.inTransaction(to, lc -> users.adopt(lc, caller(to, move), move.resource(), move.rowId(),
                        personId, "scim.user.move-in"));
            } catch (ScimError e) {
                if (e.status() != 409) {
                    throw e;
                }
                index.abandonMove(c, org, personId, move);
                return Optional.of(e);
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
                // a row of the new location holds the intent's id or another of its unique values: the move
                // cannot be made as written, so it is dropped as an adopt's 409 drops it, not retried for ever
                LOG.warn("The move of user {} of organization {} to location {} was dropped: {}", personId, org,
                        to.id(), e.getMessage());
                index.abandonMove(c, org, personId, move);
                return Optional.of(ScimError.uniqueness("The user could not be moved to location " + to.name()
                        + ": a user there already has one of its unique values. Nothing was changed."));
            }
            users.inTransaction(from, lc -> {
                users.leave(lc, caller(from, move), entry.locationUserId(), personId);
                return null;
            });
            pointIndexAt(c, org, personId, to, arrived);
            index.countFinishedMove(c, org); // with the intent's removal: a list reading meanwhile sees one or the other
            return Optional.empty();
        });
    }

    /**
     * The organization's moves before a list across locations reads them: the unfinished ones finished first (a
     * move a crash left marks the person in two locations; one in progress is waited for, under the person's
     * lock), then read again. A move that cannot be finished now (a location down) is logged and stays unfinished.
     */
    OrgUserIndex.Moves settled(String org) throws SQLException {
        OrgUserIndex.Moves seen = seen(org);
        if (seen.unfinished().isEmpty()) {
            return seen;
        }
        for (UUID person : seen.unfinished()) {
            try {
                finish(org, person);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("The move of user {} of organization {} could not be finished before a list: {}", person,
                        org, e.getMessage());
            }
        }
        return seen(org);
    }

    /** The organization's moves as they are now: one indexed query. */
    OrgUserIndex.Moves seen(String org) throws SQLException {
        try (Connection c = control.getConnection()) {
            return index.moves(c, org);
        }
    }

    /**
     * Every organization's moves written and not finished when the service stopped, finished now. A location
     * that cannot be reached leaves its moves for the next call that touches the person.
     */
    int finishUnfinished() throws SQLException {
        List<OrgUserIndex.Person> unfinished;
        try (Connection c = control.getConnection()) {
            unfinished = index.unfinishedMoves(c);
        }
        int finished = 0;
        for (OrgUserIndex.Person person : unfinished) {
            try {
                finish(person.organizationId(), person.userId());
                finished++;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("The move of user {} of organization {} could not be finished yet: {}", person.userId(),
                        person.organizationId(), e.getMessage());
            }
        }
        if (!unfinished.isEmpty()) {
            LOG.info("Finished {} of {} moves between locations that a stop interrupted", finished, unfinished.size());
        }
        return finished;
    }

    /** The request's caller, as the intent recorded it, for the audit rows of the roll forward. */
    private static Caller caller(Location location, OrgUserIndex.Move move) {
        return new Caller(location, move.actor(), move.requestId(), move.identityProvider());
    }

    private void pointIndexAt(Connection c, String org, UUID personId, Location to, UserRecord arrived)
            throws SQLException {
        try {
            index.finishMove(c, org, personId, to.id(), arrived.id(), arrived.userName(), arrived.externalId());
        } catch (SQLException e) {
            throw Transactions.uniqueOr(e, () -> OrganizationUserService.taken(arrived.userName()));
        }
    }
}
