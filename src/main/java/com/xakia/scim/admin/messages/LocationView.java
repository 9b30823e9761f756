package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;

import com.xakia.scim.location.Location;

/**
 * A location: its SCIM base URI, where its data lives, its live key or null, and its organization's id or null.
 * Where its data lives is "shared" (the control server) or, for a server of its own, the JDBC URL without its
 * parameters for the operator and just "own" for an organization admin: the operator's servers are not theirs.
 */
public record LocationView(String id, String name, String scimBaseUri, OffsetDateTime createdAt, String database,
                           KeyView scimKey, String organizationId) {

    public static LocationView of(Location location, String scimBaseUri, KeyView scimKey, boolean operator) {
        String database = location.server() == null ? "shared" : operator ? location.server().shownUrl() : "own";
        return new LocationView(location.id(), location.name(), scimBaseUri, location.createdAt(), database, scimKey,
                location.organizationId());
    }
}
