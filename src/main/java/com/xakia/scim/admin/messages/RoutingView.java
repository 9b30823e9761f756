package com.xakia.scim.admin.messages;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An organization's routing table: the user attribute that names a location, each value's location id
 * (values match case-insensitively), and the location of a value that matches none (null: such a user is refused).
 * The body of PUT /admin/api/organizations/{id}/routing, and how it is shown; without "attribute" the Xakia
 * extension's location attribute is used.
 */
public record RoutingView(String attribute, Map<String, String> locations,
                          @JsonProperty("default") String defaultLocation) {}
