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

    public static AdminError conflict(String message) {
        return new AdminError(409, message);
    }
}
