package com.xakia.scim.scim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.FilterEvaluator;

/**
 * The {@code attributes} and {@code excludedAttributes} of a read (RFC 7644 3.4.2.5), applied to a
 * resource as it is returned. Paths may name sub-attributes ({@code name.givenName}), extension
 * attributes ({@code urn:…:enterprise:2.0:User:department}) and value filters ({@code emails[type eq "work"]}).
 * {@code id} and {@code schemas} are always returned.
 */
public final class Projection {

    public static final Projection ALL = new Projection(List.of(), List.of());

    /** What the schema model says is returned whatever is asked ("returned": "always", RFC 7643 7): id. */
    private static final List<String> ALWAYS = SchemaDefinitions.COMMON.stream()
            .filter(a -> a.getReturned() == AttributeDefinition.Returned.ALWAYS).map(AttributeDefinition::getName).toList();

    private final List<Path> attributes;
    private final List<Path> excluded;

    private Projection(List<Path> attributes, List<Path> excluded) {
        this.attributes = attributes;
        this.excluded = excluded;
    }

    /** From the comma-separated query parameters (either may be null), within the request limits. */
    public static Projection of(String attributes, String excludedAttributes, QueryLimits limits) {
        List<String> included = split(attributes);
        List<String> excludedNames = split(excludedAttributes);
        limits.checkAttributes("attributes", attributes, included);
        limits.checkAttributes("excludedAttributes", excludedAttributes, excludedNames);
        if (included.isEmpty() && excludedNames.isEmpty()) {
            return ALL;
        }
        return new Projection(paths(included), paths(excludedNames));
    }

    /** Whether the top-level attribute (e.g. "members") is returned: stores skip loading what is not. */
    public boolean returns(String attribute) {
        if (!attributes.isEmpty()) {
            return attributes.stream().anyMatch(p -> p.getSchemaUrn() == null && p.size() > 0
                    && p.getElement(0).getAttribute().equalsIgnoreCase(attribute));
        }
        return excluded.stream().noneMatch(p -> p.getSchemaUrn() == null && p.size() == 1
                && p.getElement(0).getValueFilter() == null && p.getElement(0).getAttribute().equalsIgnoreCase(attribute));
    }

    public boolean isAll() {
        return this == ALL;
    }

    public ObjectNode apply(ObjectNode resource) {
        if (isAll()) {
            return resource;
        }
        ObjectNode out;
        if (attributes.isEmpty()) {
            out = resource.deepCopy();
        } else {
            out = JsonNodeFactory.instance.objectNode();
            out.set("schemas", resource.get("schemas"));
            for (String name : ALWAYS) {
                if (resource.has(name)) {
                    out.set(name, resource.get(name));
                }
            }
            for (Path path : attributes) {
                include(resource, out, path);
            }
        }
        for (Path path : excluded) {
            exclude(out, path);
        }
        out.set("schemas", resource.get("schemas"));
        for (String name : ALWAYS) {
            if (resource.has(name)) {
                out.set(name, resource.get(name));
            }
        }
        return out;
    }

