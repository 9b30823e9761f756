package com.xakia.scim.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import com.xakia.scim.scim.PatchMessages;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.scim.ResourceSchema;
import com.xakia.scim.scim.SchemaCheck;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;

/** PATCH bodies (RFC 7644 3.5.2), parsed by the UnboundID SCIM SDK after tolerating IdP variations. */
final class PatchRequests {

    private PatchRequests() {}

    static PatchRequest parse(String id, String body, QueryLimits limits) {
        return parse(ResourceSchema.USER, id, body, limits);
    }

    /** A PATCH of a User whose resource type declares the extensions of {@code schema}. */
    static PatchRequest parse(ResourceSchema schema, String id, String body, QueryLimits limits) {
        ObjectNode request = ScimJson.parseObject(body);
        String key = ScimJson.key(request, "Operations"); // attribute names are case-insensitive (RFC 7643 2.1)
        JsonNode operations = key == null ? null : request.remove(key);
        if (operations != null) {
            request.set("Operations", operations);
        }
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimError.invalidSyntax("A PATCH request needs a non-empty \"Operations\" array.");
        }
        for (JsonNode op : operations) {
            if (!op.isObject()) {
                throw ScimError.invalidSyntax("Each PATCH operation must be a JSON object.");
            }
            ObjectNode operation = (ObjectNode) op;
            for (String name : List.of("op", "path", "value")) { // attribute names are case-insensitive
                String spelled = ScimJson.key(operation, name);
                if (spelled != null && !spelled.equals(name)) {
                    operation.set(name, operation.remove(spelled));
                }
            }
            // Entra sends "Replace"/"Add"; RFC 7644 op names are case-insensitive in practice.
            if (operation.get("op") != null && operation.get("op").isTextual()) {
                operation.put("op", operation.get("op").asText().toLowerCase(Locale.ROOT));
            }
            JsonNode path = operation.get("path");
            if (path != null && !path.isNull() && !path.isTextual()) {
                throw ScimError.invalidPath("The PATCH path must be a string, not " + path.getNodeType() + ".");
            }
            boolean noPath = path == null || path.isNull() || path.asText().isBlank();
            if (!noPath) { // its value filter is parsed by the SDK: bounded first
                limits.checkPath("The PATCH path", path.asText());
                String text = path.asText();
                String canonical = SchemaCheck.patchPath(schema, text);
                operation.put("path", canonical);
                if (schema.extension(canonical).isPresent()) { // the whole extension: as a path-less value
                    if ("remove".equals(operation.path("op").asText())) {
                        throw ScimError.invalidPath("Remove the extension's attributes by their paths, not " + text + " whole.");
                    }
                    operation.remove("path");
                    operation.set("value", JsonNodeFactory.instance.objectNode().set(canonical, operation.get("value")));
                    noPath = true;
                }
            }
            if (noPath && "remove".equals(operation.path("op").asText())) {
                throw ScimError.noTarget("A remove operation needs a path (RFC 7644 3.5.2.3).");
            }
            if (noPath) {
                operation.remove("path"); // "" and " " mean no path (the SDK would fail on them with a 500)
                if (!(operation.get("value") instanceof ObjectNode value)) {
                    throw ScimError.invalidValue("An add or replace operation without a path needs an object of"
                            + " attributes as its value (RFC 7644 3.5.2.1).");
                }
                nestExtensionAttributes(schema, value);
                PatchMessages.withoutOwnId(value, id);
                value.fieldNames().forEachRemaining(name -> {
                    if (!name.startsWith("urn:") && !name.equalsIgnoreCase("schemas")) {
                        SchemaCheck.valueKey(schema, name); // unknown: invalidPath, readOnly: mutability
                    }
                });
            }
        }
        PatchMessages.checkSchemas(request);
        try {
            return JsonUtils.getObjectReader().forType(PatchRequest.class).readValue(request);
        } catch (java.io.IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ScimException scim) {
                throw toScimError(scim);
            }
            throw ScimError.invalidSyntax("Not a valid PATCH request: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Entra writes extension attributes in a path-less value as {@code "urn:…:enterprise:2.0:User:department": "x"};
     * as a resource that attribute lives at {@code "urn:…:enterprise:2.0:User": {"department": "x"}}. A core
     * attribute written fully qualified ({@code "urn:…:core:2.0:User:displayName"}) is the short one.
     */
    private static void nestExtensionAttributes(ResourceSchema schema, ObjectNode value) {
        String core = ScimJson.CORE_USER + ":";
        List<String> qualified = new ArrayList<>();
        value.fieldNames().forEachRemaining(name -> {
            if (name.regionMatches(true, 0, core, 0, core.length()) || extensionOf(schema, name) != null) {
                qualified.add(name);
            }
        });
        for (String name : qualified) {
            JsonNode attribute = value.remove(name);
            String extension = extensionOf(schema, name);
            if (extension == null) {
                value.set(name.substring(core.length()), attribute);
            } else {
                JsonNode whole = value.get(extension);
                if (whole == null || whole.isNull()) {
                    whole = value.putObject(extension);
                } else if (!whole.isObject()) {
                    throw ScimError.invalidValue(extension + " must be an object of the extension's attributes.");
                }
                ((ObjectNode) whole).set(name.substring(extension.length() + 1), attribute);
            }
        }
    }

    /** The URN of the declared extension that {@code name} is an attribute of ("urn:…:User:department"), or null. */
    private static String extensionOf(ResourceSchema schema, String name) {
        for (String urn : schema.urns().subList(1, schema.urns().size())) {
            if (name.length() > urn.length() + 1 && name.regionMatches(true, 0, urn + ":", 0, urn.length() + 1)) {
                return urn;
            }
        }
        return null;
    }

    static ScimError toScimError(ScimException e) {
        var error = e.getScimError();
        return ScimError.of(error.getStatus(), error.getScimType(), firstLine(error.getDetail()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid request";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
