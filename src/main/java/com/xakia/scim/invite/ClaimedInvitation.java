package com.xakia.scim.invite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import com.xakia.scim.location.Location;

/**
 * An outbox row the drainer holds: its transaction stays open, with the outbox and invitation rows locked,
 * for exactly one SMTP conversation, so no other drainer (in this or another instance) can send it too.
 * The token is minted here and only its hash is ever written, in the transaction that records "sent".
 */
public final class ClaimedInvitation {

    final Connection connection;
    final Location location;
    final UUID invitationId;
    final int attempts;
    final String email;
    final String givenName;
    final String familyName;
    final String token;

    ClaimedInvitation(Connection connection, Location location, UUID invitationId, int attempts, String email,
                      String givenName, String familyName, String token) {
        this.connection = connection;
        this.location = location;
        this.invitationId = invitationId;
        this.attempts = attempts;
        this.email = email;
        this.givenName = givenName;
        this.familyName = familyName;
        this.token = token;
    }

    void commit() throws SQLException {
        try {
            connection.commit();
        } finally {
            release();
        }
    }

    /** Rolls back what was not committed and returns the connection; the locks go with it. Idempotent. */
    void release() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException ignored) {
            // a broken connection is discarded by the pool; PostgreSQL drops its locks with the session
        }
    }

    @Override
    public String toString() { // never the token
        return "ClaimedInvitation[" + location.id() + "/" + invitationId + ", attempt " + (attempts + 1) + "]";
    }
}
