package com.xakia.scim.admin;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.invite.Invitation;
import com.xakia.scim.invite.InvitationRefused;
import com.xakia.scim.invite.InvitationStore;
import com.xakia.scim.invite.OutboxHints;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import com.xakia.scim.invite.InvitationMetrics;
import com.xakia.scim.location.Caller;
import com.xakia.scim.web.RequestIds;
import com.xakia.scim.scim.ScimJson;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/** The admin API's invitations: invite one user, many at once, and what became of each invitation. */
public final class AdminInvitations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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
            ObjectNode body = JSON.objectNode();
            body.put("invitationId", queued.invitationId().toString());
            body.put("userId", queued.userId().toString());
            body.put("status", "queued");
            return new AdminReply(202, body);
        } catch (InvitationRefused e) {
            throw new AdminError(e.status(), e.getMessage());
        }
    }

    /**
     * POST …/invitations {"userIds": [...]} or {"all": "provisioned"} → 202 with what was queued and what
     * was skipped and why. Each user is its own transaction, so one refusal does not undo the others.
     */
    public AdminReply inviteMany(Exchange exchange, @Header("locationId") String locationId, @Body String body)
            throws SQLException {
        Caller caller = caller(exchange, locationId);
        ObjectNode request = ScimJson.parseObject(body);
        List<String> ids = new ArrayList<>();
        if (request.path("all").asText("").equals("provisioned") && !request.has("userIds")) {
            invitations.provisionedUsers(caller.location()).forEach(id -> ids.add(id.toString()));
        } else if (request.path("userIds").isArray() && !request.has("all")) {
            Set<String> unique = new LinkedHashSet<>();
            request.get("userIds").forEach(id -> unique.add(id.asText()));
            ids.addAll(unique);
        } else {
            throw AdminError.badRequest("Send {\"userIds\": [\"<id>\", …]} or {\"all\": \"provisioned\"}.");
        }
        ArrayNode queued = JSON.arrayNode();
        ArrayNode skipped = JSON.arrayNode();
        for (String id : ids) {
            try {
                InvitationStore.Queued q = invitations.invite(caller, uuid(id), false);
                metrics.queued(caller.location().id());
                queued.addObject().put("userId", id).put("invitationId", q.invitationId().toString());
            } catch (InvitationRefused | AdminError e) {
                skipped.addObject().put("userId", id).put("reason", e.getMessage());
            }
        }
        if (!queued.isEmpty()) {
            hints.dueNow(caller.location().id());
        }
        ObjectNode out = JSON.objectNode();
        out.set("queued", queued);
        out.set("skipped", skipped);
        return new AdminReply(202, out);
    }

    /** GET …/invitations → every invitation, newest first. */
    public AdminReply list(@Header("locationId") String locationId) throws SQLException {
        ArrayNode all = JSON.arrayNode();
        for (Invitation i : invitations.list(existing(locationId))) {
            all.add(invitation(i));
        }
        return new AdminReply(200, JSON.objectNode().set("invitations", all));
    }

    /** Adds each user's newest invitation (its delivery state) to the admin users list. */
    public AdminReply withDeliveryState(@Header("locationId") String locationId, @Body AdminReply users)
            throws SQLException {
        Map<UUID, Invitation> latest = invitations.latestByUser(existing(locationId));
        for (JsonNode user : users.body().path("users")) {
            Invitation i = latest.get(UUID.fromString(user.get("id").asText()));
            ((ObjectNode) user).set("invitation", i == null ? null : invitation(i));
        }
        return users;
    }

    private static ObjectNode invitation(Invitation i) {
        ObjectNode out = JSON.objectNode();
        out.put("invitationId", i.id().toString());
        out.put("userId", i.userId().toString());
        out.put("userName", i.userName());
        out.put("email", i.email());
        out.put("status", i.status());
        out.put("attempts", i.attempts());
        out.put("lastError", i.lastError());
        out.put("createdAt", time(i.createdAt()));
        out.put("sentAt", time(i.sentAt()));
        out.put("expiresAt", time(i.expiresAt()));
        out.put("acceptedAt", time(i.acceptedAt()));
        out.put("nextAttemptAt", time(i.nextAttemptAt()));
        return out;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    private Caller caller(Exchange exchange, String locationId) throws SQLException {
        return new Caller(existing(locationId), "admin", RequestIds.of(exchange));
    }

    private Location existing(String id) throws SQLException {
        return locations.find(id).orElseThrow(() -> AdminError.notFound("No location with id " + id + "."));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw AdminError.notFound("No user with id " + id + " in this location.");
        }
    }
}
