package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** Locations, keys and native users through the admin API. */
class AdminApiTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    Response post(String path, String json) {
        return http.send("POST", path, APP.adminToken, json, "application/json");
    }

    @Test
    void creating_a_location_shows_its_scim_base_uri() {
        Response created = post("/admin/api/locations", "{\"name\": \"Melbourne\"}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode location = created.json();
        String id = location.get("id").asText();
        assertThat(id).matches("[a-z0-9]{16}");
        assertThat(location.get("name").asText()).isEqualTo("Melbourne");
        assertThat(location.get("scimBaseUri").asText()).isEqualTo("http://127.0.0.1:" + APP.port + "/scim/v2/" + id);
        assertThat(location.get("scimKey").isNull()).isTrue();

        assertThat(http.get("/admin/api/locations/" + id, APP.adminToken).json()).isEqualTo(location);
        assertThat(http.get("/admin/api/locations", APP.adminToken).json().get("locations"))
                .anySatisfy(l -> assertThat(l.get("id").asText()).isEqualTo(id));
    }

    @Test
    void a_key_is_shown_once_and_a_new_key_replaces_the_old_one() {
        String id = post("/admin/api/locations", "{\"name\": \"Perth\"}").json().get("id").asText();

        Response first = post("/admin/api/locations/" + id + "/scim-keys", null);
        assertThat(first.status()).isEqualTo(201);
        String key = first.json().get("apiKey").asText();
        assertThat(key).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
        assertThat(first.json().get("keyId").asText()).isNotBlank();
        assertThat(first.json().get("createdAt").asText()).isNotBlank();

        JsonNode shown = http.get("/admin/api/locations/" + id, APP.adminToken).json();
        assertThat(shown.toString()).doesNotContain(key);
        assertThat(shown.at("/scimKey/keyId").asText()).isEqualTo(first.json().get("keyId").asText());
        assertThat(http.get("/admin/api/locations", APP.adminToken).body()).doesNotContain(key);

        String second = post("/admin/api/locations/" + id + "/scim-keys", null).json().get("apiKey").asText();
        assertThat(second).isNotEqualTo(key);
        assertThat(http.get("/scim/v2/" + id + "/Users", key).status()).isEqualTo(401);
        assertThat(http.get("/scim/v2/" + id + "/Users", second).status()).isEqualTo(200);
    }

    @Test
    void native_users_are_listed_with_status_and_source() {
        String id = post("/admin/api/locations", "{\"name\": \"Hobart\"}").json().get("id").asText();

        JsonNode user = admin.nativeUser(id, "Native@Example.com", "Nat", "Ive");

        assertThat(user.get("userName").asText()).isEqualTo("native@example.com");
        assertThat(user.get("status").asText()).isEqualTo("active");
        assertThat(user.get("source").asText()).isEqualTo("native");
        JsonNode listed = admin.users(id);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("givenName").asText()).isEqualTo("Nat");
        assertThat(listed.get(0).get("email").asText()).isEqualTo("native@example.com");

        Response again = post("/admin/api/locations/" + id + "/users",
                "{\"email\": \"native@example.com\", \"givenName\": \"N\", \"familyName\": \"I\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(admin.users(id)).hasSize(1);
    }

    @Test
    void bad_admin_inputs_are_400_or_404_and_create_nothing() {
        int before = http.get("/admin/api/locations", APP.adminToken).json().get("locations").size();

        for (String body : new String[] {"", "{", "[]", "{}", "{\"name\": \"\"}", "{\"name\": 7}",
                "{\"name\": \"X\", \"database\": \"nope\"}",
                "{\"name\": \"X\", \"database\": {\"url\": \"mysql://db\"}}",
                "{\"name\": \"X\", \"database\": {\"url\": \"jdbc:postgresql://127.0.0.1:1/none\", \"user\": \"u\", \"password\": \"p\"}}"}) {
            Response response = post("/admin/api/locations", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().get("error").asText()).as(body).isNotBlank();
        }
        assertThat(http.get("/admin/api/locations", APP.adminToken).json().get("locations")).hasSize(before);

        assertThat(http.get("/admin/api/locations/0123456789abcdef", APP.adminToken).status()).isEqualTo(404);
        assertThat(post("/admin/api/locations/0123456789abcdef/scim-keys", null).status()).isEqualTo(404);
        String id = post("/admin/api/locations", "{\"name\": \"Darwin\"}").json().get("id").asText();
        assertThat(post("/admin/api/locations/" + id + "/users", "{\"email\": \"not-an-email\", \"givenName\": \"a\", \"familyName\": \"b\"}").status()).isEqualTo(400);
        assertThat(post("/admin/api/locations/" + id + "/users", "{\"email\": \"a@b.co\"}").status()).isEqualTo(400);
        assertThat(admin.users(id)).isEmpty();
    }

    @Test
    void a_key_names_its_identity_provider_and_users_say_which_one_provisioned_or_linked_them() {
        String id = post("/admin/api/locations", "{\"name\": \"Cairns\"}").json().get("id").asText();
        String keys = "/admin/api/locations/" + id + "/scim-keys";
        Response okta = post(keys, null);
        assertThat(okta.json().get("identityProvider").asText()).isEqualTo("okta"); // the default
        for (String body : new String[] {"{\"identityProvider\": \"google\"}", "{\"identityProvider\": 7}",
                "{\"identityProvider\": \"Entra\"}", "{", "[]"}) {
            Response refused = post(keys, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).as(body).isNotBlank();
        }
        assertThat(post(keys, "{\"identityProvider\": \"google\"}").json().get("error").asText())
                .isEqualTo("identityProvider must be one of \"okta\", \"entra\".");
        String oktaKey = okta.json().get("apiKey").asText();
        assertThat(http.get("/scim/v2/" + id + "/Users", oktaKey).status()).as("refusals changed nothing").isEqualTo(200);
        String oktaUser = http.post("/scim/v2/" + id + "/Users", oktaKey,
                "{\"userName\": \"o@example.com\", \"emails\": [{\"value\": \"o@example.com\"}]}").json().get("id").asText();

        Response entra = post(keys, "{\"identityProvider\": \"entra\"}");
        assertThat(entra.status()).isEqualTo(201);
        assertThat(entra.json().get("identityProvider").asText()).isEqualTo("entra");
        assertThat(http.get("/admin/api/locations/" + id, APP.adminToken).json().at("/scimKey/identityProvider").asText())
                .isEqualTo("entra");
        String entraKey = entra.json().get("apiKey").asText();
        String entraUser = http.post("/scim/v2/" + id + "/Users", entraKey,
                "{\"userName\": \"e@example.com\", \"emails\": [{\"value\": \"e@example.com\"}]}").json().get("id").asText();
        String nativeUser = admin.nativeUser(id, "n@example.com", "Nat", "Ive").get("id").asText();
        assertThat(http.patch("/scim/v2/" + id + "/Users/" + nativeUser, entraKey,
                "{\"Operations\": [{\"op\": \"replace\", \"path\": \"title\", \"value\": \"Counsel\"}]}").status())
                .isEqualTo(200);

        assertThat(admin.user(id, oktaUser).get("source").asText()).isEqualTo("okta");
        assertThat(admin.user(id, oktaUser).get("identityProvider").asText()).isEqualTo("okta");
        assertThat(admin.user(id, entraUser).get("source").asText()).isEqualTo("entra");
        assertThat(admin.user(id, entraUser).get("identityProvider").asText()).isEqualTo("entra");
        assertThat(admin.user(id, nativeUser).get("source").asText()).isEqualTo("linked");
        assertThat(admin.user(id, nativeUser).get("identityProvider").asText()).isEqualTo("entra");
        assertThat(admin.user(id, nativeUser).get("status").asText()).isEqualTo("active");
        // a user Entra provisioned is invited as Okta's are; a linked user already uses Xakia
        assertThat(admin.invite(id, entraUser, false).status()).isEqualTo(202);
        assertThat(admin.invite(id, nativeUser, false).status()).isEqualTo(409);
    }
}
