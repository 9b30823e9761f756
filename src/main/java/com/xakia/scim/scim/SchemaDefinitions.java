package com.xakia.scim.scim;

import java.util.List;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Returned;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import com.unboundid.scim2.common.types.AttributeDefinition.Uniqueness;
import com.unboundid.scim2.common.types.SchemaResource;

/**
 * Every schema this service uses (RFC 7643 7), in the SDK's model: the core User (every attribute is stored
 * and returned), the enterprise extension, Group, and the schemas of the discovery resources themselves.
 * /Schemas serves exactly these, and {@link SchemaCheck} checks requests against exactly these.
 */
public final class SchemaDefinitions {

    public static final String SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public static final SchemaResource USER = new SchemaResource(ScimJson.CORE_USER, "User", "User Account", List.of(
            string("userName", "Unique identifier for the User, matched case-insensitively.").setRequired(true)
                    .setUniqueness(Uniqueness.SERVER).build(),
            complex("name", false, "The components of the user's real name.",
                    text("formatted", "The full name."), text("familyName", "The family name."),
                    text("givenName", "The given name."), text("middleName", "The middle name."),
                    text("honorificPrefix", "The honorific prefix."), text("honorificSuffix", "The honorific suffix.")),
            text("displayName", "The name shown to people."),
            text("nickName", "The casual name."),
            attribute("profileUrl", Type.REFERENCE, "A URI of the user's online profile.").addReferenceTypes("external").build(),
            text("title", "The user's title, such as Senior Associate."),
            text("userType", "The relationship to the organization, such as Employee."),
            text("preferredLanguage", "The preferred written or spoken language (RFC 7231 Accept-Language)."),
            text("locale", "The default location for localizing, such as en-AU."),
            text("timezone", "The time zone, such as Australia/Sydney."),
            attribute("active", Type.BOOLEAN, "Whether the user can sign in; false keeps the user as inactive.").build(),
            string("password", "Accepted and never stored: Xakia users sign in through their identity provider.")
                    .setMutability(Mutability.WRITE_ONLY).setReturned(Returned.NEVER).build(),
            plural("emails", "Email addresses; at most one is primary.", text("value", "The address.")),
            plural("phoneNumbers", "Phone numbers.", text("value", "The number.")),
            plural("ims", "Instant messaging addresses.", text("value", "The address.")),
            plural("photos", "Photo URLs.", attribute("value", Type.REFERENCE, "The photo URL.").addReferenceTypes("external").build()),
            complex("addresses", true, "Physical mailing addresses.", text("formatted", "The full address."),
                    text("streetAddress", "Street."), text("locality", "City."), text("region", "State or region."),
                    text("postalCode", "Postal code."), text("country", "Country."), text("type", "work, home or other."),
                    attribute("primary", Type.BOOLEAN, "The primary address.").build()),
            readOnly(complex("groups", true, "The groups the user belongs to; change membership through /Groups.",
                    readOnly(text("value", "The group's id.")),
                    readOnly(attribute("$ref", Type.REFERENCE, "The group's URI.").addReferenceTypes("Group").build()),
                    readOnly(text("display", "The group's displayName.")),
                    readOnly(string("type", "How the user is a member.").addCanonicalValues("direct", "indirect").build()))),
            plural("entitlements", "Entitlements.", text("value", "The entitlement.")),
            plural("roles", "Roles.", text("value", "The role.")),
            plural("x509Certificates", "Certificates.", attribute("value", Type.BINARY, "DER certificate, base64.").build())));

    public static final SchemaResource ENTERPRISE_USER = new SchemaResource(ScimJson.ENTERPRISE_USER, "EnterpriseUser",
            "Enterprise User", List.of(
            text("employeeNumber", "The user's employee number."),
            text("costCenter", "The user's cost center."),
            text("organization", "The user's organization."),
            text("division", "The user's division."),
            text("department", "The user's department."),
            complex("manager", false, "The user's manager.", text("value", "The manager's id."),
                    attribute("$ref", Type.REFERENCE, "The manager's URI.").addReferenceTypes("User").build(),
                    readOnly(text("displayName", "The manager's name.")))));

    /** Declared by organizations only: the attribute an identity provider maps a person's office to. */
    public static final SchemaResource XAKIA_USER = new SchemaResource(ScimJson.XAKIA_USER, "XakiaUser",
            "Xakia User", List.of(
            text("location", "The Xakia location the user works in, as the organization's routing table names it"
                    + " (such as Sydney); matched case-insensitively.")));

