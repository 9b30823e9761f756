package com.xakia.scim.scim;

import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.SchemaResource;

/**
 * Checks what a client writes against the schemas /Schemas publishes ({@link SchemaDefinitions}): declared
 * attributes and extensions only, each of its declared type, single or multi-valued as declared, canonical
 * values where declared, readOnly attributes ignored in a body (RFC 7643 7) and refused as a PATCH target
 * (RFC 7644 3.5.2). What it returns is the stored form: canonical attribute names, booleans as booleans.
 *
 * <p>Deliberate leniencies, each because an identity provider relies on it: booleans written as the strings
 * "True"/"False" (Entra), extension attributes written flat as {@code "urn:…:User:department"} (Entra), a single
 * value where a multi-valued attribute belongs (taken as a list of one), and null meaning absent.
 */
public final class SchemaCheck {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaCheck() {}

    /**
     * A resource from a POST or PUT body in its stored form, or 400 naming the first attribute that does not
     * fit. {@code schemas} is checked here and left out: the stored form lists what it carries (see callers).
     */
    public static ObjectNode resource(ResourceSchema type, ObjectNode body) {
        ObjectNode out = new Walk(type, true).resource(body);
        for (AttributeDefinition a : type.core().getAttributes()) {
            if (a.isRequired() && !out.has(a.getName())) {
                throw ScimError.invalidValue(a.getName() + " is required.");
            }
        }
        return out;
    }

    /** One core attribute's value from a client, checked, in its stored form (null if it is not stored). */
    public static JsonNode value(ResourceSchema type, String attribute, JsonNode value) {
        ObjectNode out = JSON.objectNode();
        new Walk(type, true).attribute(type.core(), attribute, value, out);
        return out.get(type.attribute(type.core(), attribute).map(AttributeDefinition::getName).orElse(attribute));
    }

    /**
     * A stored resource brought to the schema, dropping what does not fit: rows written before this service
     * checked requests may hold attributes it never declared, and a PATCH must not fail on those.
     */
    public static ObjectNode conforming(ResourceSchema type, ObjectNode stored) {
        return new Walk(type, false).resource(stored);
    }

    /**
     * A PATCH path (RFC 7644 3.5.2) in its canonical spelling, the core schema's URN left out: the same path
     * whether written fully qualified, in any case, or short. Unknown attributes and schemas are 400
     * invalidPath; a readOnly target is 400 mutability.
     */
    public static String patchPath(ResourceSchema type, String text) {
        Optional<SchemaResource> whole = type.schema(text.trim()); // the SDK would read its last part as an attribute
        if (whole.isPresent()) {
            if (whole.get() == type.core()) {
                throw ScimError.invalidPath("The PATCH path " + text + " names no attribute.");
            }
            return whole.get().getId(); // the whole extension
        }
        Path path;
        try {
            path = ScimSyntax.path(text);
        } catch (BadRequestException e) {
            throw ScimError.invalidPath("Not a valid PATCH path: " + text + " (" + e.getMessage() + ")");
        }
        SchemaResource schema = type.core();
        if (path.getSchemaUrn() != null) {
            schema = type.schema(path.getSchemaUrn()).orElseThrow(() -> ScimError.invalidPath("The PATCH path "
                    + text + " names the schema " + path.getSchemaUrn() + ", which " + type.name() + " does not have;"
                    + " its schemas are " + String.join(", ", type.urns()) + "."));
        }
        Path canonical = schema == type.core() ? Path.root() : Path.root(schema.getId());
        if (path.size() == 0 || path.size() > 2) {
            throw ScimError.invalidPath("The PATCH path " + text + " must name an attribute or its sub-attribute.");
        }
        Path.Element first = path.getElement(0);
        SchemaResource named = schema;
        AttributeDefinition attribute = type.attribute(named, first.getAttribute()).orElseThrow(() ->
                ScimError.invalidPath(first.getAttribute() + " is not an attribute of " + named.getName()
                        + " (PATCH path " + text + ")."));
        if (first.getValueFilter() != null && !(attribute.isMultiValued() && attribute.getType() == AttributeDefinition.Type.COMPLEX)) {
            throw ScimError.invalidPath("A value filter needs a multi-valued complex attribute; " + attribute.getName()
                    + " is not one (PATCH path " + text + ").");
        }
        readOnly(attribute, attribute.getName());
        canonical = canonical.attribute(attribute.getName(), first.getValueFilter());
        if (path.size() == 2) {
            if (path.getElement(1).getValueFilter() != null) {
                throw ScimError.invalidPath("A value filter belongs on the attribute, not its sub-attribute (PATCH path "
                        + text + ").");
            }
            String name = path.getElement(1).getAttribute();
            AttributeDefinition sub = ResourceSchema.subAttribute(attribute, name).orElseThrow(() ->
                    ScimError.invalidPath(name + " is not a sub-attribute of " + attribute.getName()
                            + " (PATCH path " + text + ")."));
            readOnly(sub, attribute.getName() + "." + sub.getName());
            canonical = canonical.attribute(sub.getName());
        }
        return canonical.toString();
    }

