package com.xakia.scim.organization;

import com.xakia.scim.lifecycle.IdentityProvider;
import com.xakia.scim.location.Caller;
import com.xakia.scim.location.Location;

/**
 * An identity provider calling an organization's base URI with the organization's key. Each write is made
 * as {@link #at(Location)}: the caller the routed location's own endpoint would have, so the location's
 * rows, audit and lifecycle are exactly what a call to the location writes.
 */
public record OrganizationCaller(Organization organization, String keyId, String requestId,
                                 IdentityProvider identityProvider) {

    public static final String PROPERTY = "scimOrganizationCaller";

    public Caller at(Location location) {
        return new Caller(location, "scim-key:" + keyId, requestId, identityProvider);
    }
}
