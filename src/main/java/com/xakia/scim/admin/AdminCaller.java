package com.xakia.scim.admin;

import org.apache.camel.Exchange;

/**
 * Who signed in to the admin API: the operator (the service's own admin token), or an organization's admin
 * (one of its admin tokens), who sees that organization and its locations only. Set by {@link AdminToken}.
 */
public record AdminCaller(String organizationId, String tokenId) {

    static final String PROPERTY = "adminCaller";

    private static final AdminCaller OPERATOR = new AdminCaller(null, null);

    static AdminCaller operator() {
        return OPERATOR;
    }

    static AdminCaller organizationAdmin(String organizationId, String tokenId) {
        return new AdminCaller(organizationId, tokenId);
    }

    public boolean isOperator() {
        return organizationId == null;
    }

    /** The audit rows' actor: "admin" for the operator (as before), the token's id (never the token) otherwise. */
    public String actor() {
        return isOperator() ? "admin" : "org-admin:" + tokenId;
    }

    /** Whether this caller may see a location of this organization (null: a location of none). */
    boolean sees(String locationOrganizationId) {
        return isOperator() || organizationId.equals(locationOrganizationId);
    }

    /** The caller of an authenticated admin route. */
    static AdminCaller of(Exchange exchange) {
        AdminCaller caller = exchange.getProperty(PROPERTY, AdminCaller.class);
        if (caller == null) {
            throw new IllegalStateException("An admin route read its caller before authenticating it");
        }
        return caller;
    }
}
