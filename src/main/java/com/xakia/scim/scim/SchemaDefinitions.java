package com.xakia.scim.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The schemas this service supports (RFC 7643 7), as /Schemas serves them: the core User (every
 * attribute is stored and returned), the enterprise extension, and Group.
 */
final class SchemaDefinitions {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaDefinitions() {}

    static ArrayNode all() {
        return JSON.arrayNode().add(user()).add(enterpriseUser()).add(group());
    }

    static ObjectNode user() {
        ArrayNode a = JSON.arrayNode();
        a.add(string("userName", "Unique identifier for the User, matched case-insensitively.").put("required", true)
                .put("uniqueness", "server"));
        a.add(complex("name", false, "The components of the user's real name.",
                string("formatted", "The full name."), string("familyName", "The family name."),
                string("givenName", "The given name."), string("middleName", "The middle name."),
                string("honorificPrefix", "The honorific prefix."), string("honorificSuffix", "The honorific suffix.")));
        for (String name : new String[] {"displayName", "nickName", "title", "userType", "preferredLanguage", "locale", "timezone"}) {
            a.add(string(name, "The user's " + name + "."));
        }
        a.add(attribute("profileUrl", "reference", "A URI of the user's online profile.").set("referenceTypes", JSON.arrayNode().add("external")));
        a.add(attribute("active", "boolean", "Whether the user can sign in; false keeps the user as inactive."));
        a.add(attribute("password", "string", "Not stored: Xakia users sign in through their identity provider.")
                .put("mutability", "writeOnly").put("returned", "never"));
        a.add(plural("emails", "Email addresses; at most one is primary.", string("value", "The address.")));
        a.add(plural("phoneNumbers", "Phone numbers.", string("value", "The number.")));
        a.add(plural("ims", "Instant messaging addresses.", string("value", "The address.")));
        a.add(plural("photos", "Photo URLs.", attribute("value", "reference", "The photo URL.")));
        a.add(complex("addresses", true, "Physical mailing addresses.", string("formatted", "The full address."),
                string("streetAddress", "Street."), string("locality", "City."), string("region", "State or region."),
                string("postalCode", "Postal code."), string("country", "Country."), string("type", "work, home or other."),
                attribute("primary", "boolean", "The primary address.")));
        a.add(complex("groups", true, "The groups the user belongs to; change membership through /Groups.",
                string("value", "The group's id.").put("mutability", "readOnly"),
                string("display", "The group's displayName.").put("mutability", "readOnly"),
                string("type", "direct.").put("mutability", "readOnly")).put("mutability", "readOnly"));
        a.add(plural("entitlements", "Entitlements.", string("value", "The entitlement.")));
        a.add(plural("roles", "Roles.", string("value", "The role.")));
        a.add(plural("x509Certificates", "Certificates.", attribute("value", "binary", "DER certificate, base64.")));
        return schema(ScimJson.CORE_USER, "User", "User Account", a);
    }

    static ObjectNode enterpriseUser() {
        ArrayNode a = JSON.arrayNode();
        for (String name : new String[] {"employeeNumber", "costCenter", "organization", "division", "department"}) {
            a.add(string(name, "The user's " + name + "."));
        }
        a.add(complex("manager", false, "The user's manager.", string("value", "The manager's id."),
                attribute("$ref", "reference", "The manager's URI."), string("displayName", "The manager's name.")));
        return schema(ScimJson.ENTERPRISE_USER, "EnterpriseUser", "Enterprise User", a);
    }

    static ObjectNode group() {
        ArrayNode a = JSON.arrayNode();
        a.add(string("displayName", "A name for the Group, unique in the location (case-insensitively).")
                .put("required", true).put("uniqueness", "server"));
        a.add(complex("members", true, "The members of the Group.",
                string("value", "The member's id.").put("mutability", "immutable"),
                string("display", "The member's display name."),
                attribute("$ref", "reference", "The member's URI.").put("mutability", "immutable"),
                string("type", "User.").put("mutability", "immutable")));
        return schema(ScimJson.CORE_GROUP, "Group", "Group", a);
    }

    private static ObjectNode schema(String id, String name, String description, ArrayNode attributes) {
        ObjectNode schema = JSON.objectNode();
        schema.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
        schema.put("id", id);
        schema.put("name", name);
        schema.put("description", description);
        schema.set("attributes", attributes);
        return schema;
    }

    private static ObjectNode attribute(String name, String type, String description) {
        ObjectNode a = JSON.objectNode();
        a.put("name", name);
        a.put("type", type);
        a.put("multiValued", false);
        a.put("description", description);
        a.put("required", false);
        if (type.equals("string") || type.equals("reference") || type.equals("binary")) {
            a.put("caseExact", false);
        }
        a.put("mutability", "readWrite");
        a.put("returned", "default");
        a.put("uniqueness", "none");
        return a;
    }

    private static ObjectNode string(String name, String description) {
        return attribute(name, "string", description);
    }

    private static ObjectNode complex(String name, boolean multiValued, String description, ObjectNode... subAttributes) {
        ObjectNode a = attribute(name, "complex", description);
        a.put("multiValued", multiValued);
        ArrayNode subs = a.putArray("subAttributes");
        for (ObjectNode sub : subAttributes) {
            subs.add(sub);
        }
        return a;
    }

    /** The usual plural shape: value, display, type, primary (RFC 7643 2.4). */
    private static ObjectNode plural(String name, String description, ObjectNode value) {
        return complex(name, true, description, value, string("display", "A human-readable name."),
                string("type", "A label such as work or home."),
                attribute("primary", "boolean", "The primary value; true at most once."));
    }
}
