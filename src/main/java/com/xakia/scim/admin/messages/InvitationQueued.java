package com.xakia.scim.admin.messages;

import java.util.UUID;

/** POST …/users/{userId}/invite: the invitation is in the outbox (status "queued"); the email follows. */
public record InvitationQueued(UUID invitationId, UUID userId, String status) {

    public static InvitationQueued queued(UUID invitationId, UUID userId) {
        return new InvitationQueued(invitationId, userId, "queued");
    }
}
