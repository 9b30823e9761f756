package com.xakia.scim.admin.messages;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An organization: its SCIM base URI (one identity-provider app for all its locations), its live key (never
 * the key itself) or null, the ids of its locations, and its routing table or null.
 */
public record OrganizationView(String id, String name, String scimBaseUri, OffsetDateTime createdAt, KeyView scimKey,
                               List<String> locationIds, RoutingView routing) {}
