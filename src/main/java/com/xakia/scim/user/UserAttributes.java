package com.xakia.scim.user;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.xakia.scim.scim.ScimJson;

/**
 * The allow-list of User attributes a filter may name, and the SQL expression each maps to. Request
 * data never becomes SQL text: a name that is not here is an invalidFilter error.
 */
final class UserAttributes {

    enum Type { STRING, BOOLEAN, DATETIME }

    /** A single-valued attribute: its SQL expression over a users row. */
    record Simple(String sql, Type type, boolean caseExact) {}

    /** A multi-valued complex attribute stored as a jsonb array in resource, and its sub-attributes. */
    record Multi(String jsonKey, Map<String, Type> subAttributes) {
        String elements() {
            return "jsonb_array_elements(case when jsonb_typeof(resource->'" + jsonKey + "') = 'array'"
                    + " then resource->'" + jsonKey + "' else '[]'::jsonb end)";
        }

        Type type(String subAttribute) {
            return subAttributes.get(subAttribute);
        }
    }

    private static final String ENTERPRISE = ScimJson.ENTERPRISE_USER.toLowerCase(Locale.ROOT) + ":";

    private static final Map<String, Simple> SIMPLE = Map.ofEntries(
            Map.entry("id", new Simple("id::text", Type.STRING, true)),
            Map.entry("username", new Simple("user_name", Type.STRING, false)),
            Map.entry("externalid", new Simple("external_id", Type.STRING, true)),
            Map.entry("active", new Simple("active", Type.BOOLEAN, true)),
            Map.entry("meta.created", new Simple("created_at", Type.DATETIME, true)),
            Map.entry("meta.lastmodified", new Simple("last_modified", Type.DATETIME, true)),
            Map.entry("displayname", json("displayName")),
            Map.entry("nickname", json("nickName")),
            Map.entry("title", json("title")),
            Map.entry("usertype", json("userType")),
            Map.entry("preferredlanguage", json("preferredLanguage")),
            Map.entry("locale", json("locale")),
            Map.entry("timezone", json("timezone")),
            Map.entry("profileurl", json("profileUrl")),
            Map.entry("name.formatted", json("name", "formatted")),
            Map.entry("name.givenname", json("name", "givenName")),
            Map.entry("name.familyname", json("name", "familyName")),
            Map.entry("name.middlename", json("name", "middleName")),
            Map.entry("name.honorificprefix", json("name", "honorificPrefix")),
            Map.entry("name.honorificsuffix", json("name", "honorificSuffix")),
            Map.entry(ENTERPRISE + "employeenumber", json(ScimJson.ENTERPRISE_USER, "employeeNumber")),
            Map.entry(ENTERPRISE + "costcenter", json(ScimJson.ENTERPRISE_USER, "costCenter")),
            Map.entry(ENTERPRISE + "organization", json(ScimJson.ENTERPRISE_USER, "organization")),
            Map.entry(ENTERPRISE + "division", json(ScimJson.ENTERPRISE_USER, "division")),
            Map.entry(ENTERPRISE + "department", json(ScimJson.ENTERPRISE_USER, "department")),
            Map.entry(ENTERPRISE + "manager.value", json(ScimJson.ENTERPRISE_USER, "manager", "value")),
            Map.entry(ENTERPRISE + "manager", json(ScimJson.ENTERPRISE_USER, "manager", "value")),
            Map.entry(ENTERPRISE + "manager.displayname", json(ScimJson.ENTERPRISE_USER, "manager", "displayName")));

    /** Sub-attributes of plural attributes; all caseExact=false (RFC 7643 4.1.2). */
    private static final Map<String, Type> PLURAL = Map.of(
            "value", Type.STRING, "type", Type.STRING, "primary", Type.BOOLEAN, "display", Type.STRING);

    private static final Map<String, Multi> MULTI = Map.of(
            "emails", new Multi("emails", PLURAL),
            "phonenumbers", new Multi("phoneNumbers", PLURAL),
            "ims", new Multi("ims", PLURAL),
            "photos", new Multi("photos", PLURAL),
            "roles", new Multi("roles", PLURAL),
            "entitlements", new Multi("entitlements", PLURAL),
            "addresses", new Multi("addresses", Map.of(
                    "type", Type.STRING, "primary", Type.BOOLEAN, "formatted", Type.STRING,
                    "streetaddress", Type.STRING, "locality", Type.STRING, "region", Type.STRING,
                    "postalcode", Type.STRING, "country", Type.STRING)));

    private UserAttributes() {}

    /** Lower-cased dotted path without the core schema URN, e.g. "name.givenname". */
    static Simple simple(String path) {
        return SIMPLE.get(path);
    }

    static Multi multi(String attribute) {
        return MULTI.get(attribute);
    }

    private static Simple json(String... keys) {
        StringBuilder sql = new StringBuilder("resource");
        for (int i = 0; i < keys.length; i++) {
            sql.append(i == keys.length - 1 ? "->>'" : "->'").append(keys[i]).append('\'');
        }
        return new Simple(sql.toString(), Type.STRING, false);
    }
}
