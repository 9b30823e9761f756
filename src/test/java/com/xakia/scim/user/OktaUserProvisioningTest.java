package com.xakia.scim.user;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Okta's provisioning flows against the running app, over HTTP, on embedded PostgreSQL. */
class OktaUserProvisioningTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);
    TestLocation loc;

    @BeforeEach
    void newLocation() {
        loc = admin.location("Sydney");
    }

    static String user(String userName) {
        return """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName": "%s", "externalId": "00u%s",
                 "name": {"givenName": "Jane", "familyName": "Doe"}, "displayName": "Jane Doe",
                 "emails": [{"value": "%s", "type": "work", "primary": true}],
                 "phoneNumbers": [{"value": "+61 2 5550 1234", "type": "work"}],
                 "title": "Counsel", "active": true, "password": "not-stored-1!",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Legal"}}
                """.formatted(userName, Math.abs(userName.hashCode()), userName);
    }

    Response create(String userName) {
        return http.post(loc.users(), loc.key(), user(userName));
    }

    String createdId(String userName) {
        Response created = create(userName);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    @Test
    void create_answers_201_with_the_full_resource_location_and_etag() {
        Response created = create("jane.doe@example.com");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/scim+json");
        JsonNode user = created.json();
        String id = user.get("id").asText();
        assertThat(created.header("Location")).isEqualTo(APP.url(loc.users() + "/" + id));
        assertThat(created.header("ETag")).isEqualTo(user.at("/meta/version").asText()).isEqualTo("W/\"1\"");
        assertThat(user.get("userName").asText()).isEqualTo("jane.doe@example.com");
        assertThat(user.at("/name/givenName").asText()).isEqualTo("Jane");
        assertThat(user.at("/emails/0/value").asText()).isEqualTo("jane.doe@example.com");
        assertThat(user.at("/phoneNumbers/0/value").asText()).isEqualTo("+61 2 5550 1234");
        assertThat(user.get("title").asText()).isEqualTo("Counsel");
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department").asText()).isEqualTo("Legal");
        assertThat(user.at("/meta/resourceType").asText()).isEqualTo("User");
        assertThat(user.at("/meta/created").asText()).isNotEmpty();
        assertThat(user.at("/meta/location").asText()).isEqualTo(created.header("Location"));
        assertThat(user.has("password")).as("password is write-only and never stored").isFalse();
        assertThat(admin.user(loc.id(), id).get("status").asText()).isEqualTo("provisioned");
        assertThat(admin.user(loc.id(), id).get("source").asText()).isEqualTo("okta");
    }

    @Test
    void create_accepts_plain_application_json() {
        Response created = http.send("POST", loc.users(), loc.key(), user("plain@example.com"), "application/json");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/scim+json");
    }

    @Test
    void duplicate_userName_is_409_uniqueness_case_insensitively_and_creates_nothing() {
        createdId("dup@example.com");

        Response again = create("DUP@Example.com");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("scimType").asText()).isEqualTo("uniqueness");
        assertThat(again.json().get("status").asText()).isEqualTo("409");
        assertThat(admin.users(loc.id())).hasSize(1);
    }

    @Test
    void userName_filter_matches_case_insensitively_and_returns_the_full_user() {
        String id = createdId("Match.Me@example.com");
        createdId("other@example.com");

        Response found = http.get(loc.users() + "?filter=" + enc("userName eq \"match.me@EXAMPLE.com\"")
                + "&startIndex=1&count=100", loc.key());

        assertThat(found.status()).isEqualTo(200);
        JsonNode list = found.json();
        assertThat(list.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(list.get("totalResults").asInt()).isEqualTo(1);
        JsonNode user = list.get("Resources").get(0);
        assertThat(user.get("id").asText()).isEqualTo(id);
        assertThat(user.at("/name/familyName").asText()).isEqualTo("Doe");
        assertThat(user.at("/emails/0/value").asText()).isEqualTo("Match.Me@example.com");
        assertThat(user.get("externalId").asText()).startsWith("00u");
        assertThat(user.at("/meta/version").asText()).isEqualTo("W/\"1\"");

        Response none = http.get(loc.users() + "?filter=" + enc("userName eq \"nobody@example.com\""), loc.key());
        assertThat(none.json().get("totalResults").asInt()).isZero();
        assertThat(none.json().get("Resources")).isEmpty();
    }

    @Test
    void names_outside_ascii_come_back_as_sent_from_create_get_and_lookup() {
        String body = """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "zoë.ñandú@example.com",
                 "name": {"givenName": "Zoë", "familyName": "山田 \uD83D\uDE00"}, "active": true}""";
        Response created = http.post(loc.users(), loc.key(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        for (JsonNode user : List.of(created.json(), http.get(loc.users() + "/" + id, loc.key()).json(),
                http.get(loc.users() + "?filter=" + enc("userName eq \"ZOË.ÑANDÚ@example.com\""), loc.key()).json()
                        .at("/Resources/0"))) {
            assertThat(user.get("userName").asText()).isEqualTo("zoë.ñandú@example.com");
            assertThat(user.at("/name/givenName").asText()).isEqualTo("Zoë");
            assertThat(user.at("/name/familyName").asText()).isEqualTo("山田 \uD83D\uDE00");
        }
    }

    @Test
    void paging_has_a_stable_order_and_a_correct_total() {
        for (int i = 0; i < 7; i++) {
            createdId("page" + i + "@example.com");
        }
        StringBuilder seen = new StringBuilder();
        for (int start = 1; start <= 7; start += 3) {
            JsonNode page = http.get(loc.users() + "?startIndex=" + start + "&count=3", loc.key()).json();
            assertThat(page.get("totalResults").asInt()).isEqualTo(7);
            assertThat(page.get("startIndex").asInt()).isEqualTo(start);
            assertThat(page.get("itemsPerPage").asInt()).isEqualTo(Math.min(3, 8 - start));
            page.get("Resources").forEach(u -> seen.append(u.get("userName").asText()).append(' '));
        }
        assertThat(seen.toString().trim().split(" ")).containsExactly(
                "page0@example.com", "page1@example.com", "page2@example.com", "page3@example.com",
                "page4@example.com", "page5@example.com", "page6@example.com");
        assertThat(http.get(loc.users() + "?startIndex=20&count=3", loc.key()).json().get("Resources")).isEmpty();
    }

    @Test
    void get_by_id_returns_the_user_and_unknown_ids_are_404() {
        String id = createdId("get@example.com");

        Response got = http.get(loc.users() + "/" + id, loc.key());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("userName").asText()).isEqualTo("get@example.com");
        assertThat(got.header("ETag")).isEqualTo("W/\"1\"");

        // ids are caseExact (RFC 7643 3.1) and written one way: another spelling of the same UUID names nothing
        String loose = id.substring(0, 8) + "-" + Integer.parseInt(id.substring(9, 13), 16) + id.substring(13);
        for (String unknown : new String[] {"00000000-0000-0000-0000-000000000000", "not-a-uuid", "1'%20or%20'1'='1",
                id.toUpperCase(), "1-1-1-1-1", loose, "%7B" + id + "%7D"}) {
            Response missing = http.get(loc.users() + "/" + unknown, loc.key());
            assertThat(missing.status()).as(unknown).isEqualTo(404);
            assertThat(missing.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(missing.json().get("status").asText()).isEqualTo("404");
        }
    }

    @Test
    void put_replaces_the_user_and_active_false_deactivates_keeping_the_data() {
        String id = createdId("put@example.com");
        String replaced = user("put@example.com").replace("\"Counsel\"", "\"General Counsel\"")
                .replace("\"active\": true", "\"active\": false");

        Response put = http.put(loc.users() + "/" + id, loc.key(), replaced);

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("title").asText()).isEqualTo("General Counsel");
        assertThat(put.json().get("active").asBoolean()).isFalse();
        assertThat(put.json().at("/meta/version").asText()).isEqualTo("W/\"2\"");
        JsonNode kept = http.get(loc.users() + "/" + id, loc.key()).json();
        assertThat(kept.at("/name/givenName").asText()).isEqualTo("Jane");
        assertThat(kept.get("active").asBoolean()).isFalse();
        assertThat(admin.user(loc.id(), id).get("status").asText()).isEqualTo("inactive");

        Response reactivated = http.put(loc.users() + "/" + id, loc.key(), user("put@example.com"));
        assertThat(reactivated.json().get("active").asBoolean()).isTrue();
        assertThat(admin.user(loc.id(), id).get("status").asText()).isEqualTo("provisioned");
    }

    @Test
    void patch_in_oktas_form_without_path_deactivates_and_reactivates() {
        String id = createdId("patch@example.com");

        Response off = http.patch(loc.users() + "/" + id, loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "value": {"active": false}}]}""");

        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().get("active").asBoolean()).isFalse();
        assertThat(off.json().at("/name/givenName").asText()).isEqualTo("Jane");
        assertThat(admin.user(loc.id(), id).get("status").asText()).isEqualTo("inactive");

        Response on = http.patch(loc.users() + "/" + id, loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "value": {"active": true}}]}""");
        assertThat(on.json().get("active").asBoolean()).isTrue();
        assertThat(admin.user(loc.id(), id).get("status").asText()).isEqualTo("provisioned");
    }

    @Test
    void patch_with_paths_updates_attributes() {
        String id = createdId("paths@example.com");

        Response patched = http.patch(loc.users() + "/" + id, loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "name.familyName", "value": "Smith"},
                                {"op": "Replace", "path": "active", "value": "False"},
                                {"op": "add", "path": "title", "value": "Partner"}]}""");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().at("/name/familyName").asText()).isEqualTo("Smith");
        assertThat(patched.json().get("active").asBoolean()).isFalse();
        assertThat(patched.json().get("title").asText()).isEqualTo("Partner");
        assertThat(admin.user(loc.id(), id).get("familyName").asText()).isEqualTo("Smith");
    }

    @Test
    void delete_is_204_then_404_for_scim_while_xakia_keeps_the_user_inactive() {
        String id = createdId("gone@example.com");

        assertThat(http.delete(loc.users() + "/" + id, loc.key()).status()).isEqualTo(204);

        assertThat(http.get(loc.users() + "/" + id, loc.key()).status()).isEqualTo(404);
        assertThat(http.delete(loc.users() + "/" + id, loc.key()).status()).isEqualTo(404);
        assertThat(http.get(loc.users() + "?filter=" + enc("userName eq \"gone@example.com\""), loc.key())
                .json().get("totalResults").asInt()).isZero();
        JsonNode kept = admin.user(loc.id(), id);
        assertThat(kept.get("status").asText()).isEqualTo("inactive");
        assertThat(kept.get("givenName").asText()).isEqualTo("Jane");
    }

    @Test
    void a_native_user_is_found_by_oktas_filter_refused_on_post_and_linked_on_update() {
        JsonNode existing = admin.nativeUser(loc.id(), "partner@example.com", "Pat", "Partner");
        assertThat(existing.get("source").asText()).isEqualTo("native");
        assertThat(existing.get("status").asText()).isEqualTo("active");

        JsonNode found = http.get(loc.users() + "?filter=" + enc("userName eq \"Partner@example.com\""), loc.key()).json();
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        String id = found.get("Resources").get(0).get("id").asText();
        assertThat(id).isEqualTo(existing.get("id").asText());

        assertThat(create("partner@example.com").status()).isEqualTo(409);

        Response linked = http.patch(loc.users() + "/" + id, loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "externalId", "value": "00uOKTA"}]}""");
        assertThat(linked.status()).isEqualTo(200);
        JsonNode after = admin.user(loc.id(), id);
        assertThat(after.get("source").asText()).isEqualTo("linked");
        assertThat(after.get("status").asText()).isEqualTo("active");
    }

    @Test
    void bad_inputs_get_their_scim_error_and_change_nothing() {
        String id = createdId("keep@example.com");
        String before = http.get(loc.users() + "/" + id, loc.key()).body();

        assertError(http.post(loc.users(), loc.key(), "{\"userName\": "), 400, "invalidSyntax");
        assertError(http.post(loc.users(), loc.key(), "[1, 2]"), 400, "invalidSyntax");
        assertError(http.post(loc.users(), loc.key(), ""), 400, "invalidSyntax");
        assertError(http.post(loc.users(), loc.key(), "{\"name\": {\"givenName\": \"No\"}}"), 400, "invalidValue");
        assertError(http.post(loc.users(), loc.key(), "{\"userName\": \"   \"}"), 400, "invalidValue");
        assertError(http.post(loc.users(), loc.key(), "{\"userName\": \"x@y.z\", \"active\": \"maybe\"}"), 400, "invalidValue");
        assertError(http.put(loc.users() + "/" + id, loc.key(), "{\"displayName\": \"no userName\"}"), 400, "invalidValue");
        assertError(http.patch(loc.users() + "/" + id, loc.key(), "{\"Operations\": []}"), 400, "invalidSyntax");
        assertError(http.patch(loc.users() + "/" + id, loc.key(),
                "{\"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": \"perhaps\"}]}"), 400, "invalidValue");
        assertError(http.patch(loc.users() + "/" + id, loc.key(),
                "{\"Operations\": [{\"op\": \"replace\", \"path\": \"userName\", \"value\": \"\"}]}"), 400, "invalidValue");
        assertError(http.get(loc.users() + "?filter=" + enc("userName eq"), loc.key()), 400, "invalidFilter");
        assertError(http.get(loc.users() + "?filter=" + enc("noSuchAttribute eq \"x\""), loc.key()), 400, "invalidFilter");
        assertError(http.get(loc.users() + "?count=lots", loc.key()), 400, "invalidValue");

        assertThat(http.get(loc.users() + "/" + id, loc.key()).body()).isEqualTo(before);
        assertThat(admin.users(loc.id())).hasSize(1);
    }

    @Test
    void a_filter_cannot_inject_sql() {
        createdId("victim@example.com");

        Response injected = http.get(loc.users() + "?filter=" + enc("userName eq \"x' or '1'='1\""), loc.key());

        assertThat(injected.status()).isEqualTo(200);
        assertThat(injected.json().get("totalResults").asInt()).isZero();
    }

    static void assertError(Response response, int status, String scimType) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/scim+json");
        JsonNode error = response.json();
        assertThat(error.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.get("status").asText()).isEqualTo(String.valueOf(status));
        assertThat(error.path("scimType").asText()).isEqualTo(scimType);
        assertThat(error.get("detail").asText()).isNotBlank();
    }

}
