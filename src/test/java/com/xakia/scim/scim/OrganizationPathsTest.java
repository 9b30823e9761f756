package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two pieces of protocol an organization adds: a routing attribute path (one string of a User, read from
 * any resource) and the list filters its index answers (userName eq, externalId eq), one row a case.
 */
@Tag("unit")
class OrganizationPathsTest {

    static final ObjectNode USER = ScimJson.parseObject("""
            {"userName": "ada@example.com", "title": " Counsel ",
             "addresses": [{"type": "home", "locality": "Paris"}, {"type": "work", "locality": "Sydney"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"division": "EMEA"},
             "urn:ietf:params:scim:schemas:extension:xakia:2.0:User": {"location": "London"}}""");

    @ParameterizedTest(name = "{0} → {1} reads \"{2}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            urn:ietf:params:scim:schemas:extension:xakia:2.0:User:location     | urn:ietf:params:scim:schemas:extension:xakia:2.0:User:location      | London
            URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:XAKIA:2.0:USER:LOCATION     | urn:ietf:params:scim:schemas:extension:xakia:2.0:User:location      | London
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division | EMEA
            addresses[type eq "work"].locality                                 | addresses[type eq "work"].locality                                 | Sydney
            TITLE                                                              | title                                                              | Counsel
            urn:ietf:params:scim:schemas:core:2.0:User:title                   | title                                                              | Counsel
            nickName                                                           | nickName                                                           | ``
            """)
    void a_routing_path_is_canonical_and_reads_one_string(String text, String canonical, String value) {
        SingleValuedPath path = SingleValuedPath.of(ResourceSchema.ORGANIZATION_USER, text);

        assertThat(path.text()).isEqualTo(canonical);
        assertThat(path.valueIn(USER).orElse("")).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            nosuch                                                             | not an attribute
            emails.value                                                       | multi-valued
            addresses.locality                                                 | multi-valued
            active                                                             | not a single-valued string
            name                                                               | not a single-valued string
            urn:ietf:params:scim:schemas:extension:other:2.0:User:x            | schema
            """)
    void anything_else_is_refused_as_an_invalid_path(String text, String reason) {
        assertThatThrownBy(() -> SingleValuedPath.of(ResourceSchema.ORGANIZATION_USER, text))
                .isInstanceOfSatisfying(ScimError.class, e -> {
                    assertThat(e.scimType()).isEqualTo("invalidPath");
                    assertThat(e.detail()).contains(reason);
                });
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName eq "ada@example.com"                                      | USER_NAME   | ada@example.com
            USERNAME EQ "Ada@Example.com"                                      | USER_NAME   | Ada@Example.com
            urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"         | USER_NAME   | x
            externalId eq "00u1"                                               | EXTERNAL_ID | 00u1
            userName ne "x"                                                    | ``          | ``
            userName eq "x" and active eq true                                 | ``          | ``
            title eq "x"                                                       | ``          | ``
            userName eq 7                                                      | ``          | ``
            emails[value eq "x"]                                               | ``          | ``
            not a filter                                                       | ``          | ``
            ``                                                                 | ``          | ``
            """)
    void only_user_name_and_external_id_equality_are_indexed_lookups(String filter, String attribute, String value) {
        var lookup = IndexedLookup.of(filter);

        assertThat(lookup.map(l -> l.attribute().name()).orElse("")).isEqualTo(attribute);
        assertThat(lookup.map(IndexedLookup::value).orElse("")).isEqualTo(value);
    }
}
