package com.xakia.scim.scim;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * An attribute path that names one string of a resource: {@code title},
 * {@code urn:…:enterprise:2.0:User:division}, {@code addresses[type eq "work"].locality}. Checked against a
 * resource type's schema once, then read from any resource of that type.
 */
public final class SingleValuedPath {

    private final String text;
    private final Path path;

    private SingleValuedPath(String text, Path path) {
        this.text = text;
        this.path = path;
    }

    /**
     * The path in its canonical spelling, or 400 invalidPath when it names no attribute of {@code type}, a
     * multi-valued one without a value filter, or anything but a string.
     */
    public static SingleValuedPath of(ResourceSchema type, String text) {
        String canonical = SchemaCheck.patchPath(type, text); // known attribute, canonical case, at most attr[f].sub
        Path path;
        try {
            path = ScimSyntax.path(canonical);
        } catch (BadRequestException e) {
            throw ScimError.invalidPath("Not a valid attribute path: " + text + ".");
        }
        SchemaResource schema = path.getSchemaUrn() == null ? type.core() : type.schema(path.getSchemaUrn()).orElseThrow();
        Path.Element first = path.getElement(0);
        AttributeDefinition attribute = type.attribute(schema, first.getAttribute()).orElseThrow();
        if (attribute.isMultiValued() && first.getValueFilter() == null) {
            throw ScimError.invalidPath(text + " is multi-valued; select one value with a filter, such as"
                    + " addresses[type eq \"work\"].locality.");
        }
        if (path.size() == 2) {
            attribute = ResourceSchema.subAttribute(attribute, path.getElement(1).getAttribute()).orElseThrow();
        }
        if (attribute.getType() != AttributeDefinition.Type.STRING || attribute.isMultiValued()) {
            throw ScimError.invalidPath(text + " is not a single-valued string attribute.");
        }
        return new SingleValuedPath(canonical, path);
    }

    /** The canonical spelling, as stored and shown. */
    public String text() {
        return text;
    }

    /** The string at this path in {@code resource}, trimmed; empty when there is none or it is blank. */
    public Optional<String> valueIn(ObjectNode resource) {
        List<JsonNode> found;
        try {
            found = JsonUtils.findMatchingPaths(path, resource);
        } catch (ScimException e) {
            return Optional.empty();
        }
        return found.stream().filter(JsonNode::isTextual).map(JsonNode::asText).map(String::trim)
                .filter(v -> !v.isEmpty()).findFirst();
    }

    @Override
    public String toString() {
        return text;
    }
}
