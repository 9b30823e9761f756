package com.xakia.scim.organization;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Organizations (#16, first slice) against the running app over HTTP: the admin calls and the routing table.
 */
class OrganizationsTest {

    static final RunningApp APP = RunningApp.shared();
    static final String XAKIA = "urn:ietf:params:scim:schemas:extension:xakia:2.0:User";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    String org;
    String orgBase;
    String orgKey;
    String sydney;
    String london;
    String sydneyKey;

    @BeforeEach
    void anOrganizationWithTwoLocations() {
        Response created = admin.post("/admin/api/organizations", "{\"name\": \"Acme Legal\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        org = created.json().get("id").asText();
        orgBase = "/scim/v2/organizations/" + org;
        assertThat(created.json().get("scimBaseUri").asText()).isEqualTo(APP.url(orgBase));
        sydney = location("Sydney", org);
        london = location("London", null);
        Response joined = patch("/admin/api/locations/" + london, "{\"organizationId\": \"" + org + "\"}");
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
        assertThat(joined.json().get("organizationId").asText()).isEqualTo(org);
        sydneyKey = admin.newKey(sydney);
        orgKey = orgKey(null);
        routing("{\"locations\": {\"Sydney\": \"" + sydney + "\", \"London\": \"" + london + "\"}, \"default\": null}", 200);
    }

    // ---- admin -----------------------------------------------------------------------------------

    @Test
    void an_organization_shows_its_base_uri_key_locations_and_routing_and_is_listed() {
        JsonNode one = http.get("/admin/api/organizations/" + org, APP.adminToken).json();
        assertThat(one.get("name").asText()).isEqualTo("Acme Legal");
        assertThat(one.get("scimBaseUri").asText()).isEqualTo(APP.url(orgBase));
        assertThat(one.at("/scimKey/identityProvider").asText()).isEqualTo("okta");
        assertThat(one.get("locationIds")).extracting(JsonNode::asText).containsExactly(sydney, london);
        assertThat(one.at("/routing/attribute").asText()).isEqualTo(XAKIA + ":location");
        assertThat(one.at("/routing/locations/Sydney").asText()).isEqualTo(sydney);
        assertThat(one.at("/routing/default").isNull()).isTrue();
        assertThat(one.toString()).doesNotContain(orgKey);

        JsonNode list = http.get("/admin/api/organizations", APP.adminToken).json().get("organizations");
        assertThat(list).extracting(o -> o.get("id").asText()).contains(org);
        assertThat(http.get("/admin/api/locations/" + sydney, APP.adminToken).json().get("organizationId").asText())
                .isEqualTo(org);
    }

    @Test
    void every_bad_admin_input_is_a_400_naming_the_problem_and_changes_nothing() {
        String other = admin.post("/admin/api/organizations", "{\"name\": \"Other\"}").json().get("id").asText();
        String foreign = location("Elsewhere", other);
        String before = http.get("/admin/api/organizations/" + org, APP.adminToken).json().get("routing").toString();

        assertRefused(admin.post("/admin/api/organizations", "{}"), "name");
        assertRefused(admin.post("/admin/api/locations", "{\"name\": \"X\", \"organizationId\": \"0000000000000000\"}"),
                "organizationId");
        assertRefused(patch("/admin/api/locations/" + foreign, "{\"organizationId\": \"" + org + "\"}"), "already");
        assertRefused(patch("/admin/api/locations/" + sydney, "{}"), "organizationId");
        assertRefused(routing("{\"locations\": {\"Paris\": \"" + foreign + "\"}}", 400), "Paris");
        assertRefused(routing("{\"locations\": {\"Sydney\": \"" + sydney + "\"}, \"default\": \"" + foreign + "\"}", 400),
                "default");
        assertRefused(routing("{\"attribute\": \"nosuch\", \"locations\": {}}", 400), "attribute");
        assertRefused(routing("{\"attribute\": \"emails.value\", \"locations\": {}}", 400), "multi-valued");
        assertRefused(routing("{\"attribute\": \"active\", \"locations\": {}}", 400), "string");
        assertRefused(routing("{\"locations\": {\"Sydney\": \"" + sydney + "\", \"SYDNEY\": \"" + london + "\"}}", 400),
                "case-insensitively");
        assertRefused(routing("{\"attribute\": \"title\"}", 400), "locations");
        assertRefused(routing("{\"locations\": {\"Sydney\": 7}}", 400), "locations");

        assertThat(http.get("/admin/api/organizations/" + org, APP.adminToken).json().get("routing").toString())
                .isEqualTo(before);
        assertThat(http.get("/admin/api/locations/" + foreign, APP.adminToken).json().get("organizationId").asText())
                .isEqualTo(other);
        assertThat(http.get("/admin/api/organizations/0000000000000000", APP.adminToken).status()).isEqualTo(404);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static String user(String userName, String office) {
        return """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"],
                 "userName": "%s", "externalId": "ext-%s",
                 "name": {"givenName": "Jo", "familyName": "Doe"}, "title": "Counsel", "active": true,
                 "emails": [{"value": "%s", "type": "work", "primary": true}],
                 "%s": {"location": "%s"}}""".formatted(XAKIA, userName, userName, userName, XAKIA, office);
    }

    String createdId(String body) {
        Response created = http.post(orgBase + "/Users", orgKey, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    JsonNode list(String filter) {
        Response list = http.get(orgBase + "/Users?filter=" + enc(filter), orgKey);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json();
    }

    String location(String name, String organizationId) {
        Response created = admin.post("/admin/api/locations", "{\"name\": \"" + name + "\""
                + (organizationId == null ? "" : ", \"organizationId\": \"" + organizationId + "\"") + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    String orgKey(String body) {
        Response key = admin.post("/admin/api/organizations/" + org + "/scim-keys", body);
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        assertThat(key.json().get("scimBaseUri").asText()).isEqualTo(APP.url(orgBase));
        return key.json().get("apiKey").asText();
    }

    Response patch(String path, String json) {
        return http.send("PATCH", path, APP.adminToken, json, "application/json");
    }

    Response routing(String json, int expected) {
        Response set = http.send("PUT", "/admin/api/organizations/" + org + "/routing", APP.adminToken, json,
                "application/json");
        assertThat(set.status()).as(set.toString()).isEqualTo(expected);
        return set;
    }

    static void assertRefused(Response response, String named) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("status").asInt()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).contains(named);
    }
}
