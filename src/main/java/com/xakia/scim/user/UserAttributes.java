package com.xakia.scim.user;

import java.util.Locale;
import java.util.Map;

import com.xakia.scim.scim.FilterAttributes;
import com.xakia.scim.scim.ScimJson;

/** The User attributes a filter or sortBy may name, and the SQL over a users row each maps to. */
public final class UserAttributes implements FilterAttributes {

    public static final UserAttributes INSTANCE = new UserAttributes();

    private static final String ENTERPRISE = ScimJson.ENTERPRISE_USER.toLowerCase(Locale.ROOT) + ":";

    private static final Map<String, Simple> SIMPLE = Map.ofEntries(
            Map.entry("id", new Simple("id::text", Type.STRING, true)),
            Map.entry("username", new Simple("user_name", Type.STRING, false)),
            Map.entry("externalid", new Simple("external_id", Type.STRING, true)),
            Map.entry("active", new Simple("active", Type.BOOLEAN, true)),
            Map.entry("meta.created", new Simple("created_at", Type.DATETIME, true)),
            Map.entry("meta.lastmodified", new Simple("last_modified", Type.DATETIME, true)),
            Map.entry("displayname", FilterAttributes.json("displayName")),
            Map.entry("nickname", FilterAttributes.json("nickName")),
            Map.entry("title", FilterAttributes.json("title")),
            Map.entry("usertype", FilterAttributes.json("userType")),
            Map.entry("preferredlanguage", FilterAttributes.json("preferredLanguage")),
            Map.entry("locale", FilterAttributes.json("locale")),
            Map.entry("timezone", FilterAttributes.json("timezone")),
            Map.entry("profileurl", FilterAttributes.json("profileUrl")),
            Map.entry("name.formatted", FilterAttributes.json("name", "formatted")),
            Map.entry("name.givenname", FilterAttributes.json("name", "givenName")),
            Map.entry("name.familyname", FilterAttributes.json("name", "familyName")),
            Map.entry("name.middlename", FilterAttributes.json("name", "middleName")),
            Map.entry("name.honorificprefix", FilterAttributes.json("name", "honorificPrefix")),
            Map.entry("name.honorificsuffix", FilterAttributes.json("name", "honorificSuffix")),
            Map.entry(ENTERPRISE + "employeenumber", FilterAttributes.json(ScimJson.ENTERPRISE_USER, "employeeNumber")),
            Map.entry(ENTERPRISE + "costcenter", FilterAttributes.json(ScimJson.ENTERPRISE_USER, "costCenter")),
            Map.entry(ENTERPRISE + "organization", FilterAttributes.json(ScimJson.ENTERPRISE_USER, "organization")),
            Map.entry(ENTERPRISE + "division", FilterAttributes.json(ScimJson.ENTERPRISE_USER, "division")),
            Map.entry(ENTERPRISE + "department", FilterAttributes.json(ScimJson.ENTERPRISE_USER, "department")),
            Map.entry(ENTERPRISE + "manager.value", FilterAttributes.json(ScimJson.ENTERPRISE_USER, "manager", "value")),
            Map.entry(ENTERPRISE + "manager", FilterAttributes.json(ScimJson.ENTERPRISE_USER, "manager", "value")),
            Map.entry(ENTERPRISE + "manager.displayname",
                    FilterAttributes.json(ScimJson.ENTERPRISE_USER, "manager", "displayName")));

    /** Sub-attributes of plural attributes; all caseExact=false (RFC 7643 4.1.2). */
    private static final Map<String, Type> PLURAL = Map.of(
            "value", Type.STRING, "type", Type.STRING, "primary", Type.BOOLEAN, "display", Type.STRING);

    private static final Map<String, Multi> MULTI = Map.of(
            "emails", FilterAttributes.jsonArray("emails", PLURAL),
            "phonenumbers", FilterAttributes.jsonArray("phoneNumbers", PLURAL),
            "ims", FilterAttributes.jsonArray("ims", PLURAL),
            "photos", FilterAttributes.jsonArray("photos", PLURAL),
            "roles", FilterAttributes.jsonArray("roles", PLURAL),
            "entitlements", FilterAttributes.jsonArray("entitlements", PLURAL),
            "addresses", FilterAttributes.jsonArray("addresses", Map.of(
                    "type", Type.STRING, "primary", Type.BOOLEAN, "formatted", Type.STRING,
                    "streetAddress", Type.STRING, "locality", Type.STRING, "region", Type.STRING,
                    "postalCode", Type.STRING, "country", Type.STRING)),
            // A user's groups live in the group_members table, not in the user's jsonb.
            "groups", new Multi("(select jsonb_build_object('value', m.group_id::text, 'display', g.display_name) as e"
                    + " from {schema}.group_members m join {schema}.groups g on g.id = m.group_id"
                    + " where m.member_id = users.id::text) groups_of_user", Map.of(
                    "value", Type.STRING, "display", Type.STRING)));

    private UserAttributes() {}

    @Override
    public Simple simple(String key) {
        return SIMPLE.get(key);
    }

    /** Sorting by emails means by the primary email (RFC 7644 3.4.2.3), which has its own column. */
    @Override
    public Simple sortable(String key) {
        return key.equals("emails") || key.equals("emails.value") ? new Simple("email", Type.STRING, false) : simple(key);
    }

    @Override
    public Multi multi(String attribute) {
        return MULTI.get(attribute);
    }

    @Override
    public String coreSchema() {
        return ScimJson.CORE_USER;
    }
}
