package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.config.Secrets;
import com.xakia.scim.db.Databases;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RawHttp;
import com.xakia.scim.support.RunningApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteDefinition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Organization admins (#16 item 6) over HTTP: the operator issues, lists and revokes an organization's admin
 * tokens; such a token reaches every admin call of its organization and its locations, and everything else
 * answers the very 404 of a thing that does not exist.
 */
class OrganizationAdminsTest {

    static final RunningApp APP = RunningApp.shared();
    static final String MISSING = "0123456789abcdef"; // a well-formed id of nothing

    final Http http = APP.http;
    final Admin operator = new Admin(APP);

    String org;          // the organization whose admin signs in
    String sydney;       // its locations: created in it, and one that joined it later
    String london;
    String sydneyKey;
    String otherOrg;     // another organization, its location, and a location of none
    String paris;
    String loner;
    String tokenId;
    String token;

    @BeforeEach
    void twoOrganizationsAndAnOrganizationAdmin() {
        org = id(operator.post("/admin/api/organizations", "{\"name\": \"Acme Legal\"}"), 201);
        sydney = id(operator.post("/admin/api/locations", "{\"name\": \"Sydney\", \"organizationId\": \"" + org + "\"}"), 201);
        london = id(operator.post("/admin/api/locations", "{\"name\": \"London\"}"), 201);
        id(http.send("PATCH", "/admin/api/locations/" + london, APP.adminToken, "{\"organizationId\": \"" + org + "\"}",
                "application/json"), 200);
        sydneyKey = operator.newKey(sydney);
        otherOrg = id(operator.post("/admin/api/organizations", "{\"name\": \"Other Legal\"}"), 201);
        paris = id(operator.post("/admin/api/locations", "{\"name\": \"Paris\", \"organizationId\": \"" + otherOrg + "\"}"), 201);
        loner = operator.location("Loner").id();

        Response issued = operator.post("/admin/api/organizations/" + org + "/admin-tokens", null);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        tokenId = issued.json().get("tokenId").asText();
        token = issued.json().get("token").asText();
    }

    @Test
    void an_organization_admin_token_is_shown_once_random_and_strong_stored_hashed_and_listed_without_the_secret()
            throws SQLException {
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(AdminTokenStrength.weakness(token)).as("the operator token's rules").isNull();
        String second = operator.post("/admin/api/organizations/" + org + "/admin-tokens", null).json().get("token").asText();
        assertThat(second).isNotEqualTo(token);

        Response listed = http.get("/admin/api/organizations/" + org + "/admin-tokens", APP.adminToken);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("adminTokens")).extracting(t -> t.get("tokenId").asText()).hasSize(2).contains(tokenId);
        assertThat(listed.body()).doesNotContain(token).doesNotContain(second);
        assertThat(http.get("/admin/api/organizations/" + org, APP.adminToken).body()).doesNotContain(token);

        // the control database holds the hash, and nowhere the token
        try (Connection c = APP.context().getRegistry().lookupByNameAndType("databases", Databases.class).control().getConnection();
             PreparedStatement ps = c.prepareStatement("select token_hash, t::text from control.organization_admin_token t"
                     + " where token_id = ?")) {
            ps.setString(1, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).isEqualTo(Secrets.hash(token));
                assertThat(rs.getString(2)).doesNotContain(token);
            }
        }
        assertThat(http.get("/admin/api/organizations/" + MISSING + "/admin-tokens", APP.adminToken).status()).isEqualTo(404);
        assertThat(operator.post("/admin/api/organizations/" + MISSING + "/admin-tokens", null).status()).isEqualTo(404);
    }

    @Test
    void an_organization_admin_reaches_every_call_of_its_organization_and_its_locations() {
        JsonNode me = ok(http.get("/admin/api/me", token), 200);
        assertThat(me.get("role").asText()).isEqualTo("organization");
        assertThat(me.get("organizationId").asText()).isEqualTo(org);
        assertThat(me.get("tokenId").asText()).isEqualTo(tokenId);
        assertThat(ok(http.get("/admin/api/me", APP.adminToken), 200).get("role").asText()).isEqualTo("operator");

        assertThat(ok(http.get("/admin/api/locations", token), 200).get("locations")).extracting(l -> l.get("id").asText())
                .containsExactlyInAnyOrder(sydney, london);
        assertThat(ok(http.get("/admin/api/organizations", token), 200).get("organizations"))
                .extracting(o -> o.get("id").asText()).containsExactly(org);
        assertThat(ok(http.get("/admin/api/organizations/" + org, token), 200).get("locationIds")).hasSize(2);
        ok(send("POST", "/admin/api/organizations/" + org + "/scim-keys", "{\"identityProvider\": \"entra\"}"), 201);
        ok(send("PUT", "/admin/api/organizations/" + org + "/routing", "{\"locations\": {\"Sydney\": \"" + sydney
                + "\"}, \"default\": \"" + london + "\"}"), 200);
        ok(http.get("/admin/api/organizations/" + org + "/audit", token), 200);
        ok(http.get("/admin/api/openapi.json", token), 200);

        // provisioned and invited before the loop issues Sydney a new key and invites all
        String provisioned = ok(http.post("/scim/v2/" + sydney + "/Users", sydneyKey, "{\"userName\": \"ada@acme.example\"}"),
                201).get("id").asText();
        ok(send("POST", "/admin/api/locations/" + sydney + "/users/" + provisioned + "/invite", null), 202);
        for (String location : List.of(sydney, london)) {
            String base = "/admin/api/locations/" + location;
            assertThat(ok(http.get(base, token), 200).get("organizationId").asText()).isEqualTo(org);
            ok(send("POST", base + "/scim-keys", null), 201);
            ok(send("POST", base + "/users", "{\"email\": \"native@" + location + ".example\", \"givenName\": \"Nat\","
                    + " \"familyName\": \"Ive\"}"), 201);
            ok(http.get(base + "/users", token), 200);
            ok(http.get(base + "/invitations", token), 200);
            ok(send("POST", base + "/invitations", "{\"all\": \"provisioned\"}"), 202);
            ok(http.get(base + "/audit", token), 200);
        }

        // the audit rows name the organization admin's token by its id, never the token
        Response audit = http.get("/admin/api/locations/" + sydney + "/audit", token);
        Map<String, String> actors = new LinkedHashMap<>();
        audit.json().get("entries").forEach(e -> actors.putIfAbsent(e.get("operation").asText(), e.get("actor").asText()));
        assertThat(actors).containsEntry("admin.scim-key.issue", "org-admin:" + tokenId)
                .containsEntry("admin.user.create", "org-admin:" + tokenId)
                .containsEntry("admin.location.create", "admin");
        assertThat(audit.json().toString()).contains("org-admin:" + tokenId).doesNotContain(token);
        assertThat(http.get("/admin/api/locations/" + sydney + "/invitations", token).json().at("/invitations/0/userId")
                .asText()).isEqualTo(provisioned);
    }

    @Test
    void everything_outside_its_organization_answers_the_404_of_a_thing_that_does_not_exist_and_changes_nothing() {
        String usersOfParis = http.get("/admin/api/locations/" + paris + "/users", APP.adminToken).body();
        int organizations = http.get("/admin/api/organizations", APP.adminToken).json().get("organizations").size();
        int locations = http.get("/admin/api/locations", APP.adminToken).json().get("locations").size();

        // another organization's location and a location of none: as if there were no such location
        for (String outside : List.of(paris, loner)) {
            for (String[] call : locationCalls()) {
                String path = call[1].formatted(outside);
                Response asOrgAdmin = http.send(call[0], path, token, call[2], call[2] == null ? null : "application/json");
                Response missing = http.send(call[0], call[1].formatted(MISSING), APP.adminToken, call[2],
                        call[2] == null ? null : "application/json");
                assertThat(missing.status()).as(call[0] + " " + call[1]).isEqualTo(404);
                assertThat(asOrgAdmin.status()).as(call[0] + " " + path).isEqualTo(404);
                assertThat(asOrgAdmin.body()).as(call[0] + " " + path).isEqualTo(missing.body().replace(MISSING, outside));
            }
        }
        // another organization: as if there were no such organization
        for (String[] call : List.of(new String[] {"GET", "/admin/api/organizations/%s", null},
                new String[] {"POST", "/admin/api/organizations/%s/scim-keys", null},
                new String[] {"PUT", "/admin/api/organizations/%s/routing", "{\"locations\": {}}"},
                new String[] {"GET", "/admin/api/organizations/%s/audit", null})) {
            Response asOrgAdmin = http.send(call[0], call[1].formatted(otherOrg), token, call[2], call[2] == null ? null : "application/json");
            Response missing = http.send(call[0], call[1].formatted(MISSING), APP.adminToken, call[2], call[2] == null ? null : "application/json");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(asOrgAdmin.status()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(asOrgAdmin.body()).isEqualTo(missing.body().replace(MISSING, otherOrg));
        }
        // the operator's calls, its own organization's included: as if there were no such call
        Response noSuchCall = http.get("/admin/api/no-such-call", APP.adminToken);
        assertThat(noSuchCall.status()).isEqualTo(404);
        assertThat(noSuchCall.json().get("status").asInt()).isEqualTo(404);
        assertThat(http.send("DELETE", "/admin/api/locations", null, null, null).body()).isEqualTo(noSuchCall.body());
        for (String[] call : List.of(new String[] {"POST", "/admin/api/organizations", "{\"name\": \"Mine now\"}"},
                new String[] {"POST", "/admin/api/locations", "{\"name\": \"Mine too\", \"organizationId\": \"" + org + "\"}"},
                new String[] {"PATCH", "/admin/api/locations/" + loner, "{\"organizationId\": \"" + org + "\"}"},
                new String[] {"PATCH", "/admin/api/locations/" + sydney, "{\"organizationId\": \"" + org + "\"}"},
                new String[] {"POST", "/admin/api/organizations/" + org + "/admin-tokens", null},
                new String[] {"GET", "/admin/api/organizations/" + org + "/admin-tokens", null},
                new String[] {"DELETE", "/admin/api/organizations/" + org + "/admin-tokens/" + tokenId, null},
                new String[] {"POST", "/admin/api/organizations/" + otherOrg + "/admin-tokens", null})) {
            Response asOrgAdmin = http.send(call[0], call[1], token, call[2], call[2] == null ? null : "application/json");
            assertThat(asOrgAdmin.status()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(asOrgAdmin.body()).as(call[0] + " " + call[1]).isEqualTo(noSuchCall.body());
        }

        assertThat(http.get("/admin/api/locations/" + paris + "/users", APP.adminToken).body()).isEqualTo(usersOfParis);
        assertThat(http.get("/admin/api/organizations", APP.adminToken).json().get("organizations")).hasSize(organizations);
        assertThat(http.get("/admin/api/locations", APP.adminToken).json().get("locations")).hasSize(locations);
        assertThat(http.get("/admin/api/locations/" + loner, APP.adminToken).json().get("organizationId").isNull()).isTrue();
        assertThat(http.get("/admin/api/organizations/" + otherOrg, APP.adminToken).json().get("scimKey").isNull()).isTrue();
        assertThat(http.get("/admin/api/me", token).status()).as("the token still works").isEqualTo(200);
    }

    @Test
    void a_location_on_a_server_of_its_own_shows_an_organization_admin_only_that_it_has_one() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(RunningApp.tempDir().resolve("admins-own"))
                .setPort(port).start()) {
            String url = server.getJdbcUrl("postgres", "postgres"); // its parameters name the user, as a password could
            assertThat(url).contains("?");
            String own = id(operator.post("/admin/api/locations", "{\"name\": \"Perth\", \"organizationId\": \"" + org
                    + "\", \"database\": {\"url\": \"" + url + "\", \"user\": \"postgres\"}}"), 201);

            JsonNode asOperator = ok(http.send("GET", "/admin/api/locations/" + own, APP.adminToken, null, null), 200);
            assertThat(asOperator.get("database").asText()).isEqualTo(url.substring(0, url.indexOf('?')));
            Response asOrgAdmin = http.send("GET", "/admin/api/locations/" + own, token, null, null);
            assertThat(ok(asOrgAdmin, 200).get("database").asText()).isEqualTo("own");
            Response list = http.send("GET", "/admin/api/locations", token, null, null);
            assertThat(list.body()).doesNotContain("jdbc:").doesNotContain(String.valueOf(port));
        }
    }

    @Test
    void an_organization_admin_reads_that_an_invitation_failed_not_the_operators_mail_server() {
        // the shared app's SMTP server (localhost:25) does not answer: every attempt fails with a connect error
        String user = ok(http.post("/scim/v2/" + sydney + "/Users", sydneyKey, "{\"userName\": \"grace@acme.example\"}"),
                201).get("id").asText();
        ok(send("POST", "/admin/api/locations/" + sydney + "/users/" + user + "/invite", null), 202);
        String invitations = "/admin/api/locations/" + sydney + "/invitations";
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                !ok(http.get(invitations, APP.adminToken), 200).at("/invitations/0/lastError").isNull());

        assertThat(ok(http.get(invitations, APP.adminToken), 200).at("/invitations/0/lastError").asText())
                .containsIgnoringCase("connect");
        Response asOrgAdmin = http.get(invitations, token);
        assertThat(ok(asOrgAdmin, 200).at("/invitations/0/lastError").asText())
                .isEqualTo("The email could not be delivered; the service's operator has the details.");
        assertThat(ok(http.get("/admin/api/locations/" + sydney + "/users", token), 200).toString())
                .doesNotContainIgnoringCase("connect").doesNotContain("localhost");
    }

    @Test
    void a_revoked_token_is_refused_at_once_and_the_operator_token_keeps_working() {
        assertThat(http.get("/admin/api/locations/" + sydney, token).status()).isEqualTo(200);

        Response revoked = http.send("DELETE", "/admin/api/organizations/" + org + "/admin-tokens/" + tokenId, APP.adminToken,
                null, null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);

        Response refused = http.get("/admin/api/locations/" + sydney, token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo(http.get("/admin/api/locations/" + sydney, "not-a-token").body());
        assertThat(http.get("/admin/api/organizations/" + org + "/admin-tokens", APP.adminToken).json().get("adminTokens"))
                .isEmpty();
        assertThat(http.send("DELETE", "/admin/api/organizations/" + org + "/admin-tokens/" + tokenId, APP.adminToken, null,
                null).status()).as("revoked already").isEqualTo(404);
        assertThat(http.send("DELETE", "/admin/api/organizations/" + otherOrg + "/admin-tokens/" + tokenId, APP.adminToken,
                null, null).status()).as("another organization's token id").isEqualTo(404);
        assertThat(http.get("/admin/api/locations/" + sydney, APP.adminToken).status()).isEqualTo(200);
    }

    @Test
    void wrong_tokens_are_throttled_as_the_operators_are_and_then_a_right_one_is_refused_too() throws IOException {
        String from = "127.0.0.4"; // a client of its own (AuthenticationTest throttles 127.0.0.2)
        for (int i = 1; i <= 10; i++) {
            assertThat(adminCall(from, "wrong-" + i + "-" + token)).as("attempt " + i).startsWith("HTTP/1.1 401");
        }
        assertThat(adminCall(from, "wrong-11-" + token)).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After:");
        assertThat(adminCall(from, token)).as("refused before the token is looked at").startsWith("HTTP/1.1 429");
        assertThat(adminCall("127.0.0.5", token)).as("another client").startsWith("HTTP/1.1 200");
    }

    /**
     * The rule that keeps the above true for calls added later: every admin route authenticates first and then
     * names what it reaches, or is one of the few that filter by the caller themselves (or reach nothing).
     */
    @Test
    void every_admin_route_authenticates_and_then_names_what_it_reaches() {
        Set<String> unscoped = Set.of("admin-locations-list", "admin-organizations-list", "admin-me", "admin-openapi");
        List<RouteDefinition> routes = APP.context().getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinitions().stream().filter(r -> r.getId().startsWith("admin-"))
                .filter(r -> r.getInput().getEndpointUri().startsWith("rest:")) // each REST verb, its route inlined
                .filter(r -> !r.getId().startsWith("admin-page-")).toList(); // the page's static files: no token
        assertThat(routes).hasSizeGreaterThan(20);
        for (RouteDefinition route : routes) {
            List<String> steps = route.getOutputs().stream()
                    .filter(step -> !(step instanceof OnExceptionDefinition)) // the route configuration's, applied
                    .limit(2)
                    .map(step -> step instanceof BeanDefinition bean ? bean.getRef() + "." + bean.getMethod() : step.toString())
                    .toList();
            assertThat(steps.get(0)).as(route.getId()).isEqualTo("adminToken.authenticate");
            if (!unscoped.contains(route.getId())) {
                assertThat(steps.get(1)).as(route.getId()).isIn("adminScope.location", "adminScope.organization",
                        "adminScope.operatorOnly");
            }
        }
    }

    /** Every admin call under /locations/{id}: method, path (%s the location), body. */
    private static List<String[]> locationCalls() {
        String user = "00000000-0000-0000-0000-000000000001";
        return List.of(new String[] {"GET", "/admin/api/locations/%s", null},
                new String[] {"POST", "/admin/api/locations/%s/scim-keys", null},
                new String[] {"GET", "/admin/api/locations/%s/users", null},
                new String[] {"POST", "/admin/api/locations/%s/users", "{\"email\": \"x@example.com\", \"givenName\": \"X\", \"familyName\": \"Y\"}"},
                new String[] {"POST", "/admin/api/locations/%s/users/" + user + "/invite", null},
                new String[] {"GET", "/admin/api/locations/%s/invitations", null},
                new String[] {"POST", "/admin/api/locations/%s/invitations", "{\"all\": \"provisioned\"}"},
                new String[] {"GET", "/admin/api/locations/%s/audit", null});
    }

    private Response send(String method, String path, String json) {
        return http.send(method, path, token, json, json == null ? null : "application/json");
    }

    private static JsonNode ok(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.json();
    }

    private static String id(Response response, int status) {
        return ok(response, status).get("id").asText();
    }

    private String adminCall(String fromAddress, String bearer) throws IOException {
        try (Socket socket = RawHttp.connect(fromAddress, APP.port)) {
            RawHttp.send(socket, "GET /admin/api/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + bearer
                    + "\r\nConnection: close\r\n\r\n");
            return RawHttp.readResponse(socket);
        }
    }
}
