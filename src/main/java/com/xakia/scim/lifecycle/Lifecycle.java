package com.xakia.scim.lifecycle;

import java.util.Locale;

/**
 * Where a user is on the way into Xakia, and every move between the stages: the one place the rules live.
 * {@code active} (the identity provider's switch) is kept beside it: an inactive user keeps its stage, and
 * the admin sees "inactive" whatever the stage.
 */
public enum Lifecycle {
    /** Created by the identity provider; not invited yet (or its invitation was cancelled). */
    PROVISIONED,
    /** An invitation is open. */
    INVITED,
    /** Uses Xakia: accepted an invitation, or never needed one. */
    ACTIVE;

    /** The stage a new user starts in. */
    public static Lifecycle ofNewUser(Source source) {
        return source.needsInvitation() ? PROVISIONED : ACTIVE;
    }

    /** After an invitation is sent; refused for users who cannot or need not be invited. */
    public Lifecycle invite(Source source, boolean active, boolean resend) {
        if (!source.needsInvitation()) {
            throw new TransitionRefused("The user is already a Xakia user: no invitation needed.");
        }
        if (!active) {
            throw new TransitionRefused("The user is inactive: reactivate it in the identity provider before inviting.");
        }
        return switch (this) {
            case ACTIVE -> throw new TransitionRefused("The user has already accepted an invitation.");
            case INVITED -> {
                if (!resend) {
                    throw new TransitionRefused("The user is already invited; to send a new link that replaces the"
                            + " previous one, use ?resend=true.");
                }
                yield INVITED;
            }
            case PROVISIONED -> INVITED;
        };
    }

    /** After the invitee accepts. */
    public Lifecycle accept() {
        return ACTIVE;
    }

    /**
     * After the identity provider deactivates (or deletes) the user: its open invitations are cancelled, so an
     * invited user is provisioned again and reactivating it sends nothing by itself.
     */
    public Lifecycle deactivate() {
        return this == INVITED ? PROVISIONED : this;
    }

    /**
     * The state a PUT or PATCH leaves: {@code requested} is the {@code active} value the request ends with, null
     * when the resource no longer says (a PUT without it, a PATCH that removes it) — then nothing changes.
     */
    public static boolean nextActive(boolean current, Boolean requested) {
        return requested == null ? current : requested;
    }

    /** What a Xakia admin sees: inactive wins over the stage. */
    public String status(boolean active) {
        return active ? id() : "inactive";
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Lifecycle of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
