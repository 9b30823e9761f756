package com.xakia.scim.admin.messages;

import java.util.List;

/** POST …/invitations: either {"userIds": [...]} or {"all": "provisioned"}. */
public record InviteUsers(List<String> userIds, String all) {}
