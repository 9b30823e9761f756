package com.xakia.scim.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one ObjectMapper of the SCIM surface, and strict parsing of request bodies. */
public final class ScimJson {

    public static final String CONTENT_TYPE = "application/scim+json";
    public static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** Xakia's own User extension, declared at an organization's base URI: the user's location (#16). */
    public static final String XAKIA_USER = "urn:ietf:params:scim:schemas:extension:xakia:2.0:User";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        // Hostile bodies: deep nesting must be a 400, not a stack overflow.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private ScimJson() {}

    /** Parses a request body that must be one JSON object, or fails with 400 invalidSyntax. */
    public static ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw ScimError.invalidSyntax("The request body is empty; a JSON object is required.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ScimError.invalidSyntax("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ScimError.invalidSyntax("The request body must be a JSON object.");
        }
        return object;
    }

    /** A resource as stored in a jsonb column (written by us, so not hostile). */
    public static ObjectNode parseStored(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored resource is not JSON", e);
        }
    }

    /**
     * The same, from the column's UTF-8 bytes as the driver received them: no String decoded first, and Jackson's
     * byte parser, which is cheaper than its character one (a read parses the stored resource on every lookup).
     */
    public static ObjectNode parseStored(byte[] utf8) {
        try {
            return (ObjectNode) MAPPER.readTree(utf8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored resource is not JSON", e);
        }
    }

    /** A JSON array PostgreSQL built for us (so not hostile). */
    public static ArrayNode parseStoredArray(String json) {
        try {
            return (ArrayNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored array is not JSON", e);
        }
    }

    /** A field of a client's object by name in any case (attribute names are case-insensitive, RFC 7643 2.1), or null. */
    public static JsonNode field(ObjectNode node, String name) {
        String key = key(node, name);
        return key == null ? null : node.get(key);
    }

    /** The spelling of a client's field name in that object, or null. */
    public static String key(ObjectNode node, String name) {
        return Projection.key(node, name);
    }

    /** An answer's body as UTF-8, written straight to bytes: no String made and encoded again on the way out. */
    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
