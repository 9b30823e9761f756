package com.xakia.scim.user;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.scim.ScimResource;

/** One row of a location's users table, with the groups it belongs to when they were loaded. */
public record UserRecord(
        UUID id,
        String userName,
        String externalId,
        boolean active,
        String lifecycle,
        String source,
        String givenName,
        String familyName,
        String email,
        ObjectNode resource,
        OffsetDateTime created,
        OffsetDateTime lastModified,
        long version,
        ArrayNode groups) implements ScimResource {

    /** What a Xakia admin sees: inactive wins over where the user is in its lifecycle. */
    public String status() {
        return active ? lifecycle : "inactive";
    }

    public UserRecord withGroups(ArrayNode memberships) {
        return new UserRecord(id, userName, externalId, active, lifecycle, source, givenName, familyName, email,
                resource, created, lastModified, version, memberships);
    }

    @Override
    public ObjectNode toScim(String scimBaseUri) {
        return UserResources.toScim(this, scimBaseUri);
    }
}
