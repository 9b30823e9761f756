package com.xakia.scim.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * User PATCH in the forms Okta's and Microsoft's documentation show. Each row: the Operations array,
 * then a JSON pointer into the patched user and the value expected there ("<absent>" for none).
 */
class UserPatchTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    TestLocation loc;
    String path;

    @BeforeEach
    void user() {
        loc = new Admin(APP).location("Patch");
        Response created = http.post(loc.users(), loc.key(), """
                {"userName": "pat@example.com", "externalId": "e1", "title": "Associate", "active": true,
                 "name": {"givenName": "Pat", "familyName": "Smith"},
                 "emails": [{"value": "pat@work.example", "type": "work", "primary": true},
                            {"value": "pat@home.example", "type": "home", "primary": false}],
                 "phoneNumbers": [{"value": "111", "type": "work", "primary": true}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Legal"}}""");
        assertThat(created.status()).isEqualTo(201);
        path = loc.users() + "/" + created.json().get("id").asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            [{"op": "replace", "value": {"active": false}}]                                              | /active | false
            [{"op": "Replace", "path": "active", "value": "False"}]                                      | /active | false
            [{"op": "replace", "path": "active", "value": "True"}]                                       | /active | true
            [{"op": "Add", "path": "title", "value": "Partner"}]                                         | /title | Partner
            [{"op": "replace", "path": "", "value": {"title": "No path"}}]                               | /title | No path
            [{"op": "remove", "path": "title"}]                                                          | /title | <absent>
            [{"op": "replace", "path": "name.givenName", "value": "Patricia"}]                           | /name/givenName | Patricia
            [{"op": "replace", "value": {"name": {"givenName": "P", "familyName": "S"}, "displayName": "P S"}}] | /displayName | P S
            [{"op": "replace", "path": "emails[type eq \\"work\\"].value", "value": "new@work.example"}]  | /emails/0/value | new@work.example
            [{"op": "remove", "path": "emails[type eq \\"home\\"]"}]                                     | /emails/1 | <absent>
            [{"op": "add", "path": "emails", "value": [{"value": "third@x.example", "type": "other"}]}]  | /emails/2/value | third@x.example
            [{"op": "add", "path": "emails", "value": [{"value": "p2@x.example", "type": "other", "primary": true}]}] | /emails/0/primary | false
            [{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Finance"}] | /urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department | Finance
            [{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": {"value": "m-1"}}] | /urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value | m-1
            [{"op": "replace", "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "42"}}] | /urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber | 42
            [{"op": "replace", "path": "userName", "value": "renamed@example.com"}]                      | /userName | renamed@example.com
            [{"op": "Add", "path": "emails[type eq \\"work\\"].value", "value": "entra@work.example"}]  | /emails/0/value | entra@work.example
            [{"op": "Add", "path": "phoneNumbers[type eq \\"mobile\\"].value", "value": "222"}]       | /phoneNumbers/1/value | 222
            [{"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "m-2"}] | /urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value | m-2
            [{"Op": "Replace", "Path": "title", "Value": "Spelled any way"}]                            | /title | Spelled any way
            [{"op": "add", "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": null, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division": "Tax"}}] | /urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/division | Tax
            [{"op": "replace", "path": "externalId", "value": "e2"}, {"op": "replace", "path": "title", "value": "Two"}] | /title | Two
            """)
    void patch_forms(String operations, String pointer, String expected) {
        Response patched = http.patch(path, loc.key(),
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": " + operations + "}");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode value = patched.json().at(pointer);
        if (expected.equals("<absent>")) {
            assertThat(value.isMissingNode()).as(patched.toString()).isTrue();
        } else {
            assertThat(value.asText()).as(patched.toString()).isEqualTo(expected);
        }
        assertThat(http.get(path, loc.key()).json().at(pointer).asText()).isEqualTo(value.asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            [{"op": "jump", "path": "title", "value": "x"}]                  | invalidSyntax
            [{"op": "replace", "path": "title[", "value": "x"}]              | invalidPath
            [{"op": "remove"}]                                               | noTarget
            [{"op": "replace", "path": "userName", "value": ""}]             | invalidValue
            [{"op": "replace", "path": "active", "value": "perhaps"}]        | invalidValue
            [{"op": "replace", "path": "", "value": "x"}]                    | invalidValue
            [{"op": "add", "path": " ", "value": 42}]                        | invalidValue
            [{"op": "replace", "value": ["a"]}]                              | invalidValue
            """)
    void bad_patches_change_nothing(String operations, String scimType) {
        String before = http.get(path, loc.key()).body();

        Response patched = http.patch(path, loc.key(), "{\"Operations\": " + operations + "}");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(400);
        assertThat(patched.json().get("scimType").asText()).isEqualTo(scimType);
        assertThat(http.get(path, loc.key()).body()).isEqualTo(before);
    }

    /** Removing {@code active} leaves the state as it is, as a PUT without it does: it never reactivates. */
    @ParameterizedTest(name = "active {0}")
    @CsvSource({"false", "true"})
    void removing_active_keeps_the_state(boolean active) {
        assertThat(http.patch(path, loc.key(), "{\"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": "
                + active + "}]}").status()).isEqualTo(200);

        Response patched = http.patch(path, loc.key(), "{\"Operations\": [{\"op\": \"remove\", \"path\": \"active\"}]}");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("active").asBoolean()).isEqualTo(active);
        assertThat(http.get(path, loc.key()).json().get("active").asBoolean()).isEqualTo(active);
        assertThat(new Admin(APP).user(loc.id(), patched.json().get("id").asText()).get("status").asText())
                .isEqualTo(active ? "provisioned" : "inactive");
    }

    /** RFC 7644 3.5.2: an operation that changes nothing leaves version, lastModified and the audit trail alone. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            [{"op": "add", "path": "emails", "value": [{"value": "pat@home.example", "type": "home"}]}]
            [{"op": "add", "path": "emails", "value": [{"value": "pat@home.example", "type": "home", "display": null, "primary": "False"}]}]
            [{"op": "replace", "path": "title", "value": "Associate"}]
            [{"op": "replace", "value": {"active": true, "externalId": "e1"}}]
            [{"op": "remove", "path": "nickName"}]
            """)
    void a_patch_that_changes_nothing_is_not_a_change(String operations) {
        JsonNode before = http.get(path, loc.key()).json();
        int audited = audit().size();

        Response patched = http.patch(path, loc.key(), "{\"Operations\": " + operations + "}");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json()).isEqualTo(before);
        assertThat(patched.header("ETag")).isEqualTo(before.at("/meta/version").asText());
        assertThat(http.get(path, loc.key()).json()).isEqualTo(before);
        assertThat(audit()).hasSize(audited);
    }

    private JsonNode audit() {
        return http.get("/admin/api/locations/" + loc.id() + "/audit", APP.adminToken).json().get("entries");
    }
}
