package com.xakia.scim.invite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.xakia.scim.location.AuditLog;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.lifecycle.Lifecycle;
import com.xakia.scim.lifecycle.Source;
import com.xakia.scim.lifecycle.TransitionRefused;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Caller;

/**
 * Invitations in a location's namespace. Inviting writes the invitation, its outbox row, the user's
 * lifecycle and the audit row in one transaction (the transactional outbox): either all of it happens or
 * none, and the email goes out only if the invitation exists.
 *
 * <p>Lock order everywhere: the user row, then outbox rows, then invitation rows. The outbox drainer locks
 * only outbox and invitation rows, in that order, so the two never deadlock.
 */
public final class InvitationStore {

    /** Invitations that can still lead to an accepted link. */
    static final String OPEN = "('queued', 'sent', 'retrying', 'failed')";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final LocationNamespaces namespaces;

    public InvitationStore(LocationNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** What an invite queued. */
    public record Queued(UUID invitationId, UUID userId) {}

    /**
     * Queues an invitation for a provisioned user. With {@code resend}, an invited user gets a new one and
     * the previous link stops working; otherwise an invited user is refused.
     */
    public Queued invite(Caller caller, UUID userId, boolean resend) throws SQLException {
        Location location = caller.location();
        return Transactions.inTransaction(data(location), c -> {
            Lifecycle invited = invitable(lockUser(c, location, userId), resend);
            if (resend) {
                closeOpen(c, location, userId, "superseded");
            }
            UUID invitationId = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("invitation")
                    + " (id, user_id, status) values (?, ?, 'queued')")) {
                ps.setObject(1, invitationId);
                ps.setObject(2, userId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("invitation_outbox")
                    + " (invitation_id) values (?)")) {
                ps.setObject(1, invitationId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("update " + location.table("users")
                    + " set lifecycle = ? where id = ?")) {
                ps.setString(1, invited.id());
                ps.setObject(2, userId);
                ps.executeUpdate();
            }
            AuditLog.write(c, location, caller, resend ? "admin.user.reinvite" : "admin.user.invite", userId, List.of());
            return new Queued(invitationId, userId);
        });
    }

    /** The users an "invite all provisioned" means: active, from the IdP, never invited. */
    public List<UUID> provisionedUsers(Location location) throws SQLException {
        try (Connection c = data(location).getConnection();
             PreparedStatement ps = c.prepareStatement("select id from " + location.table("users")
                     + " where lifecycle = ? and active and source = any(?) and scim_deleted_at is null"
                     + " order by created_at, id")) {
            ps.setString(1, Lifecycle.PROVISIONED.id());
            ps.setArray(2, c.createArrayOf("text", Arrays.stream(Source.values()).filter(Source::needsInvitation)
                    .map(Source::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                List<UUID> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
                return ids;
            }
        }
    }

    /** Every invitation of the location, newest first. */
    public List<Invitation> list(Location location) throws SQLException {
        return query(location, "", "order by i.created_at desc, i.id");
    }

    /** The newest invitation of each user that has one: the delivery state the admin users list shows. */
    public Map<UUID, Invitation> latestByUser(Location location) throws SQLException {
        Map<UUID, Invitation> latest = new HashMap<>();
        for (Invitation i : query(location, "distinct on (i.user_id)", "order by i.user_id, i.created_at desc")) {
            latest.put(i.userId(), i);
        }
        return latest;
    }

    /**
     * Called by UserService in the transaction that deactivates a user (which holds the user row): the user's
     * open invitations are cancelled, their links stop working and queued emails are not sent.
     */
    public static void cancelOpen(Connection c, Location location, UUID userId) throws SQLException {
        closeOpen(c, location, userId, "cancelled");
    }

    // ---- internals -------------------------------------------------------------------------------

    private record UserState(Source source, boolean active, boolean scimDeleted, Lifecycle lifecycle, String address) {}

    private static UserState lockUser(Connection c, Location location, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select source, active, scim_deleted_at is not null, lifecycle,"
                + " coalesce(email, user_name) from " + location.table("users") + " where id = ? for update")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw InvitationRefused.notFound("No user with id " + userId + " in this location.");
                }
                return new UserState(Source.of(rs.getString(1)), rs.getBoolean(2), rs.getBoolean(3),
                        Lifecycle.of(rs.getString(4)), rs.getString(5));
            }
        }
    }

    /** The stage an invitation moves the user to, or why it cannot be invited. */
    private static Lifecycle invitable(UserState user, boolean resend) {
        Lifecycle next;
        try {
            next = user.lifecycle().invite(user.source(), user.active() && !user.scimDeleted(), resend);
        } catch (TransitionRefused e) {
            throw InvitationRefused.conflict(e.getMessage());
        }
        if (user.address() == null || !EMAIL.matcher(user.address()).matches()) {
            throw InvitationRefused.conflict("The user has no email address to send an invitation to.");
        }
        return next;
    }

    /** Closes the user's open invitations: outbox rows first (the lock order), then the invitations. */
    private static int closeOpen(Connection c, Location location, UUID userId, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + location.table("invitation_outbox")
                + " where invitation_id in (select id from " + location.table("invitation")
                + " where user_id = ? and status in " + OPEN + ")")) {
            ps.setObject(1, userId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("update " + location.table("invitation")
                + " set status = ?, updated_at = now() where user_id = ? and status in " + OPEN)) {
            ps.setString(1, status);
            ps.setObject(2, userId);
            return ps.executeUpdate();
        }
    }

    private List<Invitation> query(Location location, String distinct, String order) throws SQLException {
        try (Connection c = data(location).getConnection();
             PreparedStatement ps = c.prepareStatement("select " + distinct + " i.id, i.user_id, u.user_name,"
                     + " coalesce(u.email, u.user_name), i.status, i.attempts, i.last_error, i.created_at, i.sent_at,"
                     + " i.expires_at, i.accepted_at, o.next_attempt_at from " + location.table("invitation") + " i"
                     + " join " + location.table("users") + " u on u.id = i.user_id"
                     + " left join " + location.table("invitation_outbox") + " o on o.invitation_id = i.id " + order);
             ResultSet rs = ps.executeQuery()) {
            List<Invitation> all = new ArrayList<>();
            while (rs.next()) {
                all.add(new Invitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                        rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class),
                        rs.getObject(12, OffsetDateTime.class)));
            }
            return all;
        }
    }

    private DataSource data(Location location) {
        return namespaces.dataSource(location);
    }
}
