package com.xakia.scim.organization;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Organizations (#16, first slice) against the running app over HTTP: the admin calls, the routing table,
 * and SCIM at the organization's base URI landing in the routed location's database.
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

    // ---- routing ---------------------------------------------------------------------------------

    @Test
    void a_user_is_routed_by_the_xakia_location_attribute_in_any_case_and_written_as_the_location_writes_it() {
        Response created = http.post(orgBase + "/Users", orgKey, user("ada@acme.example", "sYdNeY"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo(APP.url(orgBase + "/Users/" + id));
        assertThat(created.json().at("/" + XAKIA.replace("/", "~1") + "/location").asText()).isEqualTo("sYdNeY");
        assertThat(created.json().get("schemas")).extracting(JsonNode::asText).contains(XAKIA);
        // in Sydney's database, as Sydney's own endpoint would have written it: provisioned by Okta
        JsonNode inSydney = admin.user(sydney, id);
        assertThat(inSydney.get("userName").asText()).isEqualTo("ada@acme.example");
        assertThat(inSydney.get("identityProvider").asText()).isEqualTo("okta");
        assertThat(admin.users(london)).isEmpty();
        Response atLocation = http.get("/scim/v2/" + sydney + "/Users/" + id, sydneyKey);
        assertThat(atLocation.status()).as(atLocation.toString()).isEqualTo(200);
        assertThat(atLocation.json().get("userName").asText()).isEqualTo("ada@acme.example");
        JsonNode audit = http.get("/admin/api/locations/" + sydney + "/audit", APP.adminToken).json().get("entries");
        assertThat(audit).extracting(e -> e.get("operation").asText()).contains("scim.user.create");
    }

    @Test
    void a_user_can_be_routed_by_the_enterprise_division_or_the_work_address_city() {
        routing("{\"attribute\": \"" + ENTERPRISE + ":division\", \"locations\": {\"EMEA\": \"" + london + "\"}}", 200);
        Response emea = http.post(orgBase + "/Users", orgKey, """
                {"userName": "bo@acme.example", "%s": {"division": "emea"}}""".formatted(ENTERPRISE));
        assertThat(emea.status()).as(emea.toString()).isEqualTo(201);
        assertThat(admin.users(london)).extracting(u -> u.get("userName").asText()).containsExactly("bo@acme.example");

        routing("{\"attribute\": \"addresses[type eq \\\"work\\\"].locality\", \"locations\": {\"Sydney\": \""
                + sydney + "\"}}", 200);
        Response work = http.post(orgBase + "/Users", orgKey, """
                {"userName": "cy@acme.example", "addresses": [{"type": "home", "locality": "London"},
                 {"type": "work", "locality": "SYDNEY"}]}""");
        assertThat(work.status()).as(work.toString()).isEqualTo(201);
        assertThat(admin.users(sydney)).extracting(u -> u.get("userName").asText()).containsExactly("cy@acme.example");
    }

    @Test
    void a_value_that_matches_nothing_is_a_400_naming_it_and_the_known_values_unless_there_is_a_default() {
        Response refused = http.post(orgBase + "/Users", orgKey, user("di@acme.example", "Paris"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(refused.json().get("detail").asText()).contains("\"Paris\"", "\"London\"", "\"Sydney\"");
        assertThat(admin.users(sydney)).isEmpty();
        assertThat(admin.users(london)).isEmpty();

        routing("{\"locations\": {\"Sydney\": \"" + sydney + "\"}, \"default\": \"" + london + "\"}", 200);
        assertThat(http.post(orgBase + "/Users", orgKey, user("di@acme.example", "Paris")).status()).isEqualTo(201);
        assertThat(admin.users(london)).extracting(u -> u.get("userName").asText()).containsExactly("di@acme.example");
    }

    @Test
    void a_user_name_is_unique_across_the_organizations_locations() {
        assertThat(http.post(orgBase + "/Users", orgKey, user("ed@acme.example", "Sydney")).status()).isEqualTo(201);

        Response again = http.post(orgBase + "/Users", orgKey, user("ED@acme.example", "London"));

        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.json().get("scimType").asText()).isEqualTo("uniqueness");
        assertThat(admin.users(london)).isEmpty(); // the location row rolled back with the index row

        // a rename onto a userName of the other location: 409, and the user keeps its name in its location
        String fay = createdId(user("fay@acme.example", "London"));
        Response renamed = http.put(orgBase + "/Users/" + fay, orgKey, user("Ed@acme.example", "London"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(409);
        assertThat(admin.user(london, fay).get("userName").asText()).isEqualTo("fay@acme.example");
        assertThat(list("userName eq \"fay@acme.example\"").at("/Resources/0/id").asText()).isEqualTo(fay);
    }

    @Test
    void a_routing_table_or_location_changed_by_another_instance_is_used_here_within_a_second() throws Exception {
        assertThat(admin.user(sydney, createdId(user("gus@acme.example", "Sydney")))).isNotNull(); // table remembered
        long sent;
        try (Connection c = OrganizationMovesTest.control(); Statement s = c.createStatement()) {
            // as another instance (or an operator) writes it: plain SQL, this process's memory not told
            s.executeUpdate("update control.organization_route set location_id = '" + london + "' where organization_id"
                    + " = '" + org + "' and value_key = 'sydney'");
            sent = System.nanoTime();
        }
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> {
            String id = createdId(user("hal" + n.incrementAndGet() + "@acme.example", "Sydney"));
            return admin.users(london).findValues("id").stream().anyMatch(v -> v.asText().equals(id));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));

        // London leaves the organization the same way: its users are not the organization's to read or write
        String ada = createdId(user("ada@acme.example", "Sydney")); // routed to London now
        assertThat(http.get(orgBase + "/Users/" + ada, orgKey).status()).isEqualTo(200);
        try (Connection c = OrganizationMovesTest.control(); Statement s = c.createStatement()) {
            s.executeUpdate("update control.location set organization_id = null where id = '" + london + "'");
        }
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() ->
                http.post(orgBase + "/Users", orgKey, user("ivo" + n.incrementAndGet() + "@acme.example", "Sydney"))
                        .status() == 400);
    }

    // ---- reads and writes through the organization --------------------------------------------------

    @Test
    void a_user_is_found_by_id_user_name_and_external_id_and_listed_through_the_organization() {
        String ada = createdId(user("ada@acme.example", "Sydney"));
        String bo = createdId(user("bo@acme.example", "London"));

        Response byId = http.get(orgBase + "/Users/" + bo, orgKey);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("userName").asText()).isEqualTo("bo@acme.example");
        assertThat(byId.json().at("/meta/location").asText()).isEqualTo(APP.url(orgBase + "/Users/" + bo));
        assertThat(byId.header("ETag")).isNotBlank();

        JsonNode byName = list("userName eq \"ADA@acme.example\"");
        assertThat(byName.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byName.at("/Resources/0/id").asText()).isEqualTo(ada);
        JsonNode byExternalId = list("externalId eq \"ext-bo@acme.example\"");
        assertThat(byExternalId.at("/Resources/0/id").asText()).isEqualTo(bo);
        assertThat(list("userName eq \"nobody@acme.example\"").get("totalResults").asInt()).isZero();
        assertThat(http.get(orgBase + "/Users/00000000-0000-4000-8000-000000000000", orgKey).status()).isEqualTo(404);
        assertThat(http.get(orgBase + "/Users/not-a-uuid", orgKey).status()).isEqualTo(404);

        JsonNode firstPage = http.get(orgBase + "/users?startIndex=1&count=1", orgKey).json(); // any case, as at a location
        assertThat(firstPage.get("totalResults").asInt()).isEqualTo(2);
        assertThat(firstPage.get("Resources")).extracting(u -> u.get("id").asText()).containsExactly(ada);
        JsonNode secondPage = http.get(orgBase + "/Users?startIndex=2&count=1", orgKey).json();
        assertThat(secondPage.get("Resources")).extracting(u -> u.get("id").asText()).containsExactly(bo);

        JsonNode otherFilter = list("title eq \"Counsel\"");
        assertThat(otherFilter.get("totalResults").asInt()).isEqualTo(2);
        assertThat(otherFilter.get("Resources")).extracting(u -> u.get("id").asText()).containsExactly(ada, bo);
    }

    @Test
    void put_and_patch_change_the_user_in_its_location() {
        String id = createdId(user("fay@acme.example", "Sydney"));

        Response patched = http.patch(orgBase + "/Users/" + id, orgKey, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "title", "value": "Partner"}]}""");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(http.get("/scim/v2/" + sydney + "/Users/" + id, sydneyKey).json().get("title").asText())
                .isEqualTo("Partner");

        Response replaced = http.put(orgBase + "/Users/" + id, orgKey,
                user("fay.new@acme.example", "SYDNEY").replace("\"Counsel\"", "\"Director\""));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("title").asText()).isEqualTo("Director");
        assertThat(list("userName eq \"fay.new@acme.example\"").at("/Resources/0/id").asText()).isEqualTo(id);
        assertThat(list("userName eq \"fay@acme.example\"").get("totalResults").asInt()).isZero();

        assertThat(admin.users(london)).isEmpty(); // moves: OrganizationMovesTest
    }

    @Test
    void delete_answers_204_then_404_and_frees_the_user_name() {
        String id = createdId(user("gus@acme.example", "London"));

        assertThat(http.delete(orgBase + "/Users/" + id, orgKey).status()).isEqualTo(204);

        assertThat(http.get(orgBase + "/Users/" + id, orgKey).status()).isEqualTo(404);
        assertThat(http.delete(orgBase + "/Users/" + id, orgKey).status()).isEqualTo(404);
        assertThat(list("userName eq \"gus@acme.example\"").get("totalResults").asInt()).isZero();
        assertThat(admin.user(london, id).get("status").asText()).isEqualTo("inactive"); // kept by Xakia
        assertThat(http.post(orgBase + "/Users", orgKey, user("gus@acme.example", "Sydney")).status()).isEqualTo(201);
    }

    // ---- keys and discovery ----------------------------------------------------------------------

    @Test
    void the_organization_key_works_only_at_the_organization_and_a_location_key_only_at_its_location() {
        Response orgKeyAtLocation = http.get("/scim/v2/" + sydney + "/Users", orgKey);
        Response locationKeyAtOrg = http.get(orgBase + "/Users?filter=" + enc("userName eq \"x\""), sydneyKey);
        Response noKey = http.get(orgBase + "/Schemas", null);
        Response unknownOrg = http.get("/scim/v2/organizations/0000000000000000/Schemas", orgKey);

        for (Response refused : List.of(orgKeyAtLocation, locationKeyAtOrg, noKey, unknownOrg)) {
            assertThat(refused.status()).isEqualTo(401);
        }
        assertThat(locationKeyAtOrg.body()).isEqualTo(orgKeyAtLocation.body());
        assertThat(unknownOrg.body()).isEqualTo(noKey.body());
    }

    @Test
    void a_new_organization_key_revokes_the_old_one_at_once() {
        String entraKey = orgKey("{\"identityProvider\": \"entra\"}");

        assertThat(http.get(orgBase + "/Schemas", orgKey).status()).isEqualTo(401);
        assertThat(http.get(orgBase + "/Schemas", entraKey).status()).isEqualTo(200);
        Response created = http.post(orgBase + "/Users", entraKey, user("hal@acme.example", "Sydney"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(admin.user(sydney, created.json().get("id").asText()).get("identityProvider").asText())
                .isEqualTo("entra");
    }

    @Test
    void the_organization_declares_the_xakia_extension_and_a_location_still_refuses_it() {
        JsonNode schemas = http.get(orgBase + "/Schemas", orgKey).json();
        assertThat(schemas.get("Resources")).extracting(s -> s.get("id").asText())
                .containsExactly("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE, XAKIA);
        JsonNode types = http.get(orgBase + "/ResourceTypes", orgKey).json();
        assertThat(types.at("/Resources/0/schemaExtensions")).extracting(e -> e.get("schema").asText())
                .containsExactly(ENTERPRISE, XAKIA);
        assertThat(http.get(orgBase + "/Schemas/" + XAKIA, orgKey).json().at("/attributes/0/name").asText())
                .isEqualTo("location");
        JsonNode config = http.get(orgBase + "/ServiceProviderConfig", orgKey).json();
        assertThat(config.at("/bulk/supported").asBoolean()).isFalse();
        assertThat(config.at("/patch/supported").asBoolean()).isTrue();
        assertThat(config.at("/meta/location").asText()).isEqualTo(APP.url(orgBase + "/ServiceProviderConfig"));
        assertThat(http.get(orgBase + "/Groups", orgKey).status()).isEqualTo(404); // served per location

        List<String> atLocation = new ArrayList<>();
        http.get("/scim/v2/" + sydney + "/Schemas", sydneyKey).json().get("Resources")
                .forEach(s -> atLocation.add(s.get("id").asText()));
        assertThat(atLocation).doesNotContain(XAKIA);
        assertThat(http.post("/scim/v2/" + sydney + "/Users", sydneyKey, user("ivy@acme.example", "Sydney")).status())
                .isEqualTo(400);
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
