package com.xakia.scim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What every PATCH message must be, whatever resource it changes (RFC 7644 3.5.2). */
public final class PatchMessages {

    private PatchMessages() {}

    /**
     * {@code schemas} names the PatchOp message and nothing else. Leniency: a message without {@code schemas}
     * is taken as a PatchOp (it can be nothing else at this endpoint), and the field is added for the SDK.
     */
    public static void checkSchemas(ObjectNode request) {
        JsonNode schemas = ScimJson.field(request, "schemas");
        if (schemas == null || schemas.isNull()) {
            request.putArray("schemas").add(ScimJson.PATCH_OP);
            return;
        }
        if (!schemas.isArray() || schemas.size() != 1 || !schemas.get(0).asText().equalsIgnoreCase(ScimJson.PATCH_OP)) {
            throw ScimError.invalidSyntax("A PATCH request's schemas must be [\"" + ScimJson.PATCH_OP + "\"], not " + schemas + ".");
        }
    }

    /**
     * Leniency for Okta, whose path-less replace of a group carries the group's own {@code id}: that id is no
     * change and is dropped. Any other id stays, to be refused as a readOnly target.
     */
    public static void withoutOwnId(ObjectNode value, String id) {
        String key = ScimJson.key(value, "id");
        if (key != null && value.get(key).isTextual() && value.get(key).asText().equals(id)) {
            value.remove(key);
        }
    }
}
