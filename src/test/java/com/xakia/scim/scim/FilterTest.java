package com.xakia.scim.scim;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.user.UserAttributes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filters evaluated by PostgreSQL: each row is a filter and the userNames it must match, run over HTTP
 * against one location holding a fixed set of users (and none of any other location's).
 */
class FilterTest {

    static final RunningApp APP = RunningApp.shared();
    static final Http HTTP = APP.http;
    static TestLocation loc;
    static String adaId;

    @BeforeAll
    static void users() {
        Admin admin = new Admin(APP);
        loc = admin.location("Filters");
        adaId = create("""
                {"userName": "ada@example.com", "externalId": "ext-ada", "active": true, "title": "Partner",
                 "name": {"givenName": "Ada", "familyName": "Lovelace"}, "displayName": "Ada Lovelace",
                 "emails": [{"value": "ada@example.com", "type": "work", "primary": true},
                            {"value": "ada@home.example.org", "type": "home"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Legal",
                     "manager": {"value": "boss-1", "displayName": "The Boss"}}}""");
        create("""
                {"userName": "Bob@Example.com", "externalId": "EXT-BOB", "active": false, "title": "Counsel",
                 "name": {"givenName": "Bob", "familyName": "Builder"},
                 "emails": [{"value": "bob@example.org", "type": "work"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Finance"}}""");
        create("""
                {"userName": "carol_100%@example.com", "active": true,
                 "name": {"givenName": "Carol", "familyName": "O'Brien"},
                 "phoneNumbers": [{"value": "+61 400 000 000", "type": "mobile"}]}""");
        create("""
                {"userName": "dan@example.net", "externalId": "ext-dan", "active": true, "title": "Paralegal",
                 "name": {"givenName": "Dan", "familyName": "Lovelace"},
                 "emails": [{"value": "dan@work.example.net", "type": "work", "primary": "True"}]}""");
        Admin other = new Admin(APP);
        TestLocation elsewhere = other.location("Other");
        HTTP.post(elsewhere.users(), elsewhere.key(), "{\"userName\": \"ada@elsewhere.com\", \"title\": \"Partner\"}");
    }

    static String create(String json) {
        Response created = HTTP.post(loc.users(), loc.key(), json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    static List<String> matches(String filter) {
        Response found = HTTP.get(loc.users() + "?count=100&filter=" + enc(filter), loc.key());
        assertThat(found.status()).as(filter + " → " + found).isEqualTo(200);
        List<String> names = new ArrayList<>();
        found.json().get("Resources").forEach(u -> names.add(u.get("userName").asText()));
        assertThat(found.json().get("totalResults").asInt()).isEqualTo(names.size());
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            userName eq "ADA@example.com"                                  | ada@example.com
            userName ne "ada@example.com"                                  | Bob@Example.com,carol_100%@example.com,dan@example.net
            userName co "EXAMPLE.C"                                        | ada@example.com,Bob@Example.com,carol_100%@example.com
            userName sw "b"                                                | Bob@Example.com
            userName ew ".NET"                                             | dan@example.net
            userName co "_100%"                                            | carol_100%@example.com
            userName co "%"                                                | carol_100%@example.com
            userName gt "c"                                                | carol_100%@example.com,dan@example.net
            userName le "bob@example.com"                                  | ada@example.com,Bob@Example.com
            externalId eq "ext-ada"                                        | ada@example.com
            externalId eq "ext-bob"                                        |
            externalId eq "EXT-BOB"                                        | Bob@Example.com
            externalId pr                                                  | ada@example.com,Bob@Example.com,dan@example.net
            not (externalId pr)                                            | carol_100%@example.com
            active eq true                                                 | ada@example.com,carol_100%@example.com,dan@example.net
            active eq false                                                | Bob@Example.com
            active ne true                                                 | Bob@Example.com
            title eq "partner"                                             | ada@example.com
            name.familyName eq "lovelace"                                  | ada@example.com,dan@example.net
            name.givenName sw "C" or name.givenName sw "D"                 | carol_100%@example.com,dan@example.net
            name.familyName eq "O'Brien"                                   | carol_100%@example.com
            emails.value eq "BOB@example.org"                              | Bob@Example.com
            emails eq "ada@home.example.org"                               | ada@example.com
            emails co "example.org"                                        | ada@example.com,Bob@Example.com
            emails[type eq "work"]                                         | ada@example.com,Bob@Example.com,dan@example.net
            emails[type eq "work" and value co "@example."]                | ada@example.com,Bob@Example.com
            emails[type eq "home" and value co "example.org"]              | ada@example.com
            emails[type eq "work"].value eq "dan@work.example.net"         | dan@example.net
            emails[primary eq true]                                        | ada@example.com,dan@example.net
            emails pr                                                      | ada@example.com,Bob@Example.com,dan@example.net
            phoneNumbers[type eq "mobile"]                                 | carol_100%@example.com
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Legal"     | ada@example.com
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "boss-1" | ada@example.com
            urn:ietf:params:scim:schemas:core:2.0:User:userName eq "dan@example.net"            | dan@example.net
            USERNAME Eq "dan@example.net"                                  | dan@example.net
            meta.created gt "2000-01-01T00:00:00Z"                         | ada@example.com,Bob@Example.com,carol_100%@example.com,dan@example.net
            meta.lastModified lt "2000-01-01T00:00:00Z"                    |
            title eq "Partner" or title eq "Counsel" and active eq true    | ada@example.com
            (title eq "Partner" or title eq "Counsel") and active eq false | Bob@Example.com
            not (title eq "Partner" or title eq "Counsel")                 | carol_100%@example.com,dan@example.net
            title eq "Paralegal" or userName sw "ada" and active eq false  | dan@example.net
            userName eq "x' or '1'='1"                                     |
            userName eq "x\\" or userName pr or \\"x"                      |
            displayName eq null                                            | Bob@Example.com,carol_100%@example.com,dan@example.net
            """)
    void filter_matches_exactly(String filter, String expected) {
        List<String> want = expected == null ? List.of() : Arrays.asList(expected.split(","));
        assertThat(matches(filter)).containsExactlyInAnyOrderElementsOf(want);
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName eq", "userName eq \"x\" and", "(userName eq \"x\"", "userName xx \"x\"",
            "noSuchAttribute eq \"x\"", "name.noSuch eq \"x\"", "emails[nosuch eq \"x\"]", "emails.nosuch eq \"x\"",
            "active gt true", "active eq \"maybe\"", "meta.created gt \"yesterday\"", "active co \"t\"",
            "emails[type eq \"work\" and emails[type eq \"x\"]]", "userName eq Employee", "userName eq \"a\"; drop table users"})
    void bad_filters_are_400_invalidFilter(String filter) {
        Response response = HTTP.get(loc.users() + "?filter=" + enc(filter), loc.key());
        assertThat(response.status()).as(filter + " → " + response).isEqualTo(400);
        assertThat(response.json().get("scimType").asText()).isEqualTo("invalidFilter");
    }

    @Test
    void values_never_reach_sql_text() {
        ScimFilter.Sql sql = ScimFilter.toSql("userName eq \"x' or '1'='1\" or title co \"%_\\\\\"", UserAttributes.INSTANCE);
        assertThat(sql.condition()).doesNotContain("x'").doesNotContain("1'='1");
        assertThat(sql.parameters()).containsExactly("x' or '1'='1", "%\\%\\_\\\\%");
    }

    @Test
    void entra_matches_on_externalId_and_work_email() {
        assertThat(matches("externalId eq \"ext-ada\"")).containsExactly("ada@example.com");
        assertThat(matches("emails[type eq \"work\"].value eq \"ada@example.com\"")).containsExactly("ada@example.com");
        JsonNode ada = HTTP.get(loc.users() + "/" + adaId, loc.key()).json();
        assertThat(ada.get("externalId").asText()).isEqualTo("ext-ada");
    }

    @Test
    void filter_max_results_caps_the_page() {
        Response page = HTTP.get(loc.users() + "?count=100000", loc.key());
        assertThat(page.json().get("itemsPerPage").asInt()).isEqualTo(4);
        JsonNode config = HTTP.get(loc.scimBase() + "/ServiceProviderConfig", loc.key()).json();
        assertThat(config.at("/filter/maxResults").asInt()).isEqualTo(1000);
    }

}
