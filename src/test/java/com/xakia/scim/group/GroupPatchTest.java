package com.xakia.scim.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;

import com.xakia.scim.group.GroupChange.AddMembers;
import com.xakia.scim.group.GroupChange.RemoveAllMembers;
import com.xakia.scim.group.GroupChange.RemoveMembers;
import com.xakia.scim.group.GroupChange.ReplaceMembers;
import com.xakia.scim.group.GroupChange.SetDisplayName;
import com.xakia.scim.group.GroupChange.SetExternalId;
import com.xakia.scim.group.GroupRecord.Member;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.support.ScimErrors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A group PATCH as the membership changes the store runs (GroupResources.toPatch → GroupChange), one row an
 * operation in the forms Okta and Entra send. A change is written short: {@code add u1(Ada) u2}, {@code remove u1},
 * {@code remove all}, {@code replace u3}, {@code displayName Ops}, {@code externalId -} (removed).
 */
@Tag("unit")
class GroupPatchTest {

    static final GroupResources GROUPS = new GroupResources(new QueryLimits(1000, 4096, 200, 16, 64, 2048));

    static String body(String operation) {
        return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operation + "]}";
    }

    static List<GroupChange> changes(String operation) {
        return GROUPS.toPatch("g1", body(operation), null, null, null).changes();
    }

    static String described(List<GroupChange> changes) {
        return changes.stream().map(GroupPatchTest::described).collect(Collectors.joining("; "));
    }

    static String described(GroupChange change) {
        if (change instanceof AddMembers add) {
            return ("add " + members(add.members())).strip();
        } else if (change instanceof RemoveMembers remove) {
            return "remove " + String.join(" ", remove.ids());
        } else if (change instanceof RemoveAllMembers) {
            return "remove all";
        } else if (change instanceof ReplaceMembers replace) {
            return ("replace " + members(replace.members())).strip();
        } else if (change instanceof SetDisplayName name) {
            return "displayName " + name.displayName();
        } else {
            SetExternalId id = (SetExternalId) change;
            return "externalId " + (id.externalId() == null ? "-" : id.externalId());
        }
    }

