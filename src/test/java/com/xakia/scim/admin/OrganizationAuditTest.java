package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail of organizations over HTTP (GET /admin/api/organizations/{id}/audit): creating one, issuing
 * its SCIM key, replacing its routing table and issuing and revoking its admin tokens each write one row naming
 * who (admin or org-admin:&lt;token id&gt;) did what to which key, token or organization, never a secret; a
 * refused action writes nothing; and the trail is read with the location audit's paging, limits and scope.
 */
class OrganizationAuditTest {

    static final RunningApp APP = RunningApp.shared();
    static final String MISSING = "0123456789abcdef"; // a well-formed id of nothing

    final Http http = APP.http;
    final Admin operator = new Admin(APP);

    String org;
    String sydney;
    String tokenId;     // the organization admin's
    String token;
    String otherOrg;
    String paris;       // the other organization's location
    String otherToken;  // the other organization's admin

    @BeforeEach
    void twoOrganizationsEachWithAnAdmin() {
        org = ok(send("POST", "/admin/api/organizations", APP.adminToken, "{\"name\": \"Acme Legal\"}"), 201).get("id").asText();
        sydney = ok(send("POST", "/admin/api/locations", APP.adminToken, "{\"name\": \"Sydney\", \"organizationId\": \""
                + org + "\"}"), 201).get("id").asText();
        JsonNode issued = ok(send("POST", "/admin/api/organizations/" + org + "/admin-tokens", APP.adminToken, null), 201);
        tokenId = issued.get("tokenId").asText();
        token = issued.get("token").asText();
        otherOrg = ok(send("POST", "/admin/api/organizations", APP.adminToken, "{\"name\": \"Other Legal\"}"), 201)
                .get("id").asText();
        paris = ok(send("POST", "/admin/api/locations", APP.adminToken, "{\"name\": \"Paris\", \"organizationId\": \""
                + otherOrg + "\"}"), 201).get("id").asText();
        otherToken = ok(send("POST", "/admin/api/organizations/" + otherOrg + "/admin-tokens", APP.adminToken, null), 201)
                .get("token").asText();
    }

