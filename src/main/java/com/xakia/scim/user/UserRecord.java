package com.xakia.scim.user;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One row of a location's users table. */
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
        long version) {

    /** What a Xakia admin sees: inactive wins over where the user is in its lifecycle. */
    public String status() {
        return active ? lifecycle : "inactive";
    }

    public String etag() {
        return "W/\"" + version + "\"";
    }
}
