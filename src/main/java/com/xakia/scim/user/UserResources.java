package com.xakia.scim.user;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.scim.ResourceSchema;
import com.xakia.scim.scim.SchemaCheck;
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

    /** Multi-valued attributes whose values may carry "primary". */
    private static final List<String> PLURAL = List.of("emails", "phoneNumbers", "addresses", "ims", "photos",
            "entitlements", "roles", "x509Certificates");

    /** The core attributes in the order of RFC 7643 4.1, which is also the order they are returned in. */
    private static final List<String> CORE_ORDER = List.of("schemas", "id", "externalId", "userName", "name",
            "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone",
            "active", "password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements",
            "roles", "x509Certificates", "meta");

    private final QueryLimits limits;
    private final ResourceSchema schema;

    /** Users at a location's base URI: the core schema and the enterprise extension. */
    public UserResources(QueryLimits limits) {
        this(limits, ResourceSchema.USER);
    }

    /** Users of a resource type with the extensions of {@code schema} (an organization's also has Xakia's). */
    public UserResources(QueryLimits limits, ResourceSchema schema) {
        this.limits = limits;
        this.schema = schema;
    }

    public ListRequest toList(Message query) {
        return ListRequest.fromQuery(name -> query.getHeader(name, String.class), UserAttributes.INSTANCE, limits);
    }

    /** POST /Users/.search (RFC 7644 3.4.3). */
    public ListRequest toSearch(@Body String body) {
        return ListRequest.ofSearch(ScimJson.parseObject(body), UserAttributes.INSTANCE, limits);
    }

    public CreateUser toCreate(@Body String body) {
        return new CreateUser(normalize(schema, ScimJson.parseObject(body)));
    }

    public ReplaceUser toReplace(@Header("id") String id, @Body String body, @Header("If-Match") String ifMatch) {
        return new ReplaceUser(id, normalize(schema, ScimJson.parseObject(body)), ifMatch);
    }

    public PatchUser toPatch(@Header("id") String id, @Body String body, @Header("If-Match") String ifMatch) {
        return new PatchUser(id, PatchRequests.parse(schema, id, body, limits), ifMatch, schema);
    }

    public DeleteUser toDelete(@Header("id") String id, @Header("If-Match") String ifMatch) {
        return new DeleteUser(id, ifMatch);
    }

    /**
     * The stored resource with the PATCH applied, checked and normalized again. What the stored row holds
     * beyond the schema (written before requests were checked) is dropped first, so it cannot fail the PATCH.
     */
    public static ObjectNode applyPatch(ObjectNode stored, PatchRequest patch) {
        return applyPatch(ResourceSchema.USER, stored, patch);
    }

    /** The same for a User of a resource type with the extensions of {@code schema}. */
    public static ObjectNode applyPatch(ResourceSchema schema, ObjectNode stored, PatchRequest patch) {
        ObjectNode patched = SchemaCheck.conforming(schema, stored);
        try {
            for (PatchOperation operation : patch) {
                addReplacesWhatIsThere(operation, patched).apply(patched);
            }
        } catch (ScimException e) {
            throw PatchRequests.toScimError(e);
        }
        return normalize(schema, patched, stored);
    }

    /**
     * RFC 7644 3.5.2.1: an add whose target is a single-valued attribute replaces its value. Entra adds
     * {@code emails[type eq "work"].value} whether or not the user has a work email; the SDK refuses an add
     * onto a sub-attribute that is there, so that one is a replace when exactly one value matches. Where
     * nothing matches it stays an add, which creates the value ({@code {"type": "work", "value": …}}); where
     * several match, the SDK's 400 stands rather than overwriting them all with one.
     */
    private static PatchOperation addReplacesWhatIsThere(PatchOperation operation, ObjectNode resource) throws ScimException {
        Path path = operation.getPath();
        boolean subAttributeOfSelected = path != null && path.size() == 2 && path.getElement(0).getValueFilter() != null;
        if (operation.getOpType() == PatchOpType.ADD && subAttributeOfSelected
                && JsonUtils.findMatchingPaths(path, resource).size() == 1) {
            return PatchOperation.replace(path, operation.getJsonNode());
        }
        return operation;
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

    /**
     * Checks a User resource from a client against the published schema ({@link SchemaCheck}) and brings it
     * into the stored form: canonical names, at most one primary value per attribute, and {@code schemas}
     * listing the core schema and exactly the extensions present (RFC 7643 3).
     */
    public static ObjectNode normalize(ObjectNode in) {
        return normalize(ResourceSchema.USER, in);
    }

    /** The same for a User of a resource type with the extensions of {@code schema}. */
    public static ObjectNode normalize(ResourceSchema schema, ObjectNode in) {
        return normalize(schema, in, null);
    }

    /**
     * {@code before} is the stored form a PATCH started from (null for a POST or PUT): a value the PATCH made
     * primary wins over one that was. Repeats are dropped once the values are in their checked form, so a
     * value re-sent with {@code "display": null} or {@code "primary": "True"} is still the same value.
     */
    private static ObjectNode normalize(ResourceSchema schema, ObjectNode in, ObjectNode before) {
        ObjectNode out = SchemaCheck.resource(schema, in);
        JsonNode userName = out.get("userName");
        if (userName.asText().isBlank()) {
            throw ScimError.invalidValue("userName is required and must be a non-empty string.");
        }
        out.put("userName", userName.asText().trim());
        for (String multi : PLURAL) {
            withoutRepeats(out.get(multi));
            if (before != null) {
                keepNewPrimary(before.get(multi), out.get(multi));
            }
            onePrimary(out.get(multi));
        }
        ArrayNode schemas = JSON.arrayNode().add(ScimJson.CORE_USER);
        out.fieldNames().forEachRemaining(f -> {
            if (f.startsWith("urn:")) {
                schemas.add(f);
            }
        });
        out.set("schemas", schemas);
        return out;
    }

    /** "primary" is true at most once (RFC 7643 2.4): the first one wins. */
    private static void onePrimary(JsonNode values) {
        boolean primarySeen = false;
        for (JsonNode value : values == null ? JSON.arrayNode() : values) {
            if (value instanceof ObjectNode v && v.has("primary")) {
                boolean primary = v.get("primary").booleanValue() && !primarySeen;
                primarySeen |= primary;
                v.put("primary", primary);
            }
        }
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
