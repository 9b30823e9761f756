package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.xakia.scim.invite.Invitation;

/**
 * One invitation: status queued, sent, retrying, failed, accepted, superseded or cancelled; the times that
 * have not happened are null.
 */
public record InvitationView(UUID invitationId, UUID userId, String userName, String email, String status,
                             int attempts, String lastError, OffsetDateTime createdAt, OffsetDateTime sentAt,
                             OffsetDateTime expiresAt, OffsetDateTime acceptedAt, OffsetDateTime nextAttemptAt) {

    public static InvitationView of(Invitation i) {
        return new InvitationView(i.id(), i.userId(), i.userName(), i.email(), i.status(), i.attempts(), i.lastError(),
                i.createdAt(), i.sentAt(), i.expiresAt(), i.acceptedAt(), i.nextAttemptAt());
    }
}