    /**
     * A key of a PATCH value without a path (RFC 7644 3.5.2.1): an attribute's name, short or fully qualified,
     * never a path with sub-attributes or filters. Resolved as {@link #patchPath} resolves a path.
     */
    public static String valueKey(ResourceSchema type, String key) {
        if (!key.regionMatches(true, 0, "urn:", 0, 4) && !key.matches("[A-Za-z$][A-Za-z0-9$_-]*")) {
            String shown = key.length() > 64 ? key.substring(0, 64) + "…" : key;
            throw ScimError.invalidPath("A PATCH value without a path names attributes, not paths: \"" + shown + "\".");
        }
        return patchPath(type, key);
    }

    /** A {@code schemas} list as a client may write it on a resource of this type: declared URNs only. */
    public static void schemas(ResourceSchema type, JsonNode schemas) {
        new Walk(type, true).schemas(schemas);
    }

    private static void readOnly(AttributeDefinition attribute, String name) {
        if (attribute.getMutability() == Mutability.READ_ONLY) {
            throw ScimError.mutability(name + " is readOnly: the service sets it, a PATCH cannot.");
        }
    }

    /** One pass over a resource; strict fails at the first misfit, lenient drops it. */
    private record Walk(ResourceSchema type, boolean strict) {

        ObjectNode resource(ObjectNode in) {
            ObjectNode out = JSON.objectNode();
            for (var it = in.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (name.equalsIgnoreCase("schemas")) {
                    schemas(value);
                    continue;
                }
                Optional<SchemaResource> extension = type.extension(name);
                if (extension.isPresent()) {
                    if (!value.isObject()) {
                        misfit(extension.get().getId() + " must be an object of the extension's attributes.");
                        continue;
                    }
                    ObjectNode target = out.with(extension.get().getId());
                    attributes(extension.get(), (ObjectNode) value, target);
                    continue;
                }
                if (name.equalsIgnoreCase(type.core().getId()) && value.isObject()) {
                    attributes(type.core(), (ObjectNode) value, out); // core attributes nested under their URN
                    continue;
                }
                if (name.regionMatches(true, 0, "urn:", 0, 4)) {
                    qualified(name, value, out);
                    continue;
                }
                attribute(type.core(), name, value, out);
            }
            type.extensions().forEach(e -> {
                if (out.has(e.getId()) && out.get(e.getId()).isEmpty()) {
                    out.remove(e.getId());
                }
            });
            return out;
        }

        /** {@code urn:…:User:department} (Entra's flat spelling) or {@code urn:…:core:2.0:User:displayName}. */
        private void qualified(String name, JsonNode value, ObjectNode out) {
            int colon = name.lastIndexOf(':');
            Optional<SchemaResource> schema = type.schema(name.substring(0, colon));
            if (schema.isEmpty()) {
                misfit(name + " is not an attribute of " + type.name() + ": its schemas are "
                        + String.join(", ", type.urns()) + ".");
                return;
            }
            String attribute = name.substring(colon + 1);
            attribute(schema.get(), attribute, value, schema.get() == type.core() ? out : out.with(schema.get().getId()));
        }

