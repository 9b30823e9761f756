package com.xakia.scim.invite;

/** An invitation that cannot be sent or accepted, with the HTTP status and a sentence that says why. */
public final class InvitationRefused extends RuntimeException {

    private final int status;

    public InvitationRefused(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static InvitationRefused conflict(String message) {
        return new InvitationRefused(409, message);
    }

    static InvitationRefused notFound(String message) {
        return new InvitationRefused(404, message);
    }

    static InvitationRefused gone(String message) {
        return new InvitationRefused(410, message);
    }
}
