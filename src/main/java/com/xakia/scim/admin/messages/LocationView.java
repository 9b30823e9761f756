package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;

import com.xakia.scim.location.Location;

/**
 * A location: its SCIM base URI, where its data lives ("shared" or the JDBC URL), its live key or null, and
 * its organization's id or null.
 */
public record LocationView(String id, String name, String scimBaseUri, OffsetDateTime createdAt, String database,
                           KeyView scimKey, String organizationId) {

    public static LocationView of(Location location, String scimBaseUri, KeyView scimKey) {
        return new LocationView(location.id(), location.name(), scimBaseUri, location.createdAt(),
                location.server() == null ? "shared" : location.server().url(), scimKey, location.organizationId());
    }
}
