package com.xakia.scim.invite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Locations;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drainer's side of a location's invitation outbox: claim the next due row, then record the outcome
 * of its one SMTP attempt — sent (the link's hash, expiry; the row leaves the outbox) or failed (retry
 * later with exponential backoff, or give up after the last attempt).
 */
public final class InvitationOutbox implements OutboxProbe {

    private static final Logger LOG = LoggerFactory.getLogger(InvitationOutbox.class);
    /** Exchange property holding the {@link ClaimedInvitation} between claim and outcome. */
    public static final String CLAIM = "invitationClaim";
    private static final String LOCATION = "invitationLocation";

    private final Locations locations;
    private final LocationNamespaces namespaces;
    private final InvitationSettings settings;
    private final InvitationMetrics metrics;
    private final OutboxHints hints;

    public InvitationOutbox(Locations locations, LocationNamespaces namespaces, InvitationSettings settings,
                            InvitationMetrics metrics, OutboxHints hints) {
        this.locations = locations;
        this.namespaces = namespaces;
        this.settings = settings;
        this.metrics = metrics;
        this.hints = hints;
    }

    /** Outbox depth and the age of its oldest invitation, for the location's JMX attributes. */
    @Override
    public Outbox read(String locationId) throws SQLException {
        Location location = locations.find(locationId).orElse(null);
        if (location == null) {
            return new Outbox(-1, -1);
        }
        try (Connection c = namespaces.dataSource(location).getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*),"
                     + " coalesce(extract(epoch from now() - min(i.created_at))::bigint, 0)"
                     + " from " + location.table("invitation_outbox") + " o join " + location.table("invitation")
                     + " i on i.id = o.invitation_id");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Outbox(rs.getLong(1), rs.getLong(2));
        }
    }

    /**
     * Claims the next due invitation of the location named by the {@code locationId} header and sets it as
     * the {@link #CLAIM} property; removes the property when nothing is due. Rows another drainer holds are
     * skipped, not waited for.
     */
    public void claimNext(Exchange exchange) throws SQLException {
        exchange.removeProperty(CLAIM);
        Location location = exchange.getProperty(LOCATION, Location.class);
        if (location == null) {
            location = locations.find(exchange.getMessage().getHeader("locationId", String.class)).orElse(null);
            if (location == null) {
                return; // deleted since it was listed
            }
            exchange.setProperty(LOCATION, location);
        }
        Connection c = namespaces.dataSource(location).getConnection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("select o.invitation_id, i.attempts,"
                    + " coalesce(u.email, u.user_name), u.given_name, u.family_name"
                    + " from " + location.table("invitation_outbox") + " o"
                    + " join " + location.table("invitation") + " i on i.id = o.invitation_id"
                    + " join " + location.table("users") + " u on u.id = i.user_id"
                    + " where o.next_attempt_at <= now() order by o.next_attempt_at, o.invitation_id limit 1"
                    + " for update of o, i skip locked");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    Timestamp next = nextAttempt(c, location);
                    c.rollback();
                    c.close();
                    hints.settle(location.id(), exchange.getMessage().getHeader("listedAt", Timestamp.class), next);
                    return;
                }
                // The location id in the token says which namespace to look in when the link is opened.
                ClaimedInvitation claim = new ClaimedInvitation(c, location, rs.getObject(1, UUID.class), rs.getInt(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), location.id() + "." + Secrets.newSecret());
                exchange.setProperty(CLAIM, claim);
                // Whatever happens to the exchange, the connection and its locks are given back at its end.
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onDone(Exchange done) {
                        claim.release();
                    }
                });
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            c.close();
            throw e;
        }
    }

    /** When the location's outbox next has something due (a retry), or null when it is empty. */
    private static Timestamp nextAttempt(Connection c, Location location) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select min(next_attempt_at) from "
                + location.table("invitation_outbox"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    /** Right after the SMTP server accepted the message: nothing else runs in between that could fail. */
    public void markSent(Exchange exchange) throws SQLException {
        ClaimedInvitation claim = exchange.getProperty(CLAIM, ClaimedInvitation.class);
        Location location = claim.location;
        try (PreparedStatement invitation = claim.connection.prepareStatement("update " + location.table("invitation")
                + " set status = 'sent', attempts = attempts + 1, last_error = null, token_hash = ?, sent_at = now(),"
                + " expires_at = now() + ? * interval '1 second', updated_at = now() where id = ?");
             PreparedStatement outbox = claim.connection.prepareStatement("delete from "
                     + location.table("invitation_outbox") + " where invitation_id = ?")) {
            invitation.setBytes(1, Secrets.hash(claim.token));
            invitation.setLong(2, settings.linkTtl().toSeconds());
            invitation.setObject(3, claim.invitationId);
            invitation.executeUpdate();
            outbox.setObject(1, claim.invitationId);
            outbox.executeUpdate();
            claim.commit();
        }
        exchange.removeProperty(CLAIM);
        metrics.sent(location.id());
    }

    /** The SMTP attempt failed: retry later with backoff, or, after the last attempt, mark it failed. */
    public void markFailed(Exchange exchange) throws SQLException {
        ClaimedInvitation claim = exchange.getProperty(CLAIM, ClaimedInvitation.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Location location = claim.location;
        int attempts = claim.attempts + 1;
        boolean last = attempts >= settings.maxAttempts() || cause instanceof Recipient.NotOneAddress;
        String error = describe(cause);
        try (PreparedStatement invitation = claim.connection.prepareStatement("update " + location.table("invitation")
                + " set status = ?, attempts = ?, last_error = ?, updated_at = now() where id = ?");
             PreparedStatement outbox = claim.connection.prepareStatement(last
                     ? "delete from " + location.table("invitation_outbox") + " where invitation_id = ?"
                     : "update " + location.table("invitation_outbox")
                             + " set next_attempt_at = now() + ? * interval '1 millisecond' where invitation_id = ?")) {
            invitation.setString(1, last ? "failed" : "retrying");
            invitation.setInt(2, attempts);
            invitation.setString(3, error);
            invitation.setObject(4, claim.invitationId);
            invitation.executeUpdate();
            if (last) {
                outbox.setObject(1, claim.invitationId);
            } else {
                outbox.setLong(1, settings.retryDelayAfter(attempts));
                outbox.setObject(2, claim.invitationId);
            }
            outbox.executeUpdate();
            claim.commit();
        }
        exchange.removeProperty(CLAIM);
        metrics.failed(location.id());
        LOG.warn("Invitation {} of location {} not sent (attempt {} of {}{}): {}", claim.invitationId, location.id(),
                attempts, settings.maxAttempts(), last ? ", giving up" : "", error);
    }

    /** A drain that failed outside an SMTP attempt (a database down, say): logged, retried at the next tick. */
    public void error(Exchange exchange) {
        Throwable thrown = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("Draining the invitation outbox failed; will retry: {}", describe(thrown));
    }

    /** The exception chain's messages, one line, bounded: what an admin sees as last error. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 400; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (out.indexOf(message) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(message.replaceAll("\\s+", " ").trim());
            }
        }
        return out.length() > 400 ? out.substring(0, 400) : out.toString();
    }
}
