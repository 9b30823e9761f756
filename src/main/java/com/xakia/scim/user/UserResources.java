package com.xakia.scim.user;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.user.UserCommands.CreateUser;
import com.xakia.scim.user.UserCommands.DeleteUser;
import com.xakia.scim.user.UserCommands.PatchUser;
import com.xakia.scim.user.UserCommands.ReplaceUser;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * SCIM User JSON in and out: request bodies become checked commands, stored rows become resources.
 * Stored resources are normalized (canonical attribute names, booleans, one primary email), so what
 * Okta wrote is what Okta reads back.
 */
public final class UserResources {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Server-managed or write-only attributes that a client cannot set. */
    private static final List<String> NOT_STORED = List.of("id", "meta", "groups", "password");

    /** Multi-valued attributes whose values may carry "primary". */
    private static final List<String> PLURAL = List.of("emails", "phoneNumbers", "addresses", "ims", "photos",
            "entitlements", "roles", "x509Certificates");

    /** Canonical spelling of the core attributes: attribute names are case-insensitive (RFC 7643 2.1). */
    private static final Map<String, String> CANONICAL = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** The core attributes in the order of RFC 7643 4.1, which is also the order they are returned in. */
    private static final List<String> CORE_ORDER = List.of("schemas", "id", "externalId", "userName", "name",
            "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone",
            "active", "password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements",
            "roles", "x509Certificates", "meta");

    static {
        CORE_ORDER.forEach(name -> CANONICAL.put(name, name));
        CANONICAL.put(ScimJson.ENTERPRISE_USER, ScimJson.ENTERPRISE_USER);
    }

    private final QueryLimits limits;

    public UserResources(QueryLimits limits) {
        this.limits = limits;
    }

    public ListRequest toList(Message query) {
        return ListRequest.fromQuery(query, UserAttributes.INSTANCE, limits);
    }

    /** POST /Users/.search (RFC 7644 3.4.3). */
    public ListRequest toSearch(@Body String body) {
        return ListRequest.ofSearch(ScimJson.parseObject(body), UserAttributes.INSTANCE, limits);
    }

    public CreateUser toCreate(@Body String body) {
        return new CreateUser(normalize(ScimJson.parseObject(body)));
    }

    public ReplaceUser toReplace(@Header("id") String id, @Body String body, @Header("If-Match") String ifMatch) {
        return new ReplaceUser(id, normalize(ScimJson.parseObject(body)), ifMatch);
    }

    public PatchUser toPatch(@Header("id") String id, @Body String body, @Header("If-Match") String ifMatch) {
        return new PatchUser(id, PatchRequests.parse(body, limits), ifMatch);
    }

    public DeleteUser toDelete(@Header("id") String id, @Header("If-Match") String ifMatch) {
        return new DeleteUser(id, ifMatch);
    }

    /** The stored resource with the PATCH applied, normalized again. */
    public static ObjectNode applyPatch(ObjectNode stored, PatchRequest patch) {
        GenericScimResource resource = new GenericScimResource(stored.deepCopy());
        try {
            patch.apply(resource);
        } catch (ScimException e) {
            throw PatchRequests.toScimError(e);
        }
        ObjectNode patched = resource.getObjectNode();
        for (String multi : PLURAL) {
            withoutRepeats(patched.get(multi));
            keepNewPrimary(stored.get(multi), patched.get(multi));
        }
        return normalize(patched);
    }

    /**
     * RFC 7644 3.5.2.1: adding a value a multi-valued attribute already has changes nothing. Values that
     * differ only in {@code primary} are the same value; the one kept is primary if either was.
     */
    private static void withoutRepeats(JsonNode values) {
        if (values == null || !values.isArray()) {
            return;
        }
        List<ObjectNode> seen = new ArrayList<>();
        for (var it = values.elements(); it.hasNext(); ) {
            if (!(it.next() instanceof ObjectNode value)) {
                continue;
            }
            ObjectNode same = seen.stream().filter(v -> withoutPrimary(v).equals(withoutPrimary(value))).findFirst().orElse(null);
            if (same == null) {
                seen.add(value);
                continue;
            }
            if (isTrue(value.get("primary"))) {
                same.put("primary", true);
            }
            it.remove();
        }
    }

    private static ObjectNode withoutPrimary(ObjectNode value) {
        ObjectNode copy = value.deepCopy();
        copy.remove("primary");
        return copy;
    }

    /**
     * A value that a PATCH made primary wins over one that already was (RFC 7644 3.5.2: setting a new
     * primary value un-sets the others); {@link #normalize} then keeps the first primary left.
     */
    private static void keepNewPrimary(JsonNode before, JsonNode after) {
        if (after == null || !after.isArray()) {
            return;
        }
        List<JsonNode> primaries = new ArrayList<>();
        after.forEach(v -> {
            if (v.isObject() && isTrue(v.get("primary"))) {
                primaries.add(v);
            }
        });
        if (primaries.size() < 2) {
            return;
        }
        JsonNode winner = primaries.stream().filter(v -> !wasPrimary(before, v.get("value"))).findFirst()
                .orElse(primaries.get(primaries.size() - 1));
        primaries.stream().filter(v -> v != winner).forEach(v -> ((ObjectNode) v).put("primary", false));
    }