    @Test
    void each_action_writes_one_row_with_its_actor_operation_and_resource_and_never_a_secret() {
        JsonNode start = audit(org, token);
        assertThat(start.get("totalResults").asInt()).isEqualTo(2);
        assertRow(start.at("/entries/0"), "admin", "admin.organization.admin-token.issue", tokenId);
        assertRow(start.at("/entries/1"), "admin", "admin.organization.create", org);

        JsonNode key = ok(send("POST", "/admin/api/organizations/" + org + "/scim-keys", token,
                "{\"identityProvider\": \"entra\"}", "X-Request-Id", "org-key-1"), 201);
        JsonNode afterKey = audit(org, token);
        assertThat(afterKey.get("totalResults").asInt()).isEqualTo(3);
        assertRow(afterKey.at("/entries/0"), "org-admin:" + tokenId, "admin.organization.scim-key.issue",
                key.get("keyId").asText());
        assertThat(afterKey.at("/entries/0/requestId").asText()).isEqualTo("org-key-1");

        ok(send("PUT", "/admin/api/organizations/" + org + "/routing", token, "{\"locations\": {\"Sydney\": \"" + sydney
                + "\"}, \"default\": null}"), 200);
        JsonNode afterRouting = audit(org, token);
        assertThat(afterRouting.get("totalResults").asInt()).isEqualTo(4);
        assertRow(afterRouting.at("/entries/0"), "org-admin:" + tokenId, "admin.organization.routing.set", org);

        Response revoked = send("DELETE", "/admin/api/organizations/" + org + "/admin-tokens/" + tokenId, APP.adminToken, null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        JsonNode all = audit(org, APP.adminToken);
        assertThat(all.get("totalResults").asInt()).isEqualTo(5);
        assertRow(all.at("/entries/0"), "admin", "admin.organization.admin-token.revoke", tokenId);
        assertThat(operations(all)).containsExactly("admin.organization.admin-token.revoke",
                "admin.organization.routing.set", "admin.organization.scim-key.issue",
                "admin.organization.admin-token.issue", "admin.organization.create");
        // what the departed admin's token did, found by its id
        assertThat(all.get("entries")).filteredOn(e -> e.get("actor").asText().equals("org-admin:" + tokenId))
                .extracting(e -> e.get("operation").asText())
                .containsExactly("admin.organization.routing.set", "admin.organization.scim-key.issue");
        assertThat(all.toString()).doesNotContain(token).doesNotContain(key.get("apiKey").asText())
                .doesNotContain(otherToken);

        // the other organization's trail has its own rows only
        assertThat(operations(audit(otherOrg, otherToken)))
                .containsExactly("admin.organization.admin-token.issue", "admin.organization.create");
    }

    @Test
    void another_organizations_admin_gets_the_404_of_a_missing_organization() {
        Response missing = http.get("/admin/api/organizations/" + MISSING + "/audit", APP.adminToken);
        assertThat(missing.status()).isEqualTo(404);
        Response foreign = http.get("/admin/api/organizations/" + org + "/audit", otherToken);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(missing.body().replace(MISSING, org));
        Response unknownToOperator = http.get("/admin/api/organizations/" + MISSING + "/audit", otherToken);
        assertThat(unknownToOperator.body()).isEqualTo(missing.body());
        assertThat(http.get("/admin/api/organizations/" + org + "/audit", null).status()).isEqualTo(401);
        assertThat(http.get("/admin/api/organizations/" + org + "/audit", token).status()).isEqualTo(200);
    }

    @Test
    void a_refused_action_writes_nothing() {
        long before = audit(org, APP.adminToken).get("totalResults").asLong();
        long otherBefore = audit(otherOrg, APP.adminToken).get("totalResults").asLong();

        Response foreignLocation = send("PUT", "/admin/api/organizations/" + org + "/routing", token,
                "{\"locations\": {\"Paris\": \"" + paris + "\"}}");
        assertThat(foreignLocation.status()).as(foreignLocation.toString()).isEqualTo(400);
        assertThat(send("PUT", "/admin/api/organizations/" + org + "/routing", token,
                "{\"attribute\": \"emails\", \"locations\": {}}").status()).isEqualTo(400);
        assertThat(send("PUT", "/admin/api/organizations/" + org + "/routing", token, "{\"locations\": {\"Sydney\": \""
                + sydney + "\", \"SYDNEY\": \"" + sydney + "\"}}").status()).isEqualTo(400);
        assertThat(send("POST", "/admin/api/organizations/" + org + "/scim-keys", token,
                "{\"identityProvider\": \"nobody\"}").status()).isEqualTo(400);
        assertThat(send("POST", "/admin/api/organizations/" + otherOrg + "/scim-keys", token, null).status()).isEqualTo(404);
        assertThat(send("PUT", "/admin/api/organizations/" + otherOrg + "/routing", token,
                "{\"locations\": {\"Paris\": \"" + paris + "\"}}").status()).isEqualTo(404);
        assertThat(send("DELETE", "/admin/api/organizations/" + org + "/admin-tokens/aaaaaaaaaaaa", APP.adminToken, null)
                .status()).isEqualTo(404);
        assertThat(send("POST", "/admin/api/organizations", APP.adminToken, "{\"name\": \"\"}").status()).isEqualTo(400);

        assertThat(audit(org, APP.adminToken).get("totalResults").asLong()).isEqualTo(before);
        assertThat(audit(otherOrg, APP.adminToken).get("totalResults").asLong()).isEqualTo(otherBefore);
        assertThat(http.get("/admin/api/organizations/" + org, APP.adminToken).json().get("routing").isNull()).isTrue();
    }

    @Test
    void pages_newest_first_with_the_location_audits_parameters_and_limits() {
        for (int i = 0; i < 3; i++) {
            ok(send("POST", "/admin/api/organizations/" + org + "/scim-keys", token, null), 201);
        }
        JsonNode all = audit(org, token);
        assertThat(all.get("totalResults").asInt()).isEqualTo(5);
        assertThat(all.get("itemsPerPage").asInt()).isEqualTo(5);

        JsonNode second = ok(http.get("/admin/api/organizations/" + org + "/audit?startIndex=2&count=2", token), 200);
        assertThat(second.get("totalResults").asInt()).isEqualTo(5);
        assertThat(second.get("startIndex").asInt()).isEqualTo(2);
        assertThat(second.get("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(second.at("/entries/0/id").asLong()).isEqualTo(all.at("/entries/1/id").asLong());
        assertThat(second.at("/entries/1/id").asLong()).isEqualTo(all.at("/entries/2/id").asLong());

        // from inclusive, to exclusive, as for a location
        String newest = all.at("/entries/0/at").asText();
        JsonNode fromNewest = ok(http.get("/admin/api/organizations/" + org + "/audit?from=" + Http.enc(newest), token), 200);
        assertThat(fromNewest.get("entries")).extracting(e -> e.get("id").asLong()).contains(all.at("/entries/0/id").asLong())
                .allSatisfy(id -> assertThat(id).isGreaterThan(all.at("/entries/4/id").asLong()));
        JsonNode toNewest = ok(http.get("/admin/api/organizations/" + org + "/audit?to=" + Http.enc(newest), token), 200);
        assertThat(toNewest.get("entries")).extracting(e -> e.get("id").asLong())
                .doesNotContain(all.at("/entries/0/id").asLong()).contains(all.at("/entries/4/id").asLong());
        assertThat(fromNewest.get("totalResults").asInt() + toNewest.get("totalResults").asInt()).isEqualTo(5);

        // the same refusals, word for word, as the location audit's
        for (String query : List.of("count=1001", "count=-1", "startIndex=0", "startIndex=x", "from=yesterday",
                "to=2026-01-31")) {
            Response organization = http.get("/admin/api/organizations/" + org + "/audit?" + query, token);
            Response location = http.get("/admin/api/locations/" + sydney + "/audit?" + query, token);
            assertThat(organization.status()).as(query).isEqualTo(400);
            assertThat(organization.body()).as(query).isEqualTo(location.body());
        }
        assertThat(ok(http.get("/admin/api/organizations/" + org + "/audit?count=0", token), 200).get("entries")).isEmpty();
        assertThat(ok(http.get("/admin/api/organizations/" + org + "/audit?count=1000", token), 200).get("entries")).hasSize(5);
    }

    private JsonNode audit(String organizationId, String bearer) {
        return ok(http.get("/admin/api/organizations/" + organizationId + "/audit", bearer), 200);
    }

    private static void assertRow(JsonNode entry, String actor, String operation, String resourceId) {
        assertThat(entry.get("actor").asText()).as(entry.toString()).isEqualTo(actor);
        assertThat(entry.get("operation").asText()).as(entry.toString()).isEqualTo(operation);
        assertThat(entry.get("resourceId").asText()).as(entry.toString()).isEqualTo(resourceId);
        assertThat(entry.get("attributes")).as(entry.toString()).isEmpty();
        assertThat(entry.get("requestId").asText()).as(entry.toString()).isNotBlank();
    }

    private static List<String> operations(JsonNode page) {
        List<String> all = new ArrayList<>();
        page.get("entries").forEach(e -> all.add(e.get("operation").asText()));
        return all;
    }

    private Response send(String method, String path, String bearer, String json, String... headers) {
        return http.send(method, path, bearer, json, json == null ? null : "application/json", headers);
    }

    private static JsonNode ok(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.json();
    }
}
