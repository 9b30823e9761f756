package com.xakia.scim.location;

import com.xakia.scim.lifecycle.IdentityProvider;

/**
 * Who is calling, for which location, under which request id: set by authentication, read by every
 * service call so writes land in the right namespace and the audit row names the actor. A SCIM caller is
 * the identity provider its key was issued for; admins and invitees are none.
 */
public record Caller(Location location, String actor, String requestId, IdentityProvider identityProvider) {

    public static final String PROPERTY = "scimCaller";

    /** A caller that is not an identity provider: the admin, an invitee. */
    public Caller(Location location, String actor, String requestId) {
        this(location, actor, requestId, null);
    }
}