    public static final SchemaResource GROUP = new SchemaResource(ScimJson.CORE_GROUP, "Group", "Group", List.of(
            string("displayName", "A name for the Group, unique in the location (case-insensitively).").setRequired(true)
                    .setUniqueness(Uniqueness.SERVER).build(),
            complex("members", true, "The members of the Group.",
                    string("value", "The member's id.").setMutability(Mutability.IMMUTABLE).build(),
                    text("display", "The member's display name."),
                    attribute("$ref", Type.REFERENCE, "The member's URI.").addReferenceTypes("User", "Group")
                            .setMutability(Mutability.IMMUTABLE).build(),
                    string("type", "Whether the member is a User or a Group.").addCanonicalValues("User", "Group")
                            .setMutability(Mutability.IMMUTABLE).build())));

    private static final SchemaResource SERVICE_PROVIDER_CONFIG_SCHEMA = new SchemaResource(SERVICE_PROVIDER_CONFIG,
            "Service Provider Configuration", "What this service supports", List.of(
            readOnly(attribute("documentationUri", Type.REFERENCE, "Help for administrators.").addReferenceTypes("external").build()),
            supported("patch", "PATCH"),
            readOnly(complex("bulk", false, "Bulk operations.", supportedFlag(),
                    readOnly(attribute("maxOperations", Type.INTEGER, "Most operations in one request.").build()),
                    readOnly(attribute("maxPayloadSize", Type.INTEGER, "Largest request, in bytes.").build()))),
            readOnly(complex("filter", false, "Filtering.", supportedFlag(),
                    readOnly(attribute("maxResults", Type.INTEGER, "Most resources in one answer.").build()))),
            supported("changePassword", "changing passwords"),
            supported("sort", "sorting"),
            supported("etag", "ETags"),
            readOnly(complex("pagination", false, "Paging (RFC 9865).",
                    readOnly(attribute("cursor", Type.BOOLEAN, "Cursor paging.").build()),
                    readOnly(attribute("index", Type.BOOLEAN, "Index paging.").build()),
                    readOnly(text("defaultPaginationMethod", "cursor or index.")),
                    readOnly(attribute("defaultPageSize", Type.INTEGER, "Page size without count.").build()),
                    readOnly(attribute("maxPageSize", Type.INTEGER, "Largest page.").build()))),
            readOnly(complex("authenticationSchemes", true, "How to authenticate.",
                    readOnly(text("type", "The scheme.")), readOnly(text("name", "Its name.")),
                    readOnly(text("description", "Its description.")),
                    readOnly(attribute("primary", Type.BOOLEAN, "The preferred scheme.").build())))));

    private static final SchemaResource RESOURCE_TYPE_SCHEMA = new SchemaResource(RESOURCE_TYPE, "ResourceType",
            "A type of resource this service serves", List.of(
            readOnly(text("id", "The resource type's id.")),
            readOnly(string("name", "The resource type's name.").setRequired(true).build()),
            readOnly(text("description", "What it is.")),
            readOnly(attribute("endpoint", Type.REFERENCE, "Its endpoint, relative to the base URI.").setRequired(true)
                    .addReferenceTypes("uri").build()),
            readOnly(attribute("schema", Type.REFERENCE, "Its core schema.").setRequired(true).setCaseExact(true)
                    .addReferenceTypes("uri").build()),
            readOnly(complex("schemaExtensions", true, "Its extensions.",
                    readOnly(attribute("schema", Type.REFERENCE, "The extension's schema.").setRequired(true)
                            .setCaseExact(true).addReferenceTypes("uri").build()),
                    readOnly(attribute("required", Type.BOOLEAN, "Whether every resource carries it.").setRequired(true).build())))));

    private static final SchemaResource SCHEMA_SCHEMA = new SchemaResource(SCHEMA, "Schema",
            "The definition of a schema", List.of(
            readOnly(string("id", "The schema's URN.").setRequired(true).build()),
            readOnly(text("name", "The schema's name.")),
            readOnly(text("description", "What it describes.")),
            readOnly(complex("attributes", true, "Its attributes (RFC 7643 7).",
                    readOnly(text("name", "The attribute's name.")), readOnly(text("type", "Its data type.")),
                    readOnly(attribute("multiValued", Type.BOOLEAN, "Whether it holds a list.").build()),
                    readOnly(text("description", "What it holds.")),
                    readOnly(attribute("required", Type.BOOLEAN, "Whether it must be present.").build()),
                    readOnly(attribute("canonicalValues", Type.STRING, "Its canonical values.").setMultiValued(true).build()),
                    readOnly(attribute("caseExact", Type.BOOLEAN, "Whether case matters.").build()),
                    readOnly(text("mutability", "readOnly, readWrite, immutable or writeOnly.")),
                    readOnly(text("returned", "always, never, default or request.")),
                    readOnly(text("uniqueness", "none, server or global.")),
                    readOnly(attribute("referenceTypes", Type.STRING, "What it may refer to.").setMultiValued(true).build()),
                    readOnly(attribute("subAttributes", Type.COMPLEX, "The sub-attributes, defined alike.")
                            .setMultiValued(true).build())))));

