package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.support.ScimErrors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schema rules, one row a rule, without a server: what the protocol layer accepts, refuses and stores. */
@Tag("unit")
@Tag("unit")
class SchemaCheckTest {

    private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"userName": "a", "userType": true}`                 | userType must be a string
            `{"userName": "a", "title": {"x": 1}}`                | title must be a string
            `{"userName": "a", "nickName": 42}`                   | nickName must be a string
            `{"userName": "a", "displayName": 17}`                | displayName must be a string
            `{"userName": "a", "active": "yes"}`                  | active must be a boolean
            `{"userName": "a", "adreses": [{"country": "DE"}]}`  | adreses is not an attribute of User
            `{"userName": "a", "name": {"given": "x"}}`           | given is not a sub-attribute of name
            `{"userName": "a", "emails": [{"value": 1}]}`         | emails.value must be a string
            `{"userName": "a", "emails": ["a@b.example"]}`        | emails must be an object
            `{"userName": "a", "name": [{"givenName": "x"}]}`     | name takes a single value, not a list
            `{"userName": "a", "urn:example:ext:1.0:User": {}}`   | urn:example:ext:1.0:User is not an attribute of User
            `{"userName": "a", "schemas": ["urn:example:bogus"]}` | schemas names "urn:example:bogus"
            `{"userName": "a", "IllegalPatchSchema": "x"}`        | IllegalPatchSchema is not an attribute of User
            `{"userName": ["a"]}`                                 | userName takes a single value
            `{"displayName": "no userName"}`                      | userName is required
            """)
    void a_user_that_does_not_fit_the_schema_is_refused_naming_the_attribute(String body, String message) {
        ScimErrors.assertBadRequest(() -> SchemaCheck.resource(ResourceSchema.USER, json(body)), "invalidValue", message);
    }

    @Test
    void names_are_canonical_readonly_and_writeonly_are_dropped_and_entra_spellings_are_accepted() {
        ObjectNode stored = SchemaCheck.resource(ResourceSchema.USER, json("""
                {"USERNAME": "a", "id": "x", "meta": {"created": "2020-01-01T00:00:00Z"}, "groups": [{"value": "g"}],
                 "password": "secret", "Active": "False", "emails": {"Value": "a@b.example", "Primary": "True"},
                 "%1$s": {"Department": "Legal", "Manager": {"Value": "m", "displayName": "read only"}},
                 "%1$s:costCenter": "42", "%2$s:nickName": "al", "schemas": ["%2$s", "%1$s"]}
                """.formatted(ENTERPRISE, CORE)));

        assertThat(stored).isEqualTo(json("""
                {"userName": "a", "active": false, "emails": [{"value": "a@b.example", "primary": true}],
                 "%s": {"department": "Legal", "manager": {"value": "m"}, "costCenter": "42"}, "nickName": "al"}
                """.formatted(ENTERPRISE)));
    }

    @Test
    void entras_manager_as_a_bare_id_is_the_managers_value() {
        ObjectNode stored = SchemaCheck.resource(ResourceSchema.USER, json("""
                {"userName": "a", "%s": {"manager": "m-1"}}""".formatted(ENTERPRISE)));
        assertThat(stored.at("/" + ENTERPRISE + "/manager/value").asText()).isEqualTo("m-1");
    }

    @Test
    void a_stored_resource_written_before_the_checks_keeps_what_fits() {
        ObjectNode conforming = SchemaCheck.conforming(ResourceSchema.USER, json("""
                {"userName": "a", "nickName": 42, "%s": {"displayName": "junk"}, "title": "Partner"}""".formatted(CORE)));

        assertThat(conforming).isEqualTo(json("""
                {"userName": "a", "title": "Partner", "displayName": "junk"}"""));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            displayName                                                         | displayName
            DISPLAYNAME                                                         | displayName
            urn:ietf:params:scim:schemas:core:2.0:User:displayName             | displayName
            URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:name.givenname          | name.givenName
            `emails[type eq "work"].value`                                      | `emails[type eq "work"].value`
            `urn:ietf:params:scim:schemas:core:2.0:User:Emails[type eq "work"]` | `emails[type eq "work"]`
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:Department | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value
            externalId                                                          | externalId
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:user          | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User
            """)
    void a_patch_path_in_any_legal_spelling_is_the_short_canonical_one(String path, String canonical) {
        assertThat(SchemaCheck.patchPath(ResourceSchema.USER, path)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            IllegalPatchSchema                                                          | invalidPath | IllegalPatchSchema is not an attribute of User
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:Group:employeeNumber | invalidPath | does not have
            name.nickname                                                               | invalidPath | nickname is not a sub-attribute of name
            title[value eq "x"]                                                         | invalidPath | A value filter needs a multi-valued complex attribute
            id                                                                          | mutability  | id is readOnly
            meta.created                                                                | mutability  | meta is readOnly
            groups                                                                      | mutability  | groups is readOnly
            urn:ietf:params:scim:schemas:core:2.0:User:groups                          | mutability  | groups is readOnly
            urn:ietf:params:scim:schemas:core:2.0:User                                  | invalidPath | names no attribute
            """)
    void a_patch_path_to_nothing_or_to_a_read_only_attribute_is_refused(String path, String scimType, String message) {
        ScimErrors.assertBadRequest(() -> SchemaCheck.patchPath(ResourceSchema.USER, path), scimType, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `[{"value": "1", "type": "user"}]`   | `[{"value": "1", "type": "User"}]`
            `[{"value": "1", "type": "GROUP"}]`  | `[{"value": "1", "type": "Group"}]`
            `{"value": "1", "display": "Ann"}`   | `[{"value": "1", "display": "Ann"}]`
            """)
    void group_members_take_canonical_types(String members, String stored) throws Exception {
        assertThat(SchemaCheck.value(ResourceSchema.GROUP, "members", any(members))).isEqualTo(any(stored));
    }

    @Test
    void a_group_member_type_that_is_not_canonical_is_refused() throws Exception {
        assertThatThrownBy(() -> SchemaCheck.value(ResourceSchema.GROUP, "members", any("[{\"value\": \"1\", \"type\": \"Robot\"}]")))
                .hasMessageContaining("members.type must be one of").hasMessageContaining("not \"Robot\"");
    }

    @Test
    void every_schema_in_discovery_describes_itself_and_the_discovery_resources() {
        assertThat(SchemaDefinitions.ALL).extracting(s -> s.getId()).containsExactly(CORE, ENTERPRISE,
                "urn:ietf:params:scim:schemas:core:2.0:Group", SchemaDefinitions.SERVICE_PROVIDER_CONFIG,
                SchemaDefinitions.RESOURCE_TYPE, SchemaDefinitions.SCHEMA);
    }

    private static ObjectNode json(String text) {
        return ScimJson.parseObject(text);
    }

    private static JsonNode any(String text) throws Exception {
        return ScimJson.MAPPER.readTree(text);
    }
}
