package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;

import com.xakia.scim.group.GroupAttributes;
import com.xakia.scim.user.UserAttributes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCIM filter → SQL condition and bind parameters, without a database: one row a filter. What PostgreSQL
 * makes of these conditions is FilterTest's (over HTTP); here the translation itself is pinned. The FROM
 * item of a plural attribute is long and always the same, so rows show it as EMAILS(e), ADDRESSES(e),
 * GROUPS(e) and MEMBERS(e); {@link #plural_attributes_are_read_as_jsonb_elements_or_as_rows} pins them once.
 */
@Tag("unit")
class ScimFilterTest {

    private static final String EMAILS = "jsonb_array_elements(case when jsonb_typeof(resource->'emails') = 'array'"
            + " then resource->'emails' else '[]'::jsonb end) e";
    private static final String ADDRESSES = EMAILS.replace("emails", "addresses");
    private static final String GROUPS = "(select jsonb_build_object('value', m.group_id::text, 'display', g.display_name) as e"
            + " from {schema}.group_members m join {schema}.groups g on g.id = m.group_id"
            + " where m.member_id = users.id::text) groups_of_user";
    private static final String MEMBERS = "(select jsonb_build_object('value', m.member_id, 'display', m.display)"
            + " as e from {schema}.group_members m where m.group_id = groups.id) members_of_group";

    static String shortened(String condition) {
        return condition.replace(EMAILS, "EMAILS(e)").replace(ADDRESSES, "ADDRESSES(e)")
                .replace(GROUPS, "GROUPS(e)").replace(MEMBERS, "MEMBERS(e)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName eq "Ada"                      | lower(user_name) = lower(?)                                | [Ada]
            userName ne "Ada"                      | lower(user_name) is distinct from lower(?)                 | [Ada]
            userName co "da"                       | lower(user_name) like lower(?)                             | [%da%]
            userName sw "Ad"                       | lower(user_name) like lower(?)                             | [Ad%]
            userName ew "a"                        | lower(user_name) like lower(?)                             | [%a]
            userName gt "b"                        | lower(user_name) > lower(?)                                | [b]
            userName ge "b"                        | lower(user_name) >= lower(?)                               | [b]
            userName lt "b"                        | lower(user_name) < lower(?)                                | [b]
            userName le "b"                        | lower(user_name) <= lower(?)                               | [b]
            userName eq 15                         | lower(user_name) = lower(?)                                | [15]
            title pr                               | `coalesce(resource->>'title', '') <> ''`                   | []
            title eq null                          | `not (coalesce(resource->>'title', '') <> '')`             | []
            title ne null                          | `coalesce(resource->>'title', '') <> ''`                   | []
            active pr                              | active is not null                                         | []
            active eq true                         | active = ?                                                 | [true]
            active eq "False"                      | active = ?                                                 | [false]
            meta.created pr                        | created_at is not null                                     | []
            meta.lastModified gt "2020-01-01T00:00:00Z"     | last_modified > ?                                 | [2020-01-01T00:00Z]
            meta.created le "2020-01-01T10:00:00+02:00"     | created_at <= ?                                   | [2020-01-01T10:00+02:00]
            id eq "AbC"                            | id::text = ?                                               | [AbC]
            externalId sw "EXT"                    | external_id like ?                                         | [EXT%]
            displayName eq "Ada Lovelace"          | `lower(resource->>'displayName') = lower(?)`               | [Ada Lovelace]
            name.familyName eq "Lovelace"          | `lower(resource->'name'->>'familyName') = lower(?)`        | [Lovelace]
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Legal"         | `lower(resource->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'department') = lower(?)` | [Legal]
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "m1"               | `lower(resource->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->'manager'->>'value') = lower(?)` | [m1]
            urn:ietf:params:scim:schemas:core:2.0:User:userName eq "Ada"                             | lower(user_name) = lower(?) | [Ada]
            userName eq "a" and title eq "b"       | `(lower(user_name) = lower(?) and lower(resource->>'title') = lower(?))`   | [a, b]
            userName eq "a" or title eq "b"        | `(lower(user_name) = lower(?) or lower(resource->>'title') = lower(?))`    | [a, b]
            userName eq "a" or title eq "b" and active eq true   | `(lower(user_name) = lower(?) or (lower(resource->>'title') = lower(?) and active = ?))` | [a, b, true]
            (userName eq "a" or title eq "b") and active eq true | `((lower(user_name) = lower(?) or lower(resource->>'title') = lower(?)) and active = ?)` | [a, b, true]
            not (userName eq "a")                  | `not coalesce(lower(user_name) = lower(?), false)`         | [a]
            not (active eq true or title pr)       | `not coalesce((active = ? or coalesce(resource->>'title', '') <> ''), false)` | [true]
            """)
    void a_user_filter_becomes_a_condition_with_every_value_bound(String filter, String sql, String parameters) {
        ScimFilter.Sql translated = ScimFilter.toSql(filter, UserAttributes.INSTANCE);
        assertThat(translated.condition()).isEqualTo(sql);
        assertThat(translated.parameters()).hasToString(parameters);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            emails eq "a@b.example"                            | `exists (select 1 from EMAILS(e) where lower((e->>'value')) = lower(?))` | [a@b.example]
            emails.value sw "ada@"                             | `exists (select 1 from EMAILS(e) where lower((e->>'value')) like lower(?))` | [ada@%]
            emails.primary eq true                             | `exists (select 1 from EMAILS(e) where (e->>'primary')::boolean = ?)` | [true]
            emails.value eq null                               | `not (exists (select 1 from EMAILS(e) where coalesce((e->>'value'), '') <> ''))` | []
            emails[type eq "work"]                             | `exists (select 1 from EMAILS(e) where lower((e->>'type')) = lower(?))` | [work]
            emails[type eq "work" and value co "@x"]           | `exists (select 1 from EMAILS(e) where (lower((e->>'type')) = lower(?) and lower((e->>'value')) like lower(?)))` | [work, %@x%]
            emails[type eq "work" or type eq "home"]           | `exists (select 1 from EMAILS(e) where (lower((e->>'type')) = lower(?) or lower((e->>'type')) = lower(?)))` | [work, home]
            emails[not (type eq "work")]                       | `exists (select 1 from EMAILS(e) where not coalesce(lower((e->>'type')) = lower(?), false))` | [work]
            emails[primary eq true] and userName sw "a"        | `(exists (select 1 from EMAILS(e) where (e->>'primary')::boolean = ?) and lower(user_name) like lower(?))` | [true, a%]
            emails[type eq "work"].value eq "a@b.example"      | `exists (select 1 from EMAILS(e) where (lower((e->>'type')) = lower(?) and lower((e->>'value')) = lower(?)))` | [work, a@b.example]
            emails[type eq "work"].value pr                    | `exists (select 1 from EMAILS(e) where (lower((e->>'type')) = lower(?) and coalesce((e->>'value'), '') <> ''))` | [work]
            not (emails[type eq "work"].value eq "x")          | `not coalesce(exists (select 1 from EMAILS(e) where (lower((e->>'type')) = lower(?) and lower((e->>'value')) = lower(?))), false)` | [work, x]
            addresses[country eq "DE"].locality sw "Ber"       | `exists (select 1 from ADDRESSES(e) where (lower((e->>'country')) = lower(?) and lower((e->>'locality')) like lower(?)))` | [DE, Ber%]
            groups[value eq "g1"]                              | `exists (select 1 from GROUPS(e) where lower((e->>'value')) = lower(?))` | [g1]
            """)
    void a_plural_attribute_is_an_exists_over_its_elements(String filter, String sql, String parameters) {
        ScimFilter.Sql translated = ScimFilter.toSql(filter, UserAttributes.INSTANCE);
        assertThat(shortened(translated.condition())).isEqualTo(sql);
        assertThat(translated.parameters()).hasToString(parameters);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            displayName eq "Ops"                                        | lower(display_name) = lower(?)     | [Ops]
            urn:ietf:params:scim:schemas:core:2.0:Group:displayName sw "O" | lower(display_name) like lower(?) | [O%]
            externalId eq "E-1"                                         | external_id = ?                    | [E-1]
            meta.lastModified lt "2024-01-01T00:00:00Z"                 | last_modified < ?                  | [2024-01-01T00:00Z]
            members[value eq "u1"]                                      | `exists (select 1 from MEMBERS(e) where lower((e->>'value')) = lower(?))` | [u1]
            members eq "u1"                                             | `exists (select 1 from MEMBERS(e) where lower((e->>'value')) = lower(?))` | [u1]
            members.display co "Ada"                                    | `exists (select 1 from MEMBERS(e) where lower((e->>'display')) like lower(?))` | [%Ada%]
            members[value eq "u1"] and displayName pr                   | `(exists (select 1 from MEMBERS(e) where lower((e->>'value')) = lower(?)) and coalesce(display_name, '') <> '')` | [u1]
            """)
    void a_group_filter_has_the_group_attributes(String filter, String sql, String parameters) {
        ScimFilter.Sql translated = ScimFilter.toSql(filter, GroupAttributes.INSTANCE);
        assertThat(shortened(translated.condition())).isEqualTo(sql);
        assertThat(translated.parameters()).hasToString(parameters);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            userName eq "Ada"                                                         | USERNAME EQ "Ada"
            userName eq "Ada"                                                         | UserName Eq "Ada"
            name.givenName sw "A"                                                     | NAME.GIVENNAME SW "A"
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr | URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT PR
            urn:ietf:params:scim:schemas:core:2.0:User:title pr                      | urn:ietf:params:scim:schemas:core:2.0:user:TITLE pr
            emails[type eq "work"].value eq "x"                                       | Emails[TYPE EQ "work"].VALUE eq "x"
            emails[type eq "work" and primary eq true]                                | EMAILS[Type eq "work" AND Primary eq true]
            not (active eq false)                                                     | NOT (active eq false)
            """)
    void attribute_names_and_operators_are_case_insensitive(String canonical, String spelled) {
        assertThat(ScimFilter.toSql(spelled, UserAttributes.INSTANCE)).isEqualTo(ScimFilter.toSql(canonical, UserAttributes.INSTANCE));
    }

    @Test
    void values_are_compared_case_insensitively_unless_the_attribute_is_case_exact() {
        // RFC 7643: userName, displayName and the sub-attributes of plural attributes are caseExact=false; id and externalId are caseExact.
        assertThat(ScimFilter.toSql("userName eq \"ADA\"", UserAttributes.INSTANCE).condition()).isEqualTo("lower(user_name) = lower(?)");
        assertThat(ScimFilter.toSql("emails[value eq \"ADA@X\"]", UserAttributes.INSTANCE).condition()).contains("lower((e->>'value')) = lower(?)");
        assertThat(ScimFilter.toSql("externalId eq \"EXT\"", UserAttributes.INSTANCE).condition()).isEqualTo("external_id = ?");
        assertThat(ScimFilter.toSql("id eq \"ABC\"", GroupAttributes.INSTANCE).condition()).isEqualTo("id::text = ?");
        assertThat(ScimFilter.toSql("displayName eq \"OPS\"", GroupAttributes.INSTANCE).condition()).isEqualTo("lower(display_name) = lower(?)");
    }

    @Test
    void parameters_have_the_column_types_and_like_patterns_escape_wildcards() {
        assertThat(ScimFilter.toSql("active eq \"TRUE\"", UserAttributes.INSTANCE).parameters()).containsExactly(Boolean.TRUE);
        assertThat(ScimFilter.toSql("meta.created gt \"2020-01-01T00:00:00Z\"", UserAttributes.INSTANCE).parameters())
                .containsExactly(OffsetDateTime.parse("2020-01-01T00:00:00Z"));
        // % and _ in a value are literal characters, not wildcards; the escape character itself is escaped too.
        assertThat(ScimFilter.toSql("userName co \"100%_a\\\\b\"", UserAttributes.INSTANCE).parameters())
                .containsExactly("%100\\%\\_a\\\\b%");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "userName eq \"x' or '1'='1\"",
            "userName eq \"x\\\"; drop table users; --\"",
            "emails[value eq \"') or true --\"]",
    })
    void request_data_only_ever_becomes_a_parameter(String filter) {
        ScimFilter.Sql translated = ScimFilter.toSql(filter, UserAttributes.INSTANCE);
        assertThat(translated.condition()).doesNotContain("drop", "'1'", "or true");
        assertThat(translated.parameters()).hasSize(1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void no_filter_matches_everything(String filter) {
        assertThat(ScimFilter.toSql(filter, UserAttributes.INSTANCE)).isEqualTo(ScimFilter.Sql.ALL);
        assertThat(ScimFilter.Sql.ALL.condition()).isEqualTo("true");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            nickname2 eq "x"                                       | Unknown attribute in filter: nickname2
            password eq "x"                                        | Unknown attribute in filter: password
            name eq "x"                                            | Unknown attribute in filter: name
            addresses eq "x"                                       | Unknown attribute in filter: addresses
            emails.type.value eq "x"                               | Unknown attribute in filter: emails.type.value
            emails[foo eq "x"]                                     | Unknown attribute in filter: foo
            emails[type eq "w"].bogus eq "x"                       | Unknown attribute in filter: bogus
            emails[type eq "w" and emails.value pr]                | Unknown attribute in value filter: emails.value
            urn:example:ext:1.0:User:department eq "x"             | Unknown attribute in filter: urn:example:ext:1.0:User:department
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:emails[type eq "w"] | Unknown attribute in filter
            members[value eq "u1"]                                 | Unknown attribute in filter: members
            active gt true                                         | active is a boolean: gt, ge, lt and le do not apply.
            emails[primary le false]                               | primary is a boolean: gt, ge, lt and le do not apply.
            active eq "yes"                                        | active is a boolean: compare it with true or false.
            active co "t"                                          | active is not a string: co, sw and ew do not apply.
            meta.created sw "2020"                                 | meta.created is not a string: co, sw and ew do not apply.
            meta.created gt "yesterday"                            | meta.created is a dateTime: compare it with an RFC 3339 date-time.
            meta.created gt "2020-01-01T00:00:00"                  | meta.created is a dateTime
            meta.created gt "10000-01-01T00:00:00Z"                | meta.created is a dateTime
            userName eq "a" and                                    | The filter is not valid SCIM filter syntax
            (userName eq "a"                                       | The filter is not valid SCIM filter syntax
            userName eq                                            | The filter is not valid SCIM filter syntax
            userName eq {}                                         | a comparison value must be a string, number, true, false or null.
            userName                                               | The filter is not valid SCIM filter syntax
            emails[type eq "w"][x]                                 | The filter is not valid SCIM filter syntax
            """)
    void what_cannot_be_translated_is_400_invalid_filter(String filter, String message) {
        assertThatThrownBy(() -> ScimFilter.toSql(filter, UserAttributes.INSTANCE))
                .isInstanceOfSatisfying(ScimError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                })
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"userName eq \"x\"", "emails[value eq \"x\"]", "name.givenName pr", "active eq true"})
    void a_user_attribute_is_unknown_to_groups(String filter) {
        assertThatThrownBy(() -> ScimFilter.toSql(filter, GroupAttributes.INSTANCE))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"))
                .hasMessageStartingWith("Unknown attribute in filter");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            emails[type eq "work"].value eq "x"                   | emails[(type eq "work") and value eq "x"]
            emails[type eq "work"].value PR                       | emails[(type eq "work") and value pr]
            emails[type eq "work"].primary eq true) or x pr       | emails[(type eq "work") and primary eq true]) or x pr
            emails[type eq "a]b"].value eq "c\\"]d"               | emails[(type eq "a]b") and value eq "c\\"]d"]
            emails[type eq "work"] and userName eq "y"            | emails[type eq "work"] and userName eq "y"
            userName eq "a[b].value eq c"                         | userName eq "a[b].value eq c"
            a[x pr].b eq "1" or c[y pr].d pr                      | a[(x pr) and b eq "1"] or c[(y pr) and d pr]
            """)
    void entra_sub_attribute_after_a_value_filter_is_moved_inside_it(String entra, String rfc) {
        assertThat(ScimFilter.inlineSubAttributeComparisons(entra)).isEqualTo(rfc);
    }

    @Test
    void plural_attributes_are_read_as_jsonb_elements_or_as_rows() {
        assertThat(ScimFilter.toSql("emails pr", UserAttributes.INSTANCE).condition()).startsWith("exists (select 1 from " + EMAILS + " where ");
        assertThat(ScimFilter.toSql("addresses.country pr", UserAttributes.INSTANCE).condition()).startsWith("exists (select 1 from " + ADDRESSES + " where ");
        assertThat(ScimFilter.toSql("groups pr", UserAttributes.INSTANCE).condition()).startsWith("exists (select 1 from " + GROUPS + " where ");
        assertThat(ScimFilter.toSql("members pr", GroupAttributes.INSTANCE).condition()).startsWith("exists (select 1 from " + MEMBERS + " where ");
    }
}