        private void attributes(SchemaResource schema, ObjectNode in, ObjectNode out) {
            in.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    attribute(schema, f.getKey(), f.getValue(), out);
                }
            });
        }

        void attribute(SchemaResource schema, String name, JsonNode value, ObjectNode out) {
            Optional<AttributeDefinition> found = type.attribute(schema, name);
            if (found.isEmpty()) {
                misfit(name + " is not an attribute of " + schema.getName() + ".");
                return;
            }
            AttributeDefinition a = found.get();
            if (a.getMutability() == Mutability.READ_ONLY) {
                return; // RFC 7643 7: readOnly values sent by a client are ignored
            }
            JsonNode checked = value(a, a.getName(), value);
            if (checked != null && a.getMutability() != Mutability.WRITE_ONLY) { // writeOnly: checked, never stored
                out.set(a.getName(), checked);
            }
        }

        private JsonNode value(AttributeDefinition a, String where, JsonNode value) {
            if (!a.isMultiValued()) {
                if (value.isArray()) {
                    return misfit(where + " takes a single value, not a list.");
                }
                return single(a, where, value);
            }
            ArrayNode values = JSON.arrayNode();
            for (JsonNode v : value.isArray() ? value : JSON.arrayNode().add(value)) {
                if (!v.isNull()) {
                    JsonNode checked = single(a, where, v);
                    if (checked != null) {
                        values.add(checked);
                    }
                }
            }
            return values;
        }

        private JsonNode single(AttributeDefinition a, String where, JsonNode value) {
            switch (a.getType()) {
                case STRING -> {
                    if (!value.isTextual()) {
                        return misfit(where + " must be a string.");
                    }
                    return canonical(a, where, value.asText());
                }
                case REFERENCE, BINARY -> {
                    return value.isTextual() ? value : misfit(where + " must be a string.");
                }
                case BOOLEAN -> {
                    if (value.isBoolean()) {
                        return value;
                    }
                    String text = value.isTextual() ? value.asText().trim().toLowerCase(Locale.ROOT) : "";
                    return text.equals("true") || text.equals("false") ? BooleanNode.valueOf(text.equals("true"))
                            : misfit(where + " must be a boolean.");
                }
                case INTEGER -> {
                    return value.isIntegralNumber() && value.canConvertToLong() ? value : misfit(where + " must be an integer.");
                }
                case DECIMAL -> {
                    return value.isNumber() ? value : misfit(where + " must be a number.");
                }
                case DATETIME -> {
                    return value.isTextual() && isDateTime(value.asText()) ? value
                            : misfit(where + " must be a dateTime such as 2026-12-04T10:00:00Z.");
                }
                case COMPLEX -> {
                    if (value.isTextual() && !a.isMultiValued() && ResourceSchema.subAttribute(a, "value").isPresent()) {
                        value = JSON.objectNode().set("value", value); // Entra sends the manager as a bare id
                    }
                    if (!value.isObject()) {
                        return misfit(where + " must be an object.");
                    }
                    ObjectNode out = JSON.objectNode();
                    for (var it = value.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        if (f.getValue().isNull()) {
                            continue;
                        }
                        Optional<AttributeDefinition> sub = ResourceSchema.subAttribute(a, f.getKey());
                        if (sub.isEmpty()) {
                            misfit(f.getKey() + " is not a sub-attribute of " + where + ".");
                            continue;
                        }
                        if (sub.get().getMutability() == Mutability.READ_ONLY) {
                            continue;
                        }
                        JsonNode checked = value(sub.get(), where + "." + sub.get().getName(), f.getValue());
                        if (checked != null) {
                            out.set(sub.get().getName(), checked);
                        }
                    }
                    return out;
                }
                default -> throw new IllegalStateException("type " + a.getType());
            }
        }

        private JsonNode canonical(AttributeDefinition a, String where, String text) {
            if (a.getCanonicalValues() == null || a.getCanonicalValues().isEmpty()) {
                return TextNode.valueOf(text);
            }
            return a.getCanonicalValues().stream().filter(c -> c.equalsIgnoreCase(text.trim())).findFirst()
                    .<JsonNode>map(TextNode::valueOf)
                    .orElseGet(() -> misfit(where + " must be one of " + String.join(", ", a.getCanonicalValues())
                            + ", not \"" + text + "\"."));
        }

        void schemas(JsonNode value) {
            if (!strict) {
                return;
            }
            if (!value.isArray()) {
                misfit("schemas must be a list of schema URNs.");
            }
            for (JsonNode urn : value) {
                if (!urn.isTextual() || type.schema(urn.asText()).isEmpty()) {
                    misfit("schemas names " + urn + ", which is not a schema of " + type.name() + "; its schemas are "
                            + String.join(", ", type.urns()) + ".");
                }
            }
        }

        private JsonNode misfit(String message) {
            if (strict) {
                throw ScimError.invalidValue(message);
            }
            return null;
        }
    }

    private static boolean isDateTime(String text) {
        try {
            Timestamps.parse(text); // RFC 3339: four-digit years, which PostgreSQL can also compare
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
