package com.xakia.scim.scim;

import com.xakia.scim.location.Location;

/**
 * Who is calling, for which location, under which request id: set by authentication, read by every
 * store call so writes land in the right namespace and the audit row names the actor.
 */
public record Caller(Location location, String actor, String requestId) {

    public static final String PROPERTY = "xakia.caller";
}
