package com.xakia.scim.scim;

import java.util.Arrays;

/** Conditional writes (RFC 7644 3.14): If-Match against the resource's current weak ETag. */
public final class ETags {

    private ETags() {}

    /** Passes when If-Match is absent, "*", or lists the current ETag; otherwise 412. */
    public static void checkIfMatch(String current, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        if (Arrays.stream(ifMatch.split(",")).map(String::trim).noneMatch(current::equals)) {
            throw ScimError.preconditionFailed("The resource has changed: If-Match " + ifMatch.trim()
                    + " does not match its current version " + current + ".");
        }
    }
}
