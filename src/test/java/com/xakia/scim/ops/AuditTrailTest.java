package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** Who did what in a location, readable by the admin, with no secret in it. */
class AuditTrailTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    @Test
    void scim_writes_and_admin_actions_are_in_the_location_audit_trail_newest_first() {
        TestLocation loc = admin.location("Geelong");
        String keyId = APP.http.get("/admin/api/locations/" + loc.id(), APP.adminToken).json().at("/scimKey/keyId").asText();
        String id = http.send("POST", loc.users(), loc.key(), "{\"userName\": \"audit@example.com\", \"password\": \"S3cret!pw\"}",
                "application/scim+json", "X-Request-Id", "req-audit-1").json().get("id").asText();
        http.patch(loc.users() + "/" + id, loc.key(),
                "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"active\": false, \"title\": \"Partner\"}}]}");
        admin.nativeUser(loc.id(), "native@example.com", "Nat", "Ive");

        Response audit = http.get("/admin/api/locations/" + loc.id() + "/audit", APP.adminToken);
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        JsonNode entries = audit.json().get("entries");
        assertThat(audit.json().get("totalResults").asInt()).isEqualTo(5);
        assertThat(operations(entries)).containsExactly(
                "admin.user.create", "scim.user.patch", "scim.user.create", "admin.scim-key.issue", "admin.location.create");
        JsonNode patch = entries.get(1);
        assertThat(patch.get("actor").asText()).isEqualTo("scim-key:" + keyId);
        assertThat(patch.get("resourceId").asText()).isEqualTo(id);
        assertThat(patch.get("attributes")).extracting(JsonNode::asText).containsExactly("active", "title");
        JsonNode create = entries.get(2);
        assertThat(create.get("requestId").asText()).isEqualTo("req-audit-1");
        assertThat(create.get("attributes")).extracting(JsonNode::asText).doesNotContain("password");
        assertThat(entries.get(3).get("actor").asText()).isEqualTo("admin");
        assertThat(entries.get(3).get("resourceId").asText()).isEqualTo(keyId);
        assertThat(audit.body()).doesNotContain(loc.key()).doesNotContain("S3cret").doesNotContain(APP.adminToken)
                .doesNotContain("Partner");
    }

    @Test
    void the_audit_trail_pages_and_filters_by_time() {
        TestLocation loc = admin.location("Ballarat");
        for (int i = 0; i < 5; i++) {
            http.post(loc.users(), loc.key(), "{\"userName\": \"page" + i + "@example.com\"}");
        }
        String base = "/admin/api/locations/" + loc.id() + "/audit";
        JsonNode first = http.get(base + "?count=3", APP.adminToken).json();
        JsonNode second = http.get(base + "?count=3&startIndex=4", APP.adminToken).json();
        assertThat(first.get("totalResults").asInt()).isEqualTo(7);
        assertThat(first.get("entries")).hasSize(3);
        assertThat(second.get("entries")).hasSize(3);
        List<Long> ids = new ArrayList<>();
        first.get("entries").forEach(e -> ids.add(e.get("id").asLong()));
        second.get("entries").forEach(e -> ids.add(e.get("id").asLong()));
        assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));

        String newest = first.get("entries").get(0).get("at").asText();
        JsonNode fromNewest = http.get(base + "?from=" + encode(newest), APP.adminToken).json();
        assertThat(fromNewest.get("entries")).extracting(e -> e.get("at").asText()).containsOnly(newest);
        JsonNode beforeNewest = http.get(base + "?to=" + encode(newest), APP.adminToken).json();
        assertThat(beforeNewest.get("totalResults").asInt() + fromNewest.get("totalResults").asInt()).isEqualTo(7);
        String future = OffsetDateTime.now().plusDays(1).toString();
        assertThat(http.get(base + "?from=" + encode(future), APP.adminToken).json().get("totalResults").asInt()).isZero();
    }

    @Test
    void bad_audit_queries_are_clear_400s_and_the_audit_needs_the_admin_token() {
        TestLocation loc = admin.location("Bendigo");
        String base = "/admin/api/locations/" + loc.id() + "/audit";
        for (String query : List.of("?from=yesterday", "?to=2026-13-01T00:00:00Z", "?count=-1", "?count=100000",
                "?startIndex=0", "?count=1e3", "?from=" + encode("'; drop table audit; --"))) {
            Response response = http.get(base + query, APP.adminToken);
            assertThat(response.status()).as(query + " " + response.body()).isEqualTo(400);
        }
        assertThat(http.get(base, loc.key()).status()).isEqualTo(401);
        assertThat(http.get("/admin/api/locations/0123456789abcdef/audit", APP.adminToken).status()).isEqualTo(404);
        assertThat(http.get(base, APP.adminToken).json().get("totalResults").asInt()).isEqualTo(2);
    }

    private static List<String> operations(JsonNode entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.get("operation").asText()));
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
