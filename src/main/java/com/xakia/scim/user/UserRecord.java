package com.xakia.scim.user;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.lifecycle.IdentityProvider;
import com.xakia.scim.lifecycle.Lifecycle;
import com.xakia.scim.lifecycle.Source;
import com.xakia.scim.scim.ScimResource;

/**
 * One row of a location's users table, with the groups it belongs to when they were loaded.
 * {@code identityProvider} is the provider that manages the user, null for a native user none has claimed;
 * {@code organizationUserId} the organization-level id of the person the row represents, null when no
 * organization points to it.
 */
public record UserRecord(
        UUID id,
        String userName,
        String externalId,
        boolean active,
        Lifecycle lifecycle,
        Source source,
        IdentityProvider identityProvider,
        String givenName,
        String familyName,
        String email,
        ObjectNode resource,
        OffsetDateTime created,
        OffsetDateTime lastModified,
        long version,
        UUID organizationUserId,
        ArrayNode groups) implements ScimResource {

    /** What a Xakia admin sees. */
    public String status() {
        return lifecycle.status(active);
    }

    public UserRecord withGroups(ArrayNode memberships) {
        return new UserRecord(id, userName, externalId, active, lifecycle, source, identityProvider, givenName,
                familyName, email, resource, created, lastModified, version, organizationUserId, memberships);
    }

    /**
     * The same row as an organization's base URI shows it: under the organization-level id of the person, which
     * stays the same while the person's row may change (a move, a link).
     */
    public UserRecord asOrganizationUser(UUID organizationLevelId) {
        return new UserRecord(organizationLevelId, userName, externalId, active, lifecycle, source, identityProvider,
                givenName, familyName, email, resource, created, lastModified, version, organizationUserId, groups);
    }

    @Override
    public ObjectNode toScim(String scimBaseUri) {
        return UserResources.toScim(this, scimBaseUri);
    }
}