    private static boolean wasPrimary(JsonNode before, JsonNode value) {
        if (before == null || !before.isArray()) {
            return false;
        }
        for (JsonNode v : before) {
            if (v.isObject() && isTrue(v.get("primary")) && v.path("value").equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTrue(JsonNode node) {
        return node != null && (node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(node.asText()));
    }

    /** Checks a User resource from a client and brings it into the stored form. */
    public static ObjectNode normalize(ObjectNode in) {
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = CANONICAL.getOrDefault(field.getKey(), field.getKey());
            if (!NOT_STORED.contains(name) && !field.getValue().isNull()) {
                out.set(name, field.getValue());
            }
        }
        JsonNode userName = out.get("userName");
        if (userName == null || !userName.isTextual() || userName.asText().isBlank()) {
            throw ScimError.invalidValue("userName is required and must be a non-empty string.");
        }
        out.put("userName", userName.asText().trim());
        if (out.has("active")) { // absent on a PUT keeps the current state (UserService), on a POST means true
            out.set("active", BooleanNode.valueOf(bool(out.get("active"), "active", true)));
        }
        JsonNode externalId = out.get("externalId");
        if (externalId != null && !externalId.isTextual()) {
            throw ScimError.invalidValue("externalId must be a string.");
        }
        JsonNode name = out.get("name");
        if (name != null && !name.isObject()) {
            throw ScimError.invalidValue("name must be a complex attribute (a JSON object).");
        }
        for (String multi : PLURAL) {
            normalizeMultiValued(out, multi);
        }
        // schemas lists the core schema and exactly the extensions present (RFC 7643 3).
        ArrayNode schemas = out.putArray("schemas").add(ScimJson.CORE_USER);
        out.fieldNames().forEachRemaining(f -> {
            if (f.startsWith("urn:")) {
                schemas.add(f);
            }
        });
        return out;
    }

    /** Multi-valued attributes are arrays of objects; "primary" is a boolean and true at most once. */
    private static void normalizeMultiValued(ObjectNode resource, String attribute) {
        JsonNode values = resource.get(attribute);
        if (values == null) {
            return;
        }
        if (values.isObject()) { // a single value where an array belongs: accept it as a one-element array
            values = JSON.arrayNode().add(values);
            resource.set(attribute, values);
        }
        if (!values.isArray()) {
            throw ScimError.invalidValue(attribute + " must be an array of objects.");
        }
        boolean primarySeen = false;
        for (JsonNode value : values) {
            if (!value.isObject()) {
                throw ScimError.invalidValue(attribute + " must be an array of objects.");
            }
            ObjectNode v = (ObjectNode) value;
            if (v.has("primary")) {
                boolean primary = bool(v.get("primary"), attribute + ".primary", false) && !primarySeen;
                primarySeen |= primary;
                v.put("primary", primary);
            }
        }
    }

    /** A SCIM boolean; Entra sends "True"/"False" as strings, which are accepted too. */
    static boolean bool(JsonNode node, String attribute, boolean absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String text = node.asText().trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
        }
        throw ScimError.invalidValue(attribute + " must be a boolean.");
    }

    /** The stored resource of a user created in Xakia itself: userName is the email. */
    static ObjectNode nativeUser(UserCommands.CreateNativeUser command) {
        ObjectNode user = JSON.objectNode();
        user.put("userName", command.email());
        ObjectNode name = user.putObject("name");
        name.put("givenName", command.givenName());
        name.put("familyName", command.familyName());
        user.put("displayName", (command.givenName() + " " + command.familyName()).trim());
        user.putArray("emails").addObject().put("value", command.email()).put("type", "work").put("primary", true);
        user.put("active", true);
        return normalize(user);
    }

    /** The SCIM User resource of a stored row, as every read returns it: all attributes, id and meta. */
    public static ObjectNode toScim(UserRecord user, String scimBaseUri) {
        ObjectNode stored = user.resource();
        ObjectNode out = JSON.objectNode();
        for (String name : CORE_ORDER) {
            switch (name) {
                case "id" -> out.put("id", user.id().toString());
                case "active" -> out.put("active", user.active());
                case "groups" -> {
                    if (user.groups() != null && !user.groups().isEmpty()) {
                        out.set("groups", user.groups());
                    }
                }
                case "meta" -> { } // last, below
                default -> {
                    if (stored.has(name)) {
                        out.set(name, stored.get(name));
                    }
                }
            }
        }
        stored.fields().forEachRemaining(f -> {
            if (!out.has(f.getKey())) {
                out.set(f.getKey(), f.getValue());
            }
        });
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(user.created()));
        meta.put("lastModified", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(user.lastModified()));
        meta.put("location", scimBaseUri + "/Users/" + user.id());
        meta.put("version", user.etag());
        return out;
    }

    /** Text of a simple sub-attribute, such as name.givenName, or null. */
    static String text(ObjectNode resource, String attribute, String subAttribute) {
        JsonNode parent = resource.get(attribute);
        JsonNode value = parent == null ? null : parent.get(subAttribute);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** The primary email, else the first one, else null. */
    static String primaryEmail(ObjectNode resource) {
        JsonNode emails = resource.get("emails");
        if (emails == null || !emails.isArray() || emails.isEmpty()) {
            return null;
        }
        for (JsonNode email : emails) {
            if (email.path("primary").asBoolean(false) && email.hasNonNull("value")) {
                return email.get("value").asText();
            }
        }
        JsonNode first = emails.get(0).get("value");
        return first == null || first.isNull() ? null : first.asText();
    }
}
