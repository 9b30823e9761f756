package com.xakia.scim.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile requests get a clear 4xx (never a 500) and change nothing. */
class HostileInputTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);
    TestLocation loc;
    TestLocation other;
    String userId;

    @BeforeEach
    void aLocationWithOneUser() {
        loc = admin.location("Target");
        other = admin.location("Bystander");
        userId = http.post(loc.users(), loc.key(), "{\"userName\": \"victim@example.com\", \"title\": \"Counsel\"}")
                .json().get("id").asText();
        http.post(other.users(), other.key(), "{\"userName\": \"bystander@example.com\"}");
    }

    @Test
    void injection_in_filters_is_an_invalid_filter_or_matches_nothing() {
        for (String filter : List.of(
                "userName eq \"x\" or 1=1",
                "userName eq \"x'; drop table users; --\"",
                "userName eq \"\\\" or \\\"\\\"=\\\"\"",
                "userName eq \"x\") or (1=1",
                "userName; drop table users",
                "userName eq \"x\" or userName pr) --",
                "resource eq \"x\"",
                "password eq \"x\"",
                "userName eq 'victim@example.com'",
                "userName sw \"%\"",
                "userName co \"_\"",
                "externalId eq \"1\" union select * from control.scim_key --",
                "(".repeat(1000) + "userName eq \"x\"" + ")".repeat(1000),
                "\u0000userName eq \"x\"")) {
            Response response = http.get(loc.users() + "?filter=" + encode(filter), loc.key());
            // 414: a request line over Vert.x's 4,096 bytes is refused before it reaches the app
            assertThat(response.status()).as(filter + " → " + response.body()).isIn(200, 400, 414);
            if (response.status() == 200) {
                assertThat(response.json().get("totalResults").asInt()).as(filter).isZero();
            } else if (response.status() == 400) {
                assertScimError(response, filter);
            }
        }
        assertNothingChanged();
    }

    @Test
    void injection_and_traversal_in_ids_and_location_ids_are_404_or_401() {
        Map<String, Response> attempts = new LinkedHashMap<>();
        String injectedId = encode("1' or '1'='1");
        attempts.put("sql in id (GET)", http.get(loc.users() + "/" + injectedId, loc.key()));
        attempts.put("sql in id (PUT)", http.put(loc.users() + "/" + injectedId, loc.key(), "{\"userName\": \"x@example.com\"}"));
        attempts.put("sql in id (PATCH)", http.patch(loc.users() + "/" + injectedId, loc.key(),
                "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"active\": false}}]}"));
        attempts.put("sql in id (DELETE)", http.delete(loc.users() + "/" + injectedId, loc.key()));
        attempts.put("json in id", http.get(loc.users() + "/" + encode("{\"$ne\":null}"), loc.key()));
        attempts.put("traversal in id", http.get(loc.users() + "/..%2F..%2F" + other.id() + "%2FUsers", loc.key()));
        attempts.put("sql in location", http.get("/scim/v2/" + encode(loc.id() + "' or '1'='1") + "/Users", loc.key()));
        attempts.put("schema name as location", http.get("/scim/v2/loc_" + loc.id() + "/Users", loc.key()));
        attempts.put("traversal to another location", http.get("/scim/v2/" + loc.id() + "/../" + other.id() + "/Users", loc.key()));
        attempts.put("traversal to admin", http.get("/scim/v2/" + loc.id() + "/../../../admin/api/locations", loc.key()));
        attempts.put("encoded traversal", http.get("/scim/v2/" + loc.id() + "%2F..%2F" + other.id() + "/Users", loc.key()));

        attempts.forEach((what, response) -> {
            assertThat(response.status()).as(what + " → " + response.body()).isBetween(400, 499);
            assertThat(response.body()).as(what).doesNotContain("bystander").doesNotContain("victim");
        });
        assertNothingChanged();
    }

    @Test
    void a_10_mb_body_is_413_before_it_is_parsed() {
        String huge = "{\"userName\": \"huge@example.com\", \"title\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        Response response = http.post(loc.users(), loc.key(), huge);
        assertThat(response.status()).isEqualTo(413);
        Response patch = http.patch(loc.users() + "/" + userId, loc.key(), huge);
        assertThat(patch.status()).isEqualTo(413);
        assertNothingChanged();
    }

    @Test
    void deep_nesting_malformed_json_and_invalid_utf8_are_400() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("100,000-deep array", ("{\"userName\": \"deep@example.com\", \"x\": " + deep + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("100,000-deep object", ("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("unclosed", "{\"userName\": \"a@example.com\"".getBytes(StandardCharsets.UTF_8));
        bodies.put("array", "[]".getBytes(StandardCharsets.UTF_8));
        bodies.put("null", "null".getBytes(StandardCharsets.UTF_8));
        bodies.put("trailing garbage", "{\"userName\": \"a@example.com\"} {}".getBytes(StandardCharsets.UTF_8));
        bodies.put("huge number", "{\"userName\": \"a@example.com\", \"active\": 1e999999999}".getBytes(StandardCharsets.UTF_8));
        bodies.put("1 MB number", ("{\"userName\": \"a@example.com\", \"n\": " + "9".repeat(1_000_000) + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("userName an object", "{\"userName\": {\"$gt\": \"\"}}".getBytes(StandardCharsets.UTF_8));
        byte[] invalidUtf8 = "{\"userName\": \"bad-\u00ff@example.com\"}".getBytes(StandardCharsets.ISO_8859_1);
        bodies.put("invalid UTF-8", invalidUtf8);
        bodies.put("lone surrogate bytes", new byte[] {'{', '"', 'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '"', ':', '"',
            (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});

        bodies.forEach((what, body) -> {
            for (String[] call : new String[][] {{"POST", loc.users()}, {"PUT", loc.users() + "/" + userId},
                                                 {"PATCH", loc.users() + "/" + userId}}) {
                Response response = http.sendBytes(call[0], call[1], loc.key(), body, "application/scim+json");
                assertThat(response.status()).as(what + " " + call[0] + " → " + response.body()).isEqualTo(400);
                assertScimError(response, what);
            }
        });
        assertNothingChanged();
    }

    @Test
    void absurd_paging_is_answered_and_never_a_500() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("count=99999999999999999999", 200);
        expected.put("count=-1", 200);
        expected.put("startIndex=-99999999999", 200);
        expected.put("startIndex=2147483647", 200);
        expected.put("startIndex=99999999999999999999&count=5", 200);
        expected.put("count=abc", 400);
        expected.put("count=1e9", 400);
        expected.put("startIndex=" + encode("1; drop table users"), 400);
        expected.forEach((query, status) -> {
            Response response = http.get(loc.users() + "?" + query, loc.key());
            assertThat(response.status()).as(query + " → " + response.body()).isEqualTo(status);
        });
        assertThat(http.get(loc.users() + "?count=99999999999999999999", loc.key()).json().get("itemsPerPage").asInt())
                .isEqualTo(1);
        assertNothingChanged();
    }

    @Test
    void inputs_that_once_answered_500_are_400_with_a_clear_error() {
        Map<String, Response> answers = new LinkedHashMap<>();
        String nestedNot = "not (".repeat(10_000) + "userName eq \"x\"" + ")".repeat(10_000);
        answers.put("10,000 nested not, in a search body", http.post(loc.users() + "/.search", loc.key(),
                "{\"filter\": \"" + nestedNot.replace("\"", "\\\"") + "\"}"));
        answers.put("100 nested not, in the query", http.get(loc.users() + "?filter="
                + encode("not (".repeat(100) + "userName eq \"x\"" + ")".repeat(100)), loc.key()));
        String tenThousandOrs = String.join(" or ", java.util.Collections.nCopies(10_000, "userName eq \\\"x\\\""));
        answers.put("10,000 or terms", http.post(loc.users() + "/.search", loc.key(), "{\"filter\": \"" + tenThousandOrs + "\"}"));
        answers.put("a year +999999999 in a filter", http.get(loc.users() + "?filter="
                + encode("meta.created gt \"+999999999-12-31T23:59:59Z\""), loc.key()));
        answers.put("a forged cursor with a negative offset", http.get(loc.users() + "?sortBy=userName&cursor="
                + base64("o|-5"), loc.key()));
        answers.put("a forged keyset cursor in year +999999999", http.get(loc.users() + "?cursor="
                + base64("k|+999999999-12-31T23:59:59Z|" + userId), loc.key()));
        answers.put("a NUL character in a filter value", http.get(loc.users() + "?filter="
                + encode("userName eq \"a\\u0000b\""), loc.key()));
        answers.put("a NUL character in a new user", http.post(loc.users(), loc.key(), "{\"userName\": \"nul\\u0000@example.com\"}"));
        StringBuilder noise = new StringBuilder(); // does not compress: too large for the userName index's row
        java.util.Random random = new java.util.Random(12);
        while (noise.length() < 40_000) {
            noise.append(Long.toString(random.nextLong(), 36));
        }
        answers.put("a 40,000-character userName", http.post(loc.users(), loc.key(), "{\"userName\": \"" + noise + "\"}"));
        answers.put("65 attributes", http.get(loc.users() + "/" + userId + "?attributes="
                + String.join(",", java.util.Collections.nCopies(65, "title")), loc.key()));
        answers.put("a PATCH path with a 300-term value filter", http.patch(loc.users() + "/" + userId, loc.key(),
                "{\"Operations\": [{\"op\": \"remove\", \"path\": \"emails["
                        + String.join(" or ", java.util.Collections.nCopies(300, "type pr")) + "]\"}]}"));
        answers.put("too many attributes on a write", http.send("PUT", loc.users() + "/" + userId + "?excludedAttributes="
                + String.join(",", java.util.Collections.nCopies(65, "title")), loc.key(),
                "{\"userName\": \"victim@example.com\", \"title\": \"Changed\"}", "application/scim+json"));

        answers.forEach((what, response) -> {
            assertThat(response.status()).as(what + " → " + abbreviated(response.body())).isEqualTo(400);
            assertScimError(response, what);
            assertThat(response.body()).as(what).doesNotContain("Exception", "at com.", "org.postgresql");
        });
        assertThat(answers.get("10,000 nested not, in a search body").json().get("scimType").asText()).isEqualTo("invalidFilter");
        assertThat(answers.get("10,000 nested not, in a search body").json().get("detail").asText()).contains("XAKIA_SCIM_FILTER_MAX_");
        assertThat(answers.get("100 nested not, in the query").json().get("detail").asText()).contains("XAKIA_SCIM_FILTER_MAX_DEPTH");
        assertThat(answers.get("a forged cursor with a negative offset").json().get("scimType").asText()).isEqualTo("invalidCursor");
        assertThat(answers.get("65 attributes").json().get("detail").asText()).contains("XAKIA_SCIM_MAX_ATTRIBUTES");

        Response audit = http.get("/admin/api/locations/" + loc.id() + "/audit?from=" + encode("+999999999-12-31T23:59:59Z"),
                APP.adminToken);
        assertThat(audit.status()).as(audit.body()).isEqualTo(400);
        assertThat(audit.json().get("error").asText()).contains("from");
        assertNothingChanged();
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static String base64(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private void assertNothingChanged() {
        JsonNode users = admin.users(loc.id());
        assertThat(users).hasSize(1);
        JsonNode victim = http.get(loc.users() + "/" + userId, loc.key()).json();
        assertThat(victim.get("userName").asText()).isEqualTo("victim@example.com");
        assertThat(victim.get("title").asText()).isEqualTo("Counsel");
        assertThat(victim.get("active").asBoolean()).isTrue();
        assertThat(victim.at("/meta/version").asText()).isEqualTo("W/\"1\"");
        assertThat(admin.users(other.id())).hasSize(1);
        assertThat(http.get(loc.users(), loc.key()).status()).isEqualTo(200);
    }

    private static void assertScimError(Response response, String what) {
        JsonNode body = response.json();
        assertThat(body.get("schemas").get(0).asText()).as(what).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.get("status").asText()).as(what).isEqualTo(String.valueOf(response.status()));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
