package com.xakia.scim.invite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.location.AuditLog;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.lifecycle.Lifecycle;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Locations;
import com.xakia.scim.location.Caller;

/**
 * The accept link {@code /invitations/<locationId>.<secret>}: what it invites to, and accepting it. A link
 * works while its invitation is the user's current, sent, unexpired one; only the token's hash is stored.
 */
public final class InvitationLinks {

    private final Locations locations;
    private final LocationNamespaces namespaces;

    public InvitationLinks(Locations locations, LocationNamespaces namespaces) {
        this.locations = locations;
        this.namespaces = namespaces;
    }

    /** What the accept page shows. */
    public record Valid(Location location, UUID invitationId, UUID userId, String givenName) {}

    /** The invitation behind a token if it can still be accepted; otherwise 404 or 410 saying why. */
    public Valid check(String token) throws SQLException {
        Location location = locationOf(token);
        try (Connection c = namespaces.dataSource(location).getConnection()) {
            return valid(c, location, token, false);
        }
    }

    /** Accepts: the invitation is used up and the user becomes active, in one transaction. */
    public Valid accept(String token, String requestId) throws SQLException {
        Location location = locationOf(token);
        return Transactions.inTransaction(namespaces.dataSource(location), c -> {
            Valid seen = valid(c, location, token, false);
            // The user row first, as every invitation write does; then the invitation again, locked.
            Lifecycle lifecycle;
            try (PreparedStatement ps = c.prepareStatement("select lifecycle from " + location.table("users")
                    + " where id = ? for update")) {
                ps.setObject(1, seen.userId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    lifecycle = Lifecycle.of(rs.getString(1));
                }
            }
            Valid locked = valid(c, location, token, true);
            try (PreparedStatement ps = c.prepareStatement("update " + location.table("invitation")
                    + " set status = 'accepted', accepted_at = now(), updated_at = now() where id = ?")) {
                ps.setObject(1, locked.invitationId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("update " + location.table("users")
                    + " set lifecycle = ? where id = ?")) {
                ps.setString(1, lifecycle.accept().id());
                ps.setObject(2, locked.userId());
                ps.executeUpdate();
            }
            AuditLog.write(c, location, new Caller(location, "invitee", requestId), "invitation.accept",
                    locked.userId(), List.of());
            return locked;
        });
    }

    private Location locationOf(String token) throws SQLException {
        int dot = token == null ? -1 : token.indexOf('.');
        Optional<Location> location = dot < 0 ? Optional.empty() : locations.find(token.substring(0, dot));
        return location.orElseThrow(InvitationLinks::unknown);
    }

    private static Valid valid(Connection c, Location location, String token, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select i.id, i.user_id, i.status, i.expires_at < now(),"
                + " u.given_name from " + location.table("invitation") + " i join " + location.table("users")
                + " u on u.id = i.user_id where i.token_hash = ?" + (forUpdate ? " for update of i" : ""))) {
            ps.setBytes(1, Secrets.hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw unknown();
                }
                String status = rs.getString(3);
                switch (status) {
                    case "accepted" -> throw InvitationRefused.gone("This invitation has already been accepted. Sign in to Xakia instead.");
                    case "superseded" -> throw InvitationRefused.gone("This invitation was replaced by a newer one: use the link in the most recent invitation email.");
                    case "cancelled" -> throw InvitationRefused.gone("This invitation was cancelled by your Xakia administrator.");
                    default -> { }
                }
                if (rs.getBoolean(4)) {
                    throw InvitationRefused.gone("This invitation has expired. Ask your Xakia administrator to send a new one.");
                }
                return new Valid(location, rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(5));
            }
        }
    }

    private static InvitationRefused unknown() {
        return InvitationRefused.notFound("This invitation link is not valid. Check that the whole link was opened, "
                + "or ask your Xakia administrator for a new invitation.");
    }
}
