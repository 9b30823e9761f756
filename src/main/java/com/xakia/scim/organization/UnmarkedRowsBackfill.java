package com.xakia.scim.organization;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import com.xakia.scim.user.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks, once per location, the rows an organization wrote before location migration V6 gave rows their mark
 * (users.organization_user_id): until the organization wrote such a person again, a list across locations, which
 * lists the marked rows, left the person out. The locations to mark are those control migration V11 listed; each
 * is marked from the index (org_users) and struck off in one control transaction that holds the location's index
 * entries locked, so no write of those people runs meanwhile and a second instance doing the same waits, then
 * marks nothing. Runs at start-up and in the moves sweep (for a location whose server was down); once the list is
 * seen empty it never fills again, and neither start-ups nor lists ask any more.
 */
final class UnmarkedRowsBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(UnmarkedRowsBackfill.class);

    private final DataSource control;
    private final Locations locations;
    private final UserService users;
    private final OrgUserIndex index;
    private final UnmarkedLocations unmarked = new UnmarkedLocations();
    /** The list was seen empty: nothing adds to it, so no one needs to read it again. */
    private volatile boolean allMarked;

    UnmarkedRowsBackfill(DataSource control, Locations locations, UserService users, OrgUserIndex index) {
        this.control = control;
        this.locations = locations;
        this.users = users;
        this.index = index;
    }

    /** Every location still listed, marked; one that cannot be reached now stays listed. The rows marked. */
    int markAll() throws SQLException {
        if (allMarked) {
            return 0;
        }
        List<String> listed;
        try (Connection c = control.getConnection()) {
            listed = unmarked.all(c);
        }
        int rows = 0;
        int left = listed.size();
        for (String locationId : listed) {
            try {
                rows += mark(locationId);
                left--;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("The rows location {} had from before organizations marked them could not be marked yet: {}",
                        locationId, e.getMessage());
            }
        }
        allMarked = left == 0;
        return rows;
    }

    /**
     * Before a list across the organization's locations: its locations still listed are marked first. A failure
     * fails the list, as that location's read would: a list without those people would be a wrong answer.
     */
    void markBeforeList(String organizationId) throws SQLException {
        if (allMarked) {
            return;
        }
        List<String> listed;
        try (Connection c = control.getConnection()) {
            listed = unmarked.ofOrganization(c, organizationId);
        }
        for (String locationId : listed) {
            mark(locationId);
        }
    }

    private int mark(String locationId) throws SQLException {
        Optional<Location> found = locations.find(locationId);
        return Transactions.inTransaction(control, c -> {
            int marked = 0;
            if (found.isPresent() && found.get().organizationId() != null) {
                Location location = found.get();
                List<OrgUserIndex.AtLocation> people = index.lockAtLocation(c, location.organizationId(), location.id());
                List<UUID> rowIds = new ArrayList<>(people.size());
                List<UUID> personIds = new ArrayList<>(people.size());
                people.forEach(p -> {
                    rowIds.add(p.locationUserId());
                    personIds.add(p.userId());
                });
                if (location.sharesControlDatabase()) {
                    users.prepare(location);
                    marked = users.markOrganizationUsers(c, location, rowIds, personIds);
                } else {
                    marked = users.inTransaction(location, lc -> users.markOrganizationUsers(lc, location, rowIds,
                            personIds));
                }
                if (marked > 0) {
                    LOG.info("Marked {} rows of location {} as the organization {}'s people they are (written before"
                            + " location migration V6)", marked, location.id(), location.organizationId());
                }
            }
            unmarked.done(c, locationId);
            return marked;
        });
    }
}
