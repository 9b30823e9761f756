package com.xakia.scim.scim;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A stored SCIM resource (a user or a group), as the responses and paging need it. */
public interface ScimResource {

    UUID id();

    OffsetDateTime created();

    long version();

    /** The resource as SCIM returns it: every attribute, id and meta. */
    ObjectNode toScim(String scimBaseUri);

    default String etag() {
        return "W/\"" + version() + "\"";
    }
}
