package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;

import com.xakia.scim.organization.OrganizationAdminTokens;

/** POST /admin/api/organizations/{id}/admin-tokens: the token, shown only in this answer. */
public record AdminTokenIssued(String tokenId, String organizationId, String token, OffsetDateTime createdAt) {

    public static AdminTokenIssued of(OrganizationAdminTokens.Issued issued) {
        return new AdminTokenIssued(issued.tokenId(), issued.organizationId(), issued.token(), issued.createdAt());
    }

    @Override
    public String toString() {
        return "AdminTokenIssued[" + tokenId + "]"; // never the token
    }
}
