package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;
import java.util.List;

/** GET /admin/api/organizations/{id}/admin-tokens: the organization's live admin tokens (never a token itself). */
public record AdminTokenList(List<AdminTokenView> adminTokens) {

    /** One live organization admin token: its id and when it was issued. */
    public record AdminTokenView(String tokenId, OffsetDateTime createdAt) {}
}
