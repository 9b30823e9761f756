package com.xakia.scim.lifecycle;

/** A move the user's lifecycle does not allow; the message is written for the admin who asked for it. */
public final class TransitionRefused extends RuntimeException {

    public TransitionRefused(String message) {
        super(message, null, false, false);
    }
}
