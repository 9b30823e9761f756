package com.xakia.scim.admin.messages;

import java.util.List;
import java.util.UUID;

/** POST …/invitations: who was invited, and who was skipped and why (each user on its own). */
public record InvitationsQueued(List<Queued> queued, List<Skipped> skipped) {

    /** userId as the request named it. */
    public record Queued(String userId, UUID invitationId) {}

    public record Skipped(String userId, String reason) {}
}