    static String members(List<Member> members) {
        return members.stream().map(m -> m.value() + (m.display() == null ? "" : "(" + m.display() + ")"))
                .collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"op": "add", "path": "members", "value": [{"value": "u1", "display": "Ada"}, {"value": "u2"}]}`         | add u1(Ada) u2
            `{"op": "Add", "path": "members", "value": [{"value": "u1"}, {"value": " u1 "}]}`                        | add u1
            `{"op": "add", "path": "members", "value": {"value": "u7", "displayName": "Ann"}}`                        | add u7(Ann)
            `{"op": "add", "path": "members", "value": "u7"}`                                                         | add u7
            `{"op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:Group:members", "value": [{"value": "u1"}]}` | add u1
            `{"op": "remove", "path": "members[value eq \\"u1\\"]"}`                                                  | remove u1
            `{"op": "remove", "path": "members[value eq \\"u1\\" or value eq \\"u2\\"]"}`                             | remove u1 u2
            `{"op": "Remove", "path": "members", "value": [{"value": "u1"}, {"value": "u2"}]}`                        | remove u1 u2
            `{"op": "remove", "path": "members"}`                                                                     | remove all
            `{"op": "remove", "path": "members", "value": null}`                                                      | remove all
            `{"op": "replace", "path": "members", "value": [{"value": "u3"}]}`                                        | replace u3
            `{"op": "replace", "path": "members", "value": []}`                                                       | replace
            `{"op": "replace", "path": "displayName", "value": "  Ops  "}`                                            | displayName Ops
            `{"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "value": "New"}`    | displayName New
            `{"op": "replace", "path": "externalId", "value": "e-1"}`                                                 | externalId e-1
            `{"op": "remove", "path": "externalId"}`                                                                  | externalId -
            `{"op": "replace", "value": {"id": "g1", "displayName": "Ops"}}`                                          | displayName Ops
            `{"op": "replace", "value": {"displayName": "Ops", "externalId": "e", "members": [{"value": "u9"}]}}`     | displayName Ops; externalId e; replace u9
            `{"op": "add", "value": {"members": [{"value": "u9"}]}}`                                                  | add u9
            `{"op": "replace", "value": {"urn:ietf:params:scim:schemas:core:2.0:Group:displayName": "New"}}`          | displayName New
            `{"op": "replace", "path": "", "value": {"DISPLAYNAME": "New"}}`                                          | displayName New
            """)
    void each_operation_becomes_row_level_changes(String operation, String expected) {
        assertThat(described(changes(operation))).isEqualTo(expected);
    }

    @Test
    void operations_keep_their_order_and_the_command_carries_id_version_and_projection() {
        GroupResources.PatchGroup patch = GROUPS.toPatch("g1", body("""
                {"op": "remove", "path": "members"}, {"op": "add", "path": "members", "value": [{"value": "u1"}]},
                {"op": "replace", "path": "displayName", "value": "Ops"}"""), "W/\"3\"", null, null);
        assertThat(described(patch.changes())).isEqualTo("remove all; add u1; displayName Ops");
        assertThat(patch.id()).isEqualTo("g1");
        assertThat(patch.ifMatch()).isEqualTo("W/\"3\"");
        assertThat(patch.projection()).as("no attributes asked for: a 204, members not read back").isNull();
        assertThat(GROUPS.toPatch("g1", body("{\"op\": \"remove\", \"path\": \"members\"}"), null, "displayName", null)
                .projection().returns("members")).isFalse();
    }

    @Test
    void the_audit_names_the_attribute_each_change_touches() {
        assertThat(changes("""
                {"op": "replace", "value": {"displayName": "Ops", "externalId": "e", "members": []}}""")
                .stream().map(GroupChange::attribute)).containsExactly("displayName", "externalId", "members");
    }

    @Test
    void a_message_in_other_spellings_is_still_a_patch() {
        assertThat(described(GROUPS.toPatch("g1", "{\"operations\": [{\"op\": \"remove\", \"path\": \"members\"}]}", null, null, null)
                .changes())).as("lower-case Operations, no schemas").isEqualTo("remove all");
    }

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"op": "remove", "path": "displayName"}`                                    | invalidValue  | displayName is required and cannot be removed.
            `{"op": "replace", "path": "displayName", "value": ""}`                      | invalidValue  | displayName is required and must be a non-empty string.
            `{"op": "replace", "path": "externalId", "value": 5}`                        | invalidValue  | externalId must be a string.
            `{"op": "add", "path": "members", "value": [{"display": "no id"}]}`          | invalidValue  | Each member needs a "value": the member's id.
            `{"op": "replace", "value": "Ops"}`                                          | invalidValue  | without a path needs an object value.
            `{"op": "remove"}`                                                           | noTarget      | A remove operation needs a path.
            `{"op": "remove", "path": "  "}`                                             | noTarget      | A remove operation needs a path.
            `{"op": "move", "path": "members"}`                                          | invalidSyntax | PATCH op must be add, replace or remove, not "move".
            `{"path": "members"}`                                                        | invalidSyntax | PATCH op must be add, replace or remove, not "".
            `{"op": "add", "path": "members[value eq \\"u1\\"]", "value": []}`           | invalidPath   | A value filter is supported on members, with remove
            `{"op": "remove", "path": "members[display eq \\"Ada\\"]"}`                  | invalidFilter | Members can be selected by value eq "id"
            `{"op": "remove", "path": "members[value eq \\"a\\" and value eq \\"b\\"]"}` | invalidFilter | Members can be selected by value eq "id"
            `{"op": "replace", "path": "members.value", "value": "x"}`                   | invalidPath   | Groups support PATCH paths displayName, externalId, members
            `{"op": "replace", "path": "nickName", "value": "x"}`                        | invalidPath   | nickName is not an attribute of Group
            `{"op": "replace", "value": {"nickName": "x"}}`                              | invalidPath   | nickName is not an attribute of Group
            `{"op": "replace", "path": "members[", "value": []}`                         | invalidPath   | Not a valid PATCH path
            `{"op": "replace", "path": "id", "value": "x"}`                              | mutability    | id is readOnly
            `{"op": "replace", "value": {"id": "another-group"}}`                        | mutability    | id is readOnly
            `{"op": "replace", "value": {"meta": {}}}`                                   | mutability    | meta is readOnly
            """)
    void what_cannot_be_a_group_change_is_400(String operation, String scimType, String message) {
        ScimErrors.assertBadRequest(() -> changes(operation), scimType, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"Operations": []}`                                                            | A PATCH request needs a non-empty "Operations" array.
            `{"Operations": {"op": "remove", "path": "members"}}`                           | A PATCH request needs a non-empty "Operations" array.
            `{"schemas": ["urn:x"], "Operations": [{"op": "remove", "path": "members"}]}`   | A PATCH request's schemas must be
            `{"Operations": [1]}`                                                           | Each PATCH operation must be a JSON object.
            `[]`                                                                            | The request body must be a JSON object.
            """)
    void a_body_that_is_not_a_patch_message_is_400_invalid_syntax(String body, String message) {
        assertThatThrownBy(() -> GROUPS.toPatch("g1", body, null, null, null))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"))
                .hasMessageContaining(message);
    }
}
