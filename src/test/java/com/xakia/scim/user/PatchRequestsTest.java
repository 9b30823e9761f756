package com.xakia.scim.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.support.ScimErrors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * User PATCH bodies as the SDK's PatchRequest they become (PatchRequests.parse), one row an operation in the
 * forms Okta and Entra send, and what a few of them do to a stored user (UserResources.applyPatch).
 */
@Tag("unit")
class PatchRequestsTest {

    static final QueryLimits LIMITS = new QueryLimits(1000, 4096, 200, 16, 64, 2048);
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    static String body(String operation) {
        return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operation + "]}";
    }

    static PatchOperation parsed(String operation) {
        PatchRequest request = PatchRequests.parse("u1", body(operation), LIMITS);
        assertThat(request.getOperations()).hasSize(1);
        return request.getOperations().get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"op": "replace", "path": "active", "value": false}`                          | replace | active                 | false
            `{"op": "Replace", "path": "active", "value": "False"}`                        | replace | active                 | "False"
            `{"OP": "ADD", "PATH": "title", "value": "Partner"}`                           | add     | title                  | "Partner"
            `{"op": "replace", "path": "NAME.GIVENNAME", "value": "Ada"}`                  | replace | name.givenName         | "Ada"
            `{"op": "Add", "path": "emails[type eq \\"work\\"].value", "value": "a@b.c"}`  | add     | emails[type eq "work"].value | "a@b.c"
            `{"op": "remove", "path": "emails[type eq \\"home\\"]"}`                       | remove  | emails[type eq "home"] |
            `{"op": "Remove", "path": "title"}`                                            | remove  | title                  |
            `{"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:userName", "value": "a"}` | replace | userName | "a"
            `{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Legal"}` | replace | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department | "Legal"
            `{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": {"department": "Legal"}}` | add | | `{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Legal"}}`
            `{"op": "replace", "value": {"active": false}}`                                | replace |                        | `{"active":false}`
            `{"op": "replace", "path": " ", "value": {"title": "x"}}`                       | replace |                        | `{"title":"x"}`
            `{"op": "replace", "value": {"id": "u1", "displayName": "Ada"}}`               | replace |                        | `{"displayName":"Ada"}`
            `{"op": "replace", "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Legal", "urn:ietf:params:scim:schemas:core:2.0:User:displayName": "Ada"}}` | replace | | `{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Legal"},"displayName":"Ada"}`
            """)
    void each_operation_is_parsed_with_its_path_in_canonical_form(String operation, String op, String path, String value) {
        PatchOperation parsed = parsed(operation);
        assertThat(parsed.getOpType()).hasToString(op);
        assertThat(parsed.getPath() == null ? null : parsed.getPath().toString()).isEqualTo(path);
        assertThat(parsed.getJsonNode() == null ? null : json(parsed.getJsonNode().toString())) // the SDK's node: compared as JSON
                .isEqualTo(value == null ? null : json(value));
    }

    @Test
    void a_message_in_other_spellings_is_still_a_patch() {
        PatchRequest lowerCase = PatchRequests.parse("u1", "{\"operations\": [{\"op\": \"remove\", \"path\": \"title\"}]}", LIMITS);
        assertThat(lowerCase.getOperations()).singleElement().satisfies(op -> assertThat(op.getPath()).hasToString("title"));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"op": "remove"}`                                                           | noTarget      | A remove operation needs a path
            `{"op": "remove", "path": ""}`                                               | noTarget      | A remove operation needs a path
            `{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}` | invalidPath | Remove the extension's attributes by their paths
            `{"op": "replace", "value": "x"}`                                            | invalidValue  | without a path needs an object of attributes
            `{"op": "replace", "path": "nickName2", "value": "x"}`                       | invalidPath   | nickName2 is not an attribute of User
            `{"op": "replace", "value": {"bogus": 1}}`                                   | invalidPath   | bogus is not an attribute of User
            `{"op": "replace", "path": "title[", "value": "x"}`                          | invalidPath   | Not a valid PATCH path: title[
            `{"op": "add", "path": "title[value eq \\"a\\"]", "value": "x"}`             | invalidPath   | A value filter needs a multi-valued complex attribute
            `{"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User", "value": {}}` | invalidPath | names no attribute
            `{"op": "replace", "path": "urn:example:x:title", "value": "x"}`             | invalidPath   | names the schema urn:example:x, which User does not have
            `{"op": "replace", "path": "id", "value": "x"}`                              | mutability    | id is readOnly
            `{"op": "replace", "value": {"id": "someone-else"}}`                         | mutability    | id is readOnly
            `{"op": "replace", "path": "meta.created", "value": "x"}`                    | mutability    | meta is readOnly
            `{"op": "move", "path": "title", "value": "x"}`                              | invalidSyntax | Not a valid PATCH request
            `1`                                                                          | invalidSyntax | Each PATCH operation must be a JSON object.
            """)
    void what_cannot_be_parsed_is_400(String operation, String scimType, String message) {
        ScimErrors.assertBadRequest(() -> PatchRequests.parse("u1", body(operation), LIMITS), scimType, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"Operations": []}`                                                        | A PATCH request needs a non-empty "Operations" array.
            `{}`                                                                        | A PATCH request needs a non-empty "Operations" array.
            `{"Operations": {"op": "remove", "path": "title"}}`                         | A PATCH request needs a non-empty "Operations" array.
            `{"schemas": ["urn:x"], "Operations": [{"op": "remove", "path": "title"}]}` | A PATCH request's schemas must be
            `not json`                                                                  | The request body is not valid JSON
            """)
    void a_body_that_is_not_a_patch_message_is_400_invalid_syntax(String body, String message) {
        assertThatThrownBy(() -> PatchRequests.parse("u1", body, LIMITS))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"))
                .hasMessageContaining(message);
    }

    /** The stored user the PATCHes below change. */
    static final String ADA = """
            {"userName": "ada", "active": true, "title": "Partner", "name": {"givenName": "Ada"},
             "emails": [{"value": "ada@work", "type": "work", "primary": true}, {"value": "ada@home", "type": "home"}]}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"op": "replace", "path": "active", "value": false}`                                    | /active            | false
            `{"op": "Replace", "path": "active", "value": "False"}`                                  | /active            | false
            `{"op": "Replace", "value": {"active": "False", "title": "Counsel"}}`                    | /title             | "Counsel"
            `{"op": "replace", "path": "name.familyName", "value": "Lovelace"}`                      | /name              | `{"givenName":"Ada","familyName":"Lovelace"}`
            `{"op": "Add", "path": "emails[type eq \\"home\\"].display", "value": "Home"}`           | /emails/1          | `{"value":"ada@home","type":"home","display":"Home"}`
            `{"op": "Add", "path": "emails[type eq \\"other\\"].value", "value": "ada@other"}`       | /emails/2          | `{"value":"ada@other","type":"other"}`
            `{"op": "replace", "path": "emails[type eq \\"work\\"].value", "value": "ada@new"}`      | /emails/0/value    | "ada@new"
            `{"op": "remove", "path": "emails[type eq \\"home\\"]"}`                                 | /emails            | `[{"value":"ada@work","type":"work","primary":true}]`
            `{"op": "add", "path": "emails", "value": [{"value": "ada@home", "type": "home"}]}`      | /emails            | `[{"value":"ada@work","type":"work","primary":true},{"value":"ada@home","type":"home"}]`
            `{"op": "add", "path": "emails", "value": [{"value": "ada@x", "primary": true}]}`        | /emails            | `[{"value":"ada@work","type":"work","primary":false},{"value":"ada@home","type":"home"},{"value":"ada@x","primary":true}]`
            `{"op": "replace", "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Legal"}}` | /schemas | `["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]`
            `{"op": "remove", "path": "title"}`                                                      | /title             |
            """)
    void applied_to_a_stored_user(String operation, String pointer, String expected) {
        ObjectNode patched = UserResources.applyPatch((ObjectNode) json(ADA), PatchRequests.parse("u1", body(operation), LIMITS));
        JsonNode actual = patched.at(pointer);
        if (expected == null) {
            assertThat(actual.isMissingNode()).as(pointer + " in " + patched).isTrue();
        } else {
            assertThat(actual).as(pointer + " in " + patched).isEqualTo(json(expected));
        }
    }

    @Test
    void the_entra_flat_extension_attribute_lands_inside_the_extension() {
        ObjectNode patched = UserResources.applyPatch((ObjectNode) json(ADA), PatchRequests.parse("u1", body("""
                {"op": "Add", "value": {"%s:department": "Legal", "%<s:manager": {"value": "m1"}}}""".formatted(ENTERPRISE)), LIMITS));
        assertThat(patched.get(ENTERPRISE)).isEqualTo(json("{\"department\": \"Legal\", \"manager\": {\"value\": \"m1\"}}"));
    }

    static JsonNode json(String text) {
        try {
            return ScimJson.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
