package com.xakia.scim.admin.messages;

import java.util.List;

/** GET …/invitations: newest first. */
public record InvitationList(List<InvitationView> invitations) {}
