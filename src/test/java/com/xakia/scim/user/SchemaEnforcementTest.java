package com.xakia.scim.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The findings of an outside compliance run, over HTTP: each request that used to be stored is now either
 * applied as the short form would be, or refused with 400 naming the attribute, leaving the user as it was.
 */
class SchemaEnforcementTest {

    static final RunningApp APP = RunningApp.shared();
    static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    final Http http = APP.http;
    TestLocation loc;
    String path;
    String groups;

    @BeforeEach
    void user() {
        loc = new Admin(APP).location("Schema");
        Response created = http.post(loc.users(), loc.key(), """
                {"userName": "sam@example.com", "displayName": "Sam", "title": "Associate",
                 "emails": [{"value": "sam@work.example", "type": "work", "primary": true}]}""");
        assertThat(created.status()).isEqualTo(201);
        path = loc.users() + "/" + created.json().get("id").asText();
        groups = loc.scimBase() + "/Groups";
    }

    @Test
    void a_fully_qualified_core_path_changes_the_attribute_and_stores_no_junk() {
        Response patched = patch("""
                [{"op": "replace", "path": "%s:displayName", "value": "Samantha"}]""".formatted(CORE));

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode user = http.get(path, loc.key()).json();
        assertThat(user.get("displayName").asText()).isEqualTo("Samantha");
        assertThat(user.has(CORE)).isFalse();
        assertThat(user.get("schemas")).extracting(JsonNode::asText).containsExactly(CORE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            POST  | `{"userName": "new@example.com", "userType": true}`                   | userType must be a string
            POST  | `{"userName": "new@example.com", "title": {"a": 1}}`                  | title must be a string
            PUT   | `{"userName": "sam@example.com", "nickName": 42}`                     | nickName must be a string
            PUT   | `{"userName": "sam@example.com", "displayName": 17}`                  | displayName must be a string
            PUT   | `{"userName": "sam@example.com", "adreses": [{"country": "DE"}]}`     | adreses is not an attribute
            PATCH | `[{"op": "add", "path": "nickName", "value": 42}]`                    | nickName must be a string
            PATCH | `[{"op": "replace", "value": {"userType": true}}]`                    | userType must be a string
            PATCH | `[{"op": "add", "path": "IllegalPatchSchema", "value": "x"}]`         | IllegalPatchSchema is not an attribute
            PATCH | `[{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:Group:employeeNumber", "value": "1"}]` | does not have
            PATCH | `[{"op": "add", "value": {"urn:example:bogus:User:x": "1"}}]`         | is not an attribute of User
            PATCH | `[{"op": "replace", "path": "id", "value": "00000000-0000-4000-8000-000000000000"}]` | id is readOnly
            PATCH | `[{"op": "replace", "path": "meta.created", "value": "2020-01-01T00:00:00Z"}]` | meta is readOnly
            PATCH | `[{"op": "add", "path": "groups", "value": [{"value": "g"}]}]`        | groups is readOnly
            PATCH | `[{"op": "replace", "value": {"groups": [{"value": "g"}]}}]`          | groups is readOnly
            PATCH | `[{"op": "replace", "path": "", "value": "x"}]`                       | needs an object of attributes
            PATCH | `[{"op": "replace", "path": "emails[type eq \\"work\\"].value[value eq \\"x\\"]", "value": "y"}]` | A value filter belongs on the attribute
            PATCH | `[{"op": "replace", "value": {"name.givenName": "x"}}]`              | names attributes, not paths
            PATCH | `[{"op": "add", "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "s", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division": "Tax"}}]` | must be an object
            PATCH | `[{"op": "replace", "path": {}, "value": "x"}]`                       | must be a string
            """)
    void a_request_that_does_not_fit_the_schema_is_400_and_changes_nothing(String method, String body, String message) {
        JsonNode before = http.get(path, loc.key()).json();
        int users = http.get(loc.users(), loc.key()).json().get("totalResults").asInt();

        Response refused = switch (method) {
            case "POST" -> http.post(loc.users(), loc.key(), body);
            case "PUT" -> http.put(path, loc.key(), body);
            default -> patch(body);
        };

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("scimType").asText()).isIn("invalidValue", "invalidPath", "mutability");
        assertThat(refused.json().get("detail").asText()).contains(message);
        assertThat(http.get(path, loc.key()).json()).isEqualTo(before);
        assertThat(http.get(loc.users(), loc.key()).json().get("totalResults").asInt()).isEqualTo(users);
    }

    @Test
    void a_repeated_value_is_stored_once() {
        Response created = http.post(loc.users(), loc.key(), """
                {"userName": "twice@example.com", "emails": [{"value": "t@x.example", "type": "work"},
                 {"value": "t@x.example", "type": "work", "display": null}]}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("emails")).hasSize(1);
    }

