package com.xakia.scim.group;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.xakia.scim.group.GroupChange.AddMembers;
import com.xakia.scim.group.GroupChange.RemoveAllMembers;
import com.xakia.scim.group.GroupChange.RemoveMembers;
import com.xakia.scim.group.GroupChange.ReplaceMembers;
import com.xakia.scim.group.GroupChange.SetDisplayName;
import com.xakia.scim.group.GroupChange.SetExternalId;
import com.xakia.scim.group.GroupRecord.Member;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.PatchMessages;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.scim.ResourceSchema;
import com.xakia.scim.scim.SchemaCheck;
import com.xakia.scim.scim.Projection;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.scim.ScimSyntax;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * SCIM Group JSON in and out. PATCH is interpreted here into {@link GroupChange}s rather than applied
 * to a document, so membership changes of Okta Push Groups and Entra (add members; remove
 * {@code members[value eq "id"]}; remove with a value array; replace; rename without a path) become
 * row-level SQL.
 */
public final class GroupResources {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_ID_LENGTH = 255;

    /** What a client wrote: the group's own attributes and its members. */
    public record GroupInput(String displayName, String externalId, List<Member> members) {}

    public record CreateGroup(GroupInput group) {}

    public record ReplaceGroup(String id, GroupInput group, String ifMatch, Projection projection) {}

    public record PatchGroup(String id, List<GroupChange> changes, String ifMatch, Projection projection) {}

    public record DeleteGroup(String id, String ifMatch) {}

    private final QueryLimits limits;

    public GroupResources(QueryLimits limits) {
        this.limits = limits;
    }

    public ListRequest toList(Message query) {
        return ListRequest.fromQuery(name -> query.getHeader(name, String.class), GroupAttributes.INSTANCE, limits);
    }

    public ListRequest toSearch(@Body String body) {
        return ListRequest.ofSearch(ScimJson.parseObject(body), GroupAttributes.INSTANCE, limits);
    }

    public CreateGroup toCreate(@Body String body) {
        return new CreateGroup(input(ScimJson.parseObject(body)));
    }

    public ReplaceGroup toReplace(@Header("id") String id, @Body String body, @Header("If-Match") String ifMatch,
                                  @Header("attributes") String attributes,
                                  @Header("excludedAttributes") String excludedAttributes) {
        return new ReplaceGroup(id, input(ScimJson.parseObject(body)), ifMatch, Projection.of(attributes, excludedAttributes, limits));
    }

    public DeleteGroup toDelete(@Header("id") String id, @Header("If-Match") String ifMatch) {
        return new DeleteGroup(id, ifMatch);
    }

    /** The projection of a GET: members are read only when they will be returned. */
    public Projection toProjection(@Header("attributes") String attributes,
                                   @Header("excludedAttributes") String excludedAttributes) {
        return Projection.of(attributes, excludedAttributes, limits);
    }

