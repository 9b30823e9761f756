package com.xakia.scim.scim;

import java.util.Collection;

/**
 * A SCIM error (RFC 7644 3.12) raised anywhere behind a SCIM route; errors.camel.yaml turns it into
 * the error body and status. Each factory is one error kind, so callers never pick status codes by hand.
 */
public final class ScimError extends RuntimeException {

    private final int status;
    private final String scimType;
    private final long retryAfterSeconds;
    private final String allow;
    private boolean unknownAttribute;

    private ScimError(int status, String scimType, String detail) {
        this(status, scimType, detail, 0);
    }

    private ScimError(int status, String scimType, String detail, long retryAfterSeconds) {
        this(status, scimType, detail, retryAfterSeconds, null);
    }

    private ScimError(int status, String scimType, String detail, long retryAfterSeconds, String allow) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
        this.retryAfterSeconds = retryAfterSeconds;
        this.allow = allow;
    }

    public int status() {
        return status;
    }

    /** Null where RFC 7644 defines no scimType for the status. */
    public String scimType() {
        return scimType;
    }

    public String detail() {
        return getMessage();
    }

    /** The Retry-After header's seconds, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The Allow header's methods of a 405, or null. */
    public String allow() {
        return allow;
    }

    /**
     * Whether the request named an attribute the resource type does not have (in a filter or sortBy): a
     * search across resource types (POST /.search) skips such a type instead of failing.
     */
    public boolean namesUnknownAttribute() {
        return unknownAttribute;
    }

    public static ScimError unknownFilterAttribute(String detail) {
        ScimError error = invalidFilter(detail);
        error.unknownAttribute = true;
        return error;
    }

    public static ScimError unknownSortAttribute(String detail) {
        ScimError error = invalidValue(detail);
        error.unknownAttribute = true;
        return error;
    }

    public static ScimError invalidSyntax(String detail) {
        return new ScimError(400, "invalidSyntax", detail);
    }

    public static ScimError invalidValue(String detail) {
        return new ScimError(400, "invalidValue", detail);
    }

    public static ScimError invalidFilter(String detail) {
        return new ScimError(400, "invalidFilter", detail);
    }

    public static ScimError invalidPath(String detail) {
        return new ScimError(400, "invalidPath", detail);
    }

    public static ScimError noTarget(String detail) {
        return new ScimError(400, "noTarget", detail);
    }

    public static ScimError mutability(String detail) {
        return new ScimError(400, "mutability", detail);
    }

    public static ScimError tooMany(String detail) {
        return new ScimError(400, "tooMany", detail);
    }

    /** The one body every authentication failure gets, so a caller learns nothing about why. */
    public static ScimError unauthorized() {
        return new ScimError(401, null, "Authentication failed: present a valid bearer key for this SCIM base URI.");
    }

    public static ScimError notFound(String detail) {
        return new ScimError(404, null, detail);
    }

    /** The path is served, but not for this method; the answer names the methods it takes (RFC 9110 15.5.6). */
    public static ScimError methodNotAllowed(String method, Collection<String> allowed) {
        String allow = String.join(", ", allowed);
        return new ScimError(405, null, method + " is not a method of this endpoint; it takes " + allow + ".", 0, allow);
    }

    public static ScimError uniqueness(String detail) {
        return new ScimError(409, "uniqueness", detail);
    }

    public static ScimError preconditionFailed(String detail) {
        return new ScimError(412, null, detail);
    }

    /** The location's rate limit is spent; Okta and Entra retry after Retry-After. */
    public static ScimError tooManyRequests(long retryAfterSeconds) {
        return new ScimError(429, null, "Too many requests for this location; retry after " + retryAfterSeconds
                + " s.", retryAfterSeconds);
    }

    /** The location already has as many requests in flight as it may; refused before any work was done. */
    public static ScimError tooManyInFlight(int limit, long retryAfterSeconds) {
        return new ScimError(429, null, "This location already has " + limit + " requests in progress, the most it may"
                + " have at once (XAKIA_SCIM_MAX_CONCURRENT_PER_LOCATION); retry after " + retryAfterSeconds + " s.",
                retryAfterSeconds);
    }

    /** The location's database cannot be reached; nothing was changed. */
    public static ScimError unavailable(long retryAfterSeconds) {
        return new ScimError(503, null, "This location's data is unavailable right now; nothing was changed. Retry after "
                + retryAfterSeconds + " s.", retryAfterSeconds);
    }

    /**
     * An organization's users were read while people moved between its locations, each time they were read: rather
     * than a person listed twice, missing, or answered as the row a move left behind, nothing, and the client asks
     * again.
     */
    public static ScimError movingMeanwhile(long retryAfterSeconds) {
        return new ScimError(503, null, "Users of this organization were moving between its locations while this"
                + " request read them; retry after " + retryAfterSeconds + " s.", retryAfterSeconds);
    }

    /** PostgreSQL rolled the request back to break a deadlock with another one; nothing was changed. */
    public static ScimError concurrentChange(long retryAfterSeconds) {
        return new ScimError(503, null, "Another request changed the same data at the same moment; nothing was changed."
                + " Retry after " + retryAfterSeconds + " s.", retryAfterSeconds);
    }

    /** A statement ran past statement_timeout and was cancelled; nothing was changed. */
    public static ScimError timedOut(long retryAfterSeconds) {
        return new ScimError(503, null, "The request took longer than this service allows and was stopped; nothing was"
                + " changed. Retry after " + retryAfterSeconds + " s, or ask for less (a narrower filter, a smaller count).",
                retryAfterSeconds);
    }

    public static ScimError notImplemented(String detail) {
        return new ScimError(501, null, detail);
    }

    /** Carries a status from the SCIM SDK's own exceptions (filter and PATCH parsing). */
    public static ScimError of(int status, String scimType, String detail) {
        return new ScimError(status, scimType, detail);
    }
}
