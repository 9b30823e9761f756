package com.xakia.scim.invite;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One invitation as the admin sees it: where it is in delivery, and who it is for. */
public record Invitation(
        UUID id,
        UUID userId,
        String userName,
        String email,
        String status,
        int attempts,
        String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime sentAt,
        OffsetDateTime expiresAt,
        OffsetDateTime acceptedAt,
        OffsetDateTime nextAttemptAt) {}
