package com.xakia.scim.admin;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.xakia.scim.admin.messages.InvitationList;
import com.xakia.scim.admin.messages.InvitationQueued;
import com.xakia.scim.admin.messages.InvitationView;
import com.xakia.scim.admin.messages.InvitationsQueued;
import com.xakia.scim.admin.messages.InviteUsers;
import com.xakia.scim.admin.messages.UserList;
import com.xakia.scim.invite.Invitation;
import com.xakia.scim.invite.InvitationRefused;
import com.xakia.scim.invite.InvitationStore;
import com.xakia.scim.invite.OutboxHints;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import com.xakia.scim.invite.InvitationMetrics;
import com.xakia.scim.location.Caller;
import com.xakia.scim.web.RequestIds;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/** The admin API's invitations: invite one user, many at once, and what became of each invitation. */
public final class AdminInvitations {

    private final Locations locations;
    private final InvitationStore invitations;
    private final InvitationMetrics metrics;
    private final OutboxHints hints;

    public AdminInvitations(Locations locations, InvitationStore invitations, InvitationMetrics metrics,
                            OutboxHints hints) {
        this.locations = locations;
        this.invitations = invitations;
        this.metrics = metrics;
        this.hints = hints;
    }

    /** POST …/users/{userId}/invite[?resend=true] → 202 {"invitationId", "status": "queued"}. */
    public AdminReply inviteOne(Exchange exchange, @Header("locationId") String locationId,
                                @Header("userId") String userId, @Header("resend") String resend) throws SQLException {
        Caller caller = caller(exchange, locationId);
        try {
            InvitationStore.Queued queued = invitations.invite(caller, uuid(userId), "true".equalsIgnoreCase(resend));
            metrics.queued(caller.location().id());
            hints.dueNow(caller.location().id());
            return new AdminReply(202, InvitationQueued.queued(queued.invitationId(), queued.userId()));
        } catch (InvitationRefused e) {
            throw new AdminError(e.status(), e.getMessage());
        }
    }

    /**
     * POST …/invitations {"userIds": [...]} or {"all": "provisioned"} → 202 with what was queued and what
     * was skipped and why. Each user is its own transaction, so one refusal does not undo the others.
     */
    public AdminReply inviteMany(Exchange exchange, @Header("locationId") String locationId,
                                 @Body InviteUsers request) throws SQLException {
        Caller caller = caller(exchange, locationId);
        List<String> ids = new ArrayList<>();
        if (request != null && "provisioned".equals(request.all()) && request.userIds() == null) {
            invitations.provisionedUsers(caller.location()).forEach(id -> ids.add(id.toString()));
        } else if (request != null && request.userIds() != null && request.all() == null) {
            ids.addAll(new LinkedHashSet<>(request.userIds()));
        } else {
            throw AdminError.badRequest("Send {\"userIds\": [\"<id>\", …]} or {\"all\": \"provisioned\"}.");
        }
        List<InvitationsQueued.Queued> queued = new ArrayList<>();
        List<InvitationsQueued.Skipped> skipped = new ArrayList<>();
        for (String id : ids) {
            try {
                InvitationStore.Queued q = invitations.invite(caller, uuid(id), false);
                metrics.queued(caller.location().id());
                queued.add(new InvitationsQueued.Queued(id, q.invitationId()));
            } catch (InvitationRefused | AdminError e) {
                skipped.add(new InvitationsQueued.Skipped(id, e.getMessage()));
            }
        }
        if (!queued.isEmpty()) {
            hints.dueNow(caller.location().id());
        }
        return new AdminReply(202, new InvitationsQueued(queued, skipped));
    }

    /** GET …/invitations → every invitation, newest first. */
    public AdminReply list(@Header("locationId") String locationId, Exchange exchange) throws SQLException {
        boolean operator = AdminCaller.of(exchange).isOperator();
        return new AdminReply(200, new InvitationList(
                invitations.list(existing(locationId)).stream().map(i -> InvitationView.of(i, operator)).toList()));
    }

    /** Adds each user's newest invitation (its delivery state) to the admin users list. */
    public AdminReply withDeliveryState(@Header("locationId") String locationId, @Body AdminReply reply,
                                        Exchange exchange) throws SQLException {
        boolean operator = AdminCaller.of(exchange).isOperator();
        Map<UUID, Invitation> latest = invitations.latestByUser(existing(locationId));
        UserList users = (UserList) reply.body();
        return new AdminReply(reply.status(), new UserList(users.users().stream().map(user -> {
            Invitation newest = latest.get(user.id());
            return user.withInvitation(newest == null ? null : InvitationView.of(newest, operator));
        }).toList()));
    }

    private Caller caller(Exchange exchange, String locationId) throws SQLException {
        return new Caller(existing(locationId), AdminCaller.of(exchange).actor(), RequestIds.of(exchange));
    }

    private Location existing(String id) throws SQLException {
        return locations.find(id).orElseThrow(() -> AdminError.noLocation(id));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw AdminError.notFound("No user with id " + id + " in this location.");
        }
    }
}
