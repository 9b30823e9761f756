package com.xakia.scim.admin.messages;

/**
 * GET /admin/api/me: who the presented token is. role "operator" (the service's admin token) or "organization"
 * (an organization admin token: its organization's id and the token's id, never the token).
 */
public record AdminSession(String role, String organizationId, String tokenId) {}