    public PatchGroup toPatch(@Header("id") String id, @Body String body, @Header("If-Match") String ifMatch,
                              @Header("attributes") String attributes,
                              @Header("excludedAttributes") String excludedAttributes) {
        ObjectNode request = ScimJson.parseObject(body);
        JsonNode operations = ScimJson.field(request, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimError.invalidSyntax("A PATCH request needs a non-empty \"Operations\" array.");
        }
        PatchMessages.checkSchemas(request);
        List<GroupChange> changes = new ArrayList<>();
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw ScimError.invalidSyntax("Each PATCH operation must be a JSON object.");
            }
            JsonNode path = ScimJson.field((ObjectNode) operation, "path");
            if (path != null && path.isTextual()) { // its value filter is parsed by the SDK: bounded first
                limits.checkPath("The PATCH path", path.asText());
            }
            changes.addAll(changes(id, (ObjectNode) operation));
        }
        // No attributes asked for: the answer is 204, so the members are not read back.
        Projection projection = attributes == null && excludedAttributes == null ? null
                : Projection.of(attributes, excludedAttributes, limits);
        return new PatchGroup(id, changes, ifMatch, projection);
    }

    private static List<GroupChange> changes(String id, ObjectNode operation) {
        JsonNode opNode = ScimJson.field(operation, "op");
        String op = opNode == null ? "" : opNode.asText().toLowerCase(Locale.ROOT);
        if (!List.of("add", "replace", "remove").contains(op)) {
            throw ScimError.invalidSyntax("PATCH op must be add, replace or remove, not \"" + (opNode == null ? "" : opNode.asText()) + "\".");
        }
        JsonNode pathNode = ScimJson.field(operation, "path");
        JsonNode value = ScimJson.field(operation, "value");
        String pathText = pathNode == null || pathNode.isNull() ? "" : pathNode.asText().trim();
        if (pathText.isEmpty()) {
            if (op.equals("remove")) {
                throw ScimError.noTarget("A remove operation needs a path.");
            }
            if (value == null || !value.isObject()) {
                throw ScimError.invalidValue("The " + op + " operation without a path needs an object value.");
            }
            ObjectNode attributes = ((ObjectNode) value).deepCopy();
            PatchMessages.withoutOwnId(attributes, id);
            List<GroupChange> changes = new ArrayList<>();
            attributes.fields().forEachRemaining(f -> {
                if (f.getKey().equalsIgnoreCase("schemas")) {
                    SchemaCheck.schemas(ResourceSchema.GROUP, f.getValue());
                } else {
                    changes.addAll(attributeChanges(op, attributeOf(f.getKey()), f.getValue()));
                }
            });
            return changes;
        }
        Path path;
        try {
            path = ScimSyntax.path(SchemaCheck.patchPath(ResourceSchema.GROUP, pathText));
        } catch (BadRequestException e) {
            throw ScimError.invalidPath("Not a valid PATCH path: " + pathText);
        }
        if (path.size() > 1) {
            throw ScimError.invalidPath("Groups support PATCH paths displayName, externalId, members and members[value eq \"id\"]; not " + pathText + ".");
        }
        Path.Element element = path.getElement(0);
        if (element.getValueFilter() != null) {
            if (!op.equals("remove")) {
                throw ScimError.invalidPath("A value filter is supported on members, with remove: " + pathText);
            }
            return List.of(new RemoveMembers(memberIds(element.getValueFilter())));
        }
        if (op.equals("remove")) {
            if (element.getAttribute().equals("members")) {
                return List.of(value == null || value.isNull() ? new RemoveAllMembers()
                        : new RemoveMembers(members(value).stream().map(Member::value).toList()));
            }
            return attributeChanges("remove", element.getAttribute(), null);
        }
        return attributeChanges(op, element.getAttribute(), value);
    }

    /** A key of a path-less value, as the attribute it names (fully qualified or in any case); unknown: 400. */
    private static String attributeOf(String key) {
        String attribute = SchemaCheck.valueKey(ResourceSchema.GROUP, key);
        if (!List.of("displayName", "externalId", "members").contains(attribute)) {
            throw ScimError.invalidPath("A PATCH value without a path sets displayName, externalId or members; not " + key + ".");
        }
        return attribute;
    }

    /** add/replace/remove of one attribute, named canonically (displayName, externalId, members). */
    private static List<GroupChange> attributeChanges(String op, String attribute, JsonNode value) {
        switch (attribute) {
            case "displayName" -> {
                if (op.equals("remove")) {
                    throw ScimError.invalidValue("displayName is required and cannot be removed.");
                }
                return List.of(new SetDisplayName(displayName(value)));
            }
            case "externalId" -> {
                return List.of(new SetExternalId(op.equals("remove") ? null : externalId(value)));
            }
            case "members" -> {
                List<Member> members = members(value);
                return List.of(op.equals("add") ? new AddMembers(members) : new ReplaceMembers(members));
            }
            default -> throw new IllegalStateException("Group attribute without a change: " + attribute);
        }
    }

    /** Ids named by {@code value eq "id"} filters, alone or joined with "or". */
    private static List<String> memberIds(Filter filter) {
        if (filter.getFilterType() == FilterType.OR) {
            List<String> ids = new ArrayList<>();
            filter.getCombinedFilters().forEach(f -> ids.addAll(memberIds(f)));
            return ids;
        }
        if (filter.getFilterType() == FilterType.EQUAL && filter.getAttributePath().size() == 1
                && filter.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")) {
            return List.of(memberId(filter.getComparisonValue()));
        }
        throw ScimError.invalidFilter("Members can be selected by value eq \"id\" (optionally joined with or), not by " + filter + ".");
    }

    static GroupInput input(ObjectNode body) {
        ObjectNode leniently = body.deepCopy();
        JsonNode members = ScimJson.field(leniently, "members");
        if (members != null) {
            leniently.remove(ScimJson.key(leniently, "members"));
            leniently.set("members", lenientMembers(members));
        }
        ObjectNode group = SchemaCheck.resource(ResourceSchema.GROUP, leniently);
        JsonNode externalId = group.get("externalId");
        return new GroupInput(displayName(group.get("displayName")), externalId == null ? null : externalId.asText(),
                members(group.get("members")));
    }

    private static String displayName(JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ScimError.invalidValue("displayName is required and must be a non-empty string.");
        }
        return value.asText().trim();
    }

    private static String externalId(JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw ScimError.invalidValue("externalId must be a string.");
        }
        return value.asText();
    }

    /** Members from an array of {value, display, type} objects, a single object, or bare id strings. */
    static List<Member> members(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        Map<String, Member> members = new LinkedHashMap<>();
        for (JsonNode member : SchemaCheck.value(ResourceSchema.GROUP, "members", lenientMembers(value))) {
            String id = memberId(member.get("value"));
            JsonNode display = member.get("display");
            members.put(id, new Member(id, display == null ? null : display.asText()));
        }
        return List.copyOf(members.values());
    }

    /**
     * Two leniencies, for Microsoft's reference collection: a bare id string is a member with that value, and
     * a member's {@code displayName} is its {@code display}.
     */
    private static JsonNode lenientMembers(JsonNode value) {
        if (value.isNull()) {
            return value;
        }
        ArrayNode out = JSON.arrayNode();
        for (JsonNode member : value.isArray() ? value : JSON.arrayNode().add(value)) {
            if (member.isTextual()) {
                out.addObject().set("value", member);
            } else if (member instanceof ObjectNode object && ScimJson.field(object, "display") == null
                    && ScimJson.field(object, "displayName") != null) {
                ObjectNode copy = object.deepCopy();
                copy.set("display", copy.remove(ScimJson.key(copy, "displayName")));
                out.add(copy);
            } else {
                out.add(member);
            }
        }
        return out;
    }

    private static String memberId(JsonNode value) {
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw ScimError.invalidValue("Each member needs a \"value\": the member's id.");
        }
        if (value.asText().length() > MAX_ID_LENGTH) {
            throw ScimError.invalidValue("A member value is at most " + MAX_ID_LENGTH + " characters.");
        }
        return value.asText().trim();
    }

    public static ObjectNode toScim(GroupRecord group, String scimBaseUri) {
        ObjectNode out = JSON.objectNode();
        out.putArray("schemas").add(ScimJson.CORE_GROUP);
        out.put("id", group.id().toString());
        if (group.externalId() != null) {
            out.put("externalId", group.externalId());
        }
        out.put("displayName", group.displayName());
        if (group.members() != null) {
            ArrayNode members = out.putArray("members");
            for (Member m : group.members()) {
                ObjectNode member = members.addObject();
                member.put("value", m.value());
                if (m.display() != null) {
                    member.put("display", m.display());
                }
                String type = "Group".equals(m.type()) ? "Group" : "User";
                member.put("$ref", scimBaseUri + "/" + type + "s/"
                        + URLEncoder.encode(m.value(), StandardCharsets.UTF_8).replace("+", "%20"));
                member.put("type", type);
            }
        }
        group.resource().fields().forEachRemaining(f -> out.set(f.getKey(), f.getValue()));
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(group.created()));
        meta.put("lastModified", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(group.lastModified()));
        meta.put("location", scimBaseUri + "/Groups/" + group.id());
        meta.put("version", group.etag());
        return out;
    }
}