    @Test
    void entras_add_onto_a_filter_that_matches_several_values_overwrites_none() {
        Response two = http.put(path, loc.key(), """
                {"userName": "sam@example.com", "emails": [{"value": "a@work.example", "type": "work"},
                 {"value": "c@work.example", "type": "work"}]}""");
        assertThat(two.status()).as(two.toString()).isEqualTo(200);

        Response refused = patch("[{\"op\": \"Add\", \"path\": \"emails[type eq \\\"work\\\"].value\", \"value\": \"b@work.example\"}]");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(http.get(path, loc.key()).json().get("emails")).extracting(e -> e.get("value").asText())
                .containsExactly("a@work.example", "c@work.example");
    }

    @Test
    void read_only_targets_are_mutability_errors() {
        Response refused = patch("[{\"op\": \"replace\", \"path\": \"meta.created\", \"value\": \"2020-01-01T00:00:00Z\"}]");
        assertThat(refused.json().get("scimType").asText()).isEqualTo("mutability");
    }

    @Test
    void a_patch_message_must_say_it_is_one() {
        Response refused = http.patch(path, loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                 "Operations": [{"op": "replace", "path": "title", "value": "Partner"}]}""");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("scimType").asText()).isEqualTo("invalidSyntax");
        assertThat(http.get(path, loc.key()).json().get("title").asText()).isEqualTo("Associate");
    }

    @Test
    void groups_refuse_unknown_attributes_and_paths_and_take_fully_qualified_ones() {
        Response created = http.post(groups, loc.key(), "{\"displayName\": \"Strict\"}");
        assertThat(created.status()).isEqualTo(201);
        String group = groups + "/" + created.json().get("id").asText();
        String version = created.json().at("/meta/version").asText();

        assertThat(http.post(groups, loc.key(), "{\"displayName\": \"Junk\", \"color\": \"red\"}").status()).isEqualTo(400);
        Response unknownPath = http.patch(group, loc.key(), "{\"Operations\": [{\"op\": \"add\", \"path\": \"color\", \"value\": \"red\"}]}");
        assertThat(unknownPath.status()).as(unknownPath.toString()).isEqualTo(400);
        assertThat(unknownPath.json().get("scimType").asText()).isEqualTo("invalidPath");
        Response unknownValue = http.patch(group, loc.key(), "{\"Operations\": [{\"op\": \"add\", \"value\": {\"color\": \"red\"}}]}");
        assertThat(unknownValue.status()).as(unknownValue.toString()).isEqualTo(400);
        Response readOnly = http.patch(group, loc.key(), "{\"Operations\": [{\"op\": \"replace\", \"path\": \"meta.created\", \"value\": \"2020-01-01T00:00:00Z\"}]}");
        assertThat(readOnly.json().get("scimType").asText()).isEqualTo("mutability");
        assertThat(http.get(group, loc.key()).json().at("/meta/version").asText()).isEqualTo(version);

        Response renamed = http.patch(group, loc.key(), """
                {"Operations": [{"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:Group:DISPLAYNAME", "value": "Strict 2"}]}""");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(204);
        assertThat(http.get(group, loc.key()).json().get("displayName").asText()).isEqualTo("Strict 2");
    }

    @Test
    void a_group_patch_that_changes_nothing_keeps_its_version() {
        String member = path.substring(path.lastIndexOf('/') + 1);
        Response created = http.post(groups, loc.key(), """
                {"displayName": "Same", "members": [{"value": "%s"}]}""".formatted(member));
        String group = groups + "/" + created.json().get("id").asText();
        JsonNode before = http.get(group, loc.key()).json();

        Response again = http.patch(group, loc.key(), """
                {"Operations": [{"op": "add", "path": "members", "value": [{"value": "%s"}]},
                                {"op": "replace", "path": "displayName", "value": "Other"},
                                {"op": "replace", "path": "displayName", "value": "Same"}]}""".formatted(member));

        assertThat(again.status()).as(again.toString()).isEqualTo(204);
        assertThat(http.get(group, loc.key()).json()).isEqualTo(before);
    }

    private Response patch(String operations) {
        return http.patch(path, loc.key(), "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": "
                + operations + "}");
    }
}
