package com.xakia.scim.admin;

/** An admin API error: its status and a sentence an admin can act on. */
public final class AdminError extends RuntimeException {

    private final int status;
    private final long retryAfterSeconds;

    public AdminError(int status, String message) {
        this(status, message, 0);
    }

    private AdminError(int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds for a Retry-After header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static AdminError unauthorized() {
        return new AdminError(401, "Authentication failed: present the admin token as a bearer token.");
    }

    public static AdminError tooManyAttempts(long retryAfterSeconds) {
        return new AdminError(429, "Too many wrong admin tokens from this address; retry after "
                + retryAfterSeconds + " seconds.", retryAfterSeconds);
    }

    public static AdminError badRequest(String message) {
        return new AdminError(400, message);
    }

    public static AdminError notFound(String message) {
        return new AdminError(404, message);
    }

    /** A location that does not exist, or that the caller may not see: the same answer. */
    public static AdminError noLocation(String id) {
        return notFound("No location with id " + id + ".");
    }

    /** An organization that does not exist, or that the caller may not see: the same answer. */
    public static AdminError noOrganization(String id) {
        return notFound("No organization with id " + id + ".");
    }

    /** A method and path that no admin call takes, or an operator's call made with an organization admin token. */
    public static AdminError noSuchCall() {
        return notFound("There is no admin API call with this method at this path.");
    }

    public static AdminError conflict(String message) {
        return new AdminError(409, message);
    }
}