    private static void include(ObjectNode resource, ObjectNode out, Path path) {
        ObjectNode source = resource;
        ObjectNode target = out;
        String urn = path.getSchemaUrn();
        if (urn != null && !isCore(urn)) {
            String urnKey = key(resource, urn);
            if (urnKey == null || !resource.get(urnKey).isObject()) {
                return;
            }
            source = (ObjectNode) resource.get(urnKey);
            if (path.size() == 0) {
                out.set(urnKey, source);
                return;
            }
            target = out.with(urnKey);
        }
        if (path.size() == 0) {
            return;
        }
        Path.Element first = path.getElement(0);
        String name = key(source, first.getAttribute());
        if (name == null) {
            return;
        }
        JsonNode value = source.get(name);
        String sub = path.size() > 1 ? path.getElement(1).getAttribute() : null;
        if (value.isArray()) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : value) {
                if (first.getValueFilter() == null || matches(first.getValueFilter(), element)) {
                    kept.add(sub == null ? element : subAttribute(element, sub));
                }
            }
            JsonNode existing = target.get(name);
            target.set(name, existing != null && existing.isArray() && sub != null ? mergeByIndex((ArrayNode) existing, kept) : kept);
        } else if (value.isObject() && sub != null) {
            String subName = key((ObjectNode) value, sub);
            if (subName != null) {
                target.with(name).set(subName, value.get(subName));
            }
        } else {
            target.set(name, value);
        }
    }

    private static void exclude(ObjectNode out, Path path) {
        ObjectNode target = out;
        String urn = path.getSchemaUrn();
        if (urn != null && !isCore(urn)) {
            String urnKey = key(out, urn);
            if (urnKey == null) {
                return;
            }
            if (path.size() == 0) {
                out.remove(urnKey);
                return;
            }
            if (!out.get(urnKey).isObject()) {
                return;
            }
            target = (ObjectNode) out.get(urnKey);
        }
        if (path.size() == 0) {
            return;
        }
        Path.Element first = path.getElement(0);
        String name = key(target, first.getAttribute());
        if (name == null || ALWAYS.contains(name)) {
            return;
        }
        JsonNode value = target.get(name);
        String sub = path.size() > 1 ? path.getElement(1).getAttribute() : null;
        if (value.isArray() && (first.getValueFilter() != null || sub != null)) {
            for (Iterator<JsonNode> it = value.iterator(); it.hasNext(); ) {
                JsonNode element = it.next();
                if (first.getValueFilter() == null || matches(first.getValueFilter(), element)) {
                    if (sub == null) {
                        it.remove();
                    } else if (element.isObject()) {
                        String subName = key((ObjectNode) element, sub);
                        if (subName != null) {
                            ((ObjectNode) element).remove(subName);
                        }
                    }
                }
            }
        } else if (value.isObject() && sub != null) {
            String subName = key((ObjectNode) value, sub);
            if (subName != null) {
                ((ObjectNode) value).remove(subName);
            }
        } else {
            target.remove(name);
        }
    }

    private static JsonNode subAttribute(JsonNode element, String sub) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        if (element.isObject()) {
            String subName = key((ObjectNode) element, sub);
            if (subName != null) {
                kept.set(subName, element.get(subName));
            }
        }
        return kept;
    }

    private static ArrayNode mergeByIndex(ArrayNode existing, ArrayNode more) {
        for (int i = 0; i < Math.min(existing.size(), more.size()); i++) {
            if (existing.get(i).isObject() && more.get(i).isObject()) {
                ((ObjectNode) existing.get(i)).setAll((ObjectNode) more.get(i));
            }
        }
        return existing;
    }

    private static boolean matches(Filter filter, JsonNode element) {
        try {
            return FilterEvaluator.evaluate(filter, element);
        } catch (ScimException e) {
            throw ScimError.invalidFilter("Cannot evaluate the value filter " + filter + ": " + e.getMessage());
        }
    }

    /** The key of an object that matches a name case-insensitively (RFC 7643 2.1), or null. */
    static String key(ObjectNode node, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return null;
    }

    private static boolean isCore(String urn) {
        return urn.toLowerCase(Locale.ROOT).startsWith("urn:ietf:params:scim:schemas:core:2.0:");
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        if (value != null) {
            // Commas inside a value filter (emails[type eq "a,b"]) are part of the path, not separators.
            int depth = 0;
            boolean quoted = false;
            StringBuilder current = new StringBuilder();
            for (char c : value.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == '[') {
                    depth++;
                } else if (!quoted && c == ']') {
                    depth--;
                }
                if (c == ',' && depth == 0 && !quoted) {
                    parts.add(current.toString().trim());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            parts.add(current.toString().trim());
            parts.removeIf(String::isEmpty);
        }
        return parts;
    }

    private static List<Path> paths(List<String> names) {
        List<Path> paths = new ArrayList<>();
        for (String name : names) {
            if (ResourceSchema.USER.extension(name).isPresent()) { // the SDK would read its last part as an attribute
                paths.add(Path.root(name));
                continue;
            }
            try {
                paths.add(ScimSyntax.path(name));
            } catch (BadRequestException e) {
                throw ScimError.invalidValue("Not a valid attribute path: " + name + " (" + e.getMessage() + ")");
            }
        }
        return paths;
    }
}
