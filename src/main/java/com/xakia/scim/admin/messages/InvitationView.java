package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.xakia.scim.invite.Invitation;

/**
 * One invitation: status queued, sent, retrying, failed, accepted, superseded or cancelled; the times that
 * have not happened are null. The last delivery error names the operator's mail server and what it answered,
 * so an organization admin (a customer) reads only that delivery failed; the operator reads the error itself.
 */
public record InvitationView(UUID invitationId, UUID userId, String userName, String email, String status,
                             int attempts, String lastError, OffsetDateTime createdAt, OffsetDateTime sentAt,
                             OffsetDateTime expiresAt, OffsetDateTime acceptedAt, OffsetDateTime nextAttemptAt) {

    static final String DELIVERY_FAILED = "The email could not be delivered; the service's operator has the details.";

    public static InvitationView of(Invitation i, boolean operator) {
        String lastError = i.lastError() == null || operator ? i.lastError() : DELIVERY_FAILED;
        return new InvitationView(i.id(), i.userId(), i.userName(), i.email(), i.status(), i.attempts(), lastError,
                i.createdAt(), i.sentAt(), i.expiresAt(), i.acceptedAt(), i.nextAttemptAt());
    }
}
