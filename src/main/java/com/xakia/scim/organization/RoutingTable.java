package com.xakia.scim.organization;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.scim.ResourceSchema;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.scim.SingleValuedPath;

/**
 * Which of an organization's locations a user belongs to: the value at {@code attribute} in the user, matched
 * case-insensitively against the routes; a value that matches none goes to {@code defaultLocationId}, or is
 * refused when there is no default.
 */
public record RoutingTable(SingleValuedPath attribute, List<Route> routes, String defaultLocationId) {

    /** Where the identity providers' attribute mappings can point without any other set-up. */
    public static final String DEFAULT_ATTRIBUTE = ScimJson.XAKIA_USER + ":location";

    /** One value of the routing attribute and its location. */
    public record Route(String value, String locationId) {}

    public static SingleValuedPath attribute(String text) {
        return SingleValuedPath.of(ResourceSchema.ORGANIZATION_USER, text == null ? DEFAULT_ATTRIBUTE : text);
    }

    /** The location of a user resource, or 400 invalidValue naming its value and the known ones. */
    public String locationFor(ObjectNode user) {
        Optional<String> value = attribute.valueIn(user);
        if (value.isPresent()) {
            String key = key(value.get());
            for (Route route : routes) {
                if (key(route.value()).equals(key)) {
                    return route.locationId();
                }
            }
        }
        if (defaultLocationId != null) {
            return defaultLocationId;
        }
        throw ScimError.invalidValue((value.isPresent() ? "The value \"" + value.get() + "\" of " + attribute
                : "The user has no value at " + attribute) + ", which routes users to this organization's locations,"
                + " matches none of its locations; the known values are " + knownValues() + ".");
    }

    private String knownValues() {
        return routes.isEmpty() ? "none (the routing table is empty)"
                : routes.stream().map(r -> '"' + r.value() + '"').collect(Collectors.joining(", "));
    }

    /** Values match case-insensitively: the key a value is stored and compared under. */
    public static String key(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
