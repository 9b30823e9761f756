package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** attributes and excludedAttributes (RFC 7644 3.4.2.5) applied to one resource: one row a request. */
@Tag("unit")
class ProjectionTest {

    static final QueryLimits LIMITS = QueryLimitsTest.DEFAULTS;
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** A stored user as a read returns it; %s is the enterprise extension's URN. */
    static final ObjectNode ADA = json("""
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%1$s"],
             "id": "u1", "externalId": "e1", "userName": "ada", "active": true,
             "name": {"givenName": "Ada", "familyName": "Lovelace"},
             "emails": [{"value": "ada@work", "type": "work", "primary": true}, {"value": "ada@home", "type": "home"}],
             "%1$s": {"department": "Legal", "manager": {"value": "m1", "displayName": "Boss"}},
             "meta": {"resourceType": "User", "version": "W/\\"1\\""}}""".formatted(ENTERPRISE));

    /** The members of ADA that every answer has: schemas and id. */
    static final String ALWAYS = "\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\", \"" + ENTERPRISE + "\"], \"id\": \"u1\"";

    static ObjectNode json(String text) {
        return ScimJson.parseObject(text);
    }

    static ObjectNode projected(String attributes, String excluded) {
        return Projection.of(attributes, excluded, LIMITS).apply(ADA.deepCopy());
    }

    @ParameterizedTest(name = "attributes={0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName                                 | `"userName": "ada"`
            USERNAME                                 | `"userName": "ada"`
            userName,active                          | `"userName": "ada", "active": true`
            name                                     | `"name": {"givenName": "Ada", "familyName": "Lovelace"}`
            name.givenName                           | `"name": {"givenName": "Ada"}`
            Name.GivenName,userName                  | `"name": {"givenName": "Ada"}, "userName": "ada"`
            emails.value                             | `"emails": [{"value": "ada@work"}, {"value": "ada@home"}]`
            emails.value,emails.type                 | `"emails": [{"value": "ada@work", "type": "work"}, {"value": "ada@home", "type": "home"}]`
            emails[type eq "work"]                   | `"emails": [{"value": "ada@work", "type": "work", "primary": true}]`
            emails[type eq "work"].value             | `"emails": [{"value": "ada@work"}]`
            emails[primary eq true],userName         | `"emails": [{"value": "ada@work", "type": "work", "primary": true}], "userName": "ada"`
            meta.version                             | `"meta": {"version": "W/\\"1\\""}`
            urn:ietf:params:scim:schemas:core:2.0:User:userName                  | `"userName": "ada"`
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department | `"%s": {"department": "Legal"}`
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName | `"%s": {"manager": {"displayName": "Boss"}}`
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User            | `"%1$s": {"department": "Legal", "manager": {"value": "m1", "displayName": "Boss"}}`
            URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER            | `"%1$s": {"department": "Legal", "manager": {"value": "m1", "displayName": "Boss"}}`
            id                                       | ``
            schemas                                  | ``
            nickName                                 | ``
            groups                                   | ``
            """)
    void attributes_return_only_what_they_name_and_always_id_and_schemas(String attributes, String expected) {
        assertThat(projected(attributes, null)).isEqualTo(json("{" + ALWAYS + (expected.isEmpty() ? "" : ", " + expected.formatted(ENTERPRISE)) + "}"));
    }

    @ParameterizedTest(name = "excludedAttributes={0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            emails                                   | /emails
            EMAILS,externalId                        | /emails /externalId
            name.familyName                          | /name/familyName
            emails[type eq "home"]                   | /emails/1
            emails.primary                           | /emails/0/primary
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager | /%1$s/manager
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName | /%1$s/manager/displayName
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User            | /%1$s
            id,schemas                               | ``
            nickName                                 | ``
            """)
    void excluded_attributes_remove_what_they_name_and_keep_the_rest(String excluded, String removedPointers) {
        ObjectNode expected = ADA.deepCopy();
        for (String pointer : removedPointers.formatted(ENTERPRISE).split(" ")) {
            if (!pointer.isEmpty()) {
                JsonPointer at = JsonPointer.compile(pointer);
                JsonNode parent = expected.at(at.head());
                if (parent instanceof ArrayNode array) {
                    array.remove(at.last().getMatchingIndex());
                } else {
                    ((ObjectNode) parent).remove(at.last().getMatchingProperty());
                }
            }
        }
        assertThat(projected(null, excluded)).isEqualTo(expected);
    }

    @Test
    void excluded_sub_attributes_apply_after_the_attributes_asked_for() {
        assertThat(projected("emails,name", "emails.type,name.givenName")).isEqualTo(json("{" + ALWAYS + """
                , "emails": [{"value": "ada@work", "primary": true}, {"value": "ada@home"}],
                  "name": {"familyName": "Lovelace"}}"""));
    }

    @Test
    void no_parameters_is_the_resource_itself_and_applying_never_changes_the_input() {
        assertThat(Projection.of(null, null, LIMITS)).isSameAs(Projection.ALL);
        assertThat(Projection.of(" , ", "", LIMITS).isAll()).isTrue();
        ObjectNode resource = ADA.deepCopy();
        assertThat(Projection.ALL.apply(resource)).isSameAs(resource);
        Projection.of(null, "emails,name.givenName", LIMITS).apply(resource);
        Projection.of("emails.value", null, LIMITS).apply(resource);
        assertThat(resource).isEqualTo(ADA);
    }

    @Test
    void a_comma_inside_a_value_filter_does_not_split_the_path() {
        ObjectNode resource = json("{\"id\": \"u1\", \"schemas\": [], \"emails\": [{\"value\": \"x\", \"type\": \"a,b\"}, {\"value\": \"y\"}]}");
        assertThat(Projection.of("emails[type eq \"a,b\"]", null, LIMITS).apply(resource))
                .isEqualTo(json("{\"id\": \"u1\", \"schemas\": [], \"emails\": [{\"value\": \"x\", \"type\": \"a,b\"}]}"));
    }

    @ParameterizedTest(name = "attributes={0} excludedAttributes={1} → members {2}")
    @CsvSource(delimiter = '|', textBlock = """
                                      |                              | true
            displayName               |                              | false
            members                   |                              | true
            Members.value             |                              | true
            members[value eq "u1"]    |                              | true
                                      | members                      | false
                                      | MEMBERS                      | false
                                      | members.display              | true
                                      | members[value eq "u1"]       | true
                                      | displayName                  | true
            """)
    void returns_tells_a_store_whether_to_load_an_attribute(String attributes, String excluded, boolean returned) {
        assertThat(Projection.of(attributes, excluded, LIMITS).returns("members")).isEqualTo(returned);
    }

    @Test
    void a_path_that_does_not_parse_is_400_invalid_value() {
        assertThatThrownBy(() -> Projection.of("emails[type eq", null, LIMITS))
                .isInstanceOfSatisfying(ScimError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidValue");
                })
                .hasMessageStartingWith("Not a valid attribute path: emails[type eq");
    }
}
