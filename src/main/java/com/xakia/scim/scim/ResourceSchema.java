package com.xakia.scim.scim;

import java.util.List;
import java.util.Optional;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;

/** A resource type's core schema and the extensions it declares (RFC 7643 6), as requests are checked against. */
public record ResourceSchema(String name, SchemaResource core, List<SchemaResource> extensions) {

    public static final ResourceSchema USER = new ResourceSchema("User", SchemaDefinitions.USER,
            List.of(SchemaDefinitions.ENTERPRISE_USER));

    /** A User at an organization's base URI: also the Xakia extension, which names the user's location. */
    public static final ResourceSchema ORGANIZATION_USER = new ResourceSchema("User", SchemaDefinitions.USER,
            List.of(SchemaDefinitions.ENTERPRISE_USER, SchemaDefinitions.XAKIA_USER));

    public static final ResourceSchema GROUP = new ResourceSchema("Group", SchemaDefinitions.GROUP, List.of());

    /** The core schema or a declared extension by its URN, in any case. */
    public Optional<SchemaResource> schema(String urn) {
        if (core.getId().equalsIgnoreCase(urn)) {
            return Optional.of(core);
        }
        return extensions.stream().filter(e -> e.getId().equalsIgnoreCase(urn)).findFirst();
    }

    public Optional<SchemaResource> extension(String urn) {
        return extensions.stream().filter(e -> e.getId().equalsIgnoreCase(urn)).findFirst();
    }

    /** An attribute of a schema by name in any case (RFC 7643 2.1); the core schema also has the common ones. */
    public Optional<AttributeDefinition> attribute(SchemaResource schema, String name) {
        Optional<AttributeDefinition> found = find(schema.getAttributes(), name);
        return found.isPresent() || schema != core ? found : find(SchemaDefinitions.COMMON, name);
    }

    public static Optional<AttributeDefinition> subAttribute(AttributeDefinition parent, String name) {
        return parent.getSubAttributes() == null ? Optional.empty() : find(parent.getSubAttributes(), name);
    }

    /** The URNs a resource of this type may list in {@code schemas}. */
    public List<String> urns() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(core), extensions.stream())
                .map(SchemaResource::getId).toList();
    }

    private static Optional<AttributeDefinition> find(java.util.Collection<AttributeDefinition> attributes, String name) {
        return attributes.stream().filter(a -> a.getName().equalsIgnoreCase(name)).findFirst();
    }
}
