package com.xakia.scim.admin;

/** An admin API error: its status and a sentence an admin can act on. */
public final class AdminError extends RuntimeException {

    private final int status;

    public AdminError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static AdminError unauthorized() {
        return new AdminError(401, "Authentication failed: present the admin token as a bearer token.");
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