    /**
     * The common attributes of every resource (RFC 7643 3.1). No schema lists them, so /Schemas does not
     * either, but requests are checked against them like any other attribute.
     */
    public static final List<AttributeDefinition> COMMON = List.of(
            readOnly(string("id", "The service's id of the resource.").setCaseExact(true).setReturned(Returned.ALWAYS).build()),
            string("externalId", "The identity provider's id of the resource.").setCaseExact(true).build(),
            readOnly(complex("meta", false, "The resource's metadata.", readOnly(text("resourceType", "User or Group.")),
                    readOnly(attribute("created", Type.DATETIME, "When it was created.").build()),
                    readOnly(attribute("lastModified", Type.DATETIME, "When it was last changed.").build()),
                    readOnly(attribute("location", Type.REFERENCE, "Its URI.").addReferenceTypes("uri").build()),
                    readOnly(string("version", "Its ETag.").setCaseExact(true).build()))));

    /** In the order an organization's /Schemas lists them: its users' schemas only (Groups are served per location). */
    public static final List<SchemaResource> ORGANIZATION = List.of(USER, ENTERPRISE_USER, XAKIA_USER);

    /** In the order /Schemas lists them. */
    public static final List<SchemaResource> ALL = List.of(USER, ENTERPRISE_USER, GROUP, SERVICE_PROVIDER_CONFIG_SCHEMA,
            RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA);

    private SchemaDefinitions() {}

    private static AttributeDefinition.Builder attribute(String name, Type type, String description) {
        AttributeDefinition.Builder a = new AttributeDefinition.Builder().setName(name).setType(type)
                .setDescription(description).setMutability(Mutability.READ_WRITE).setReturned(Returned.DEFAULT)
                .setUniqueness(Uniqueness.NONE);
        return a;
    }

    private static AttributeDefinition.Builder string(String name, String description) {
        return attribute(name, Type.STRING, description);
    }

    private static AttributeDefinition text(String name, String description) {
        return string(name, description).build();
    }

    private static AttributeDefinition complex(String name, boolean multiValued, String description,
                                               AttributeDefinition... subAttributes) {
        return attribute(name, Type.COMPLEX, description).setMultiValued(multiValued).addSubAttributes(subAttributes).build();
    }

    /** The usual plural shape: value, display, type, primary (RFC 7643 2.4). */
    private static AttributeDefinition plural(String name, String description, AttributeDefinition value) {
        return complex(name, true, description, value, text("display", "A human-readable name."),
                text("type", "A label such as work or home."),
                attribute("primary", Type.BOOLEAN, "The primary value; true at most once.").build());
    }

    /** The same definition, readOnly: set by the server, ignored in a POST or PUT, refused in a PATCH. */
    private static AttributeDefinition readOnly(AttributeDefinition a) {
        AttributeDefinition.Builder b = new AttributeDefinition.Builder().setName(a.getName()).setType(a.getType())
                .setDescription(a.getDescription()).setMultiValued(a.isMultiValued()).setRequired(a.isRequired())
                .setCaseExact(a.isCaseExact()).setMutability(Mutability.READ_ONLY).setReturned(a.getReturned())
                .setUniqueness(a.getUniqueness());
        if (a.getSubAttributes() != null) {
            b.addSubAttributes(a.getSubAttributes().toArray(AttributeDefinition[]::new));
        }
        if (a.getCanonicalValues() != null) {
            b.addCanonicalValues(a.getCanonicalValues().toArray(String[]::new));
        }
        if (a.getReferenceTypes() != null) {
            b.addReferenceTypes(a.getReferenceTypes().toArray(String[]::new));
        }
        return b.build();
    }

    private static AttributeDefinition supportedFlag() {
        return readOnly(attribute("supported", Type.BOOLEAN, "Whether it is supported.").setRequired(true).build());
    }

    private static AttributeDefinition supported(String name, String what) {
        return readOnly(complex(name, false, "Whether " + what + " is supported.", supportedFlag()));
    }
}
