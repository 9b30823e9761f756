package com.xakia.scim.location;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.TextNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated filters, PATCH bodies, cursors, paging values and ids thrown at the running app over HTTP:
 * never a 5xx, a request that fails writes nothing (the victim's version and the location's audit trail
 * stay as they were), and the app is healthy afterwards. Tries are bounded so the class takes seconds.
 */
class HostileInputFuzzTest {

    static RunningApp app;
    static Http http;
    static Admin admin;
    static TestLocation loc;
    static TestLocation bystander;
    static String victimId;

    @BeforeContainer
    static void start() {
        // its own app: the fuzz sends far more than a location's rate limit allows, and must not be refused
        app = RunningApp.start(Map.of(
                "xakia.scim.rate-limit-per-second", "1000000", "xakia.scim.rate-limit-burst", "1000000"));
        http = app.http;
        admin = new Admin(app);
        loc = admin.location("Fuzzed");
        bystander = admin.location("Bystander");
        victimId = http.post(loc.users(), loc.key(), """
                {"userName": "victim@example.com", "title": "Counsel", "name": {"givenName": "Vic", "familyName": "Tim"},
                 "emails": [{"value": "victim@example.com", "type": "work", "primary": true}]}""").json().get("id").asText();
        http.post(bystander.users(), bystander.key(), "{\"userName\": \"bystander@example.com\"}");
    }

    @AfterContainer
    static void healthyAndUntouched() {
        try {
            Response health = new Http("http://127.0.0.1:" + app.managementPort).get("/observe/health", null);
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(http.get(loc.users() + "/" + victimId, loc.key()).status()).isEqualTo(200);
            assertThat(admin.users(bystander.id())).hasSize(1);
            assertThat(auditRows(bystander)).as("nothing reached another location").isEqualTo(3);
        } finally {
            app.close();
        }
    }

    @Property(tries = 150)
    void filters_never_answer_5xx(@ForAll("filters") String filter, @ForAll("sortBy") String sortBy) {
        assertNo5xx(http.get(loc.users() + "?filter=" + enc(filter), loc.key()), filter);
        String search = "{\"filter\": " + json(filter) + (sortBy == null ? "" : ", \"sortBy\": " + json(sortBy)) + "}";
        assertNo5xx(http.post(loc.users() + "/.search", loc.key(), search), search);
        assertNo5xx(http.post(loc.scimBase() + "/.search", loc.key(), search), search);
        assertNo5xx(http.get(loc.scimBase() + "/Groups?filter=" + enc(filter), loc.key()), filter);
    }

    @Property(tries = 150)
    void patch_bodies_never_answer_5xx_and_write_nothing_when_they_fail(@ForAll("patches") String body) {
        Before before = before();
        Response response = http.patch(loc.users() + "/" + victimId, loc.key(), body);
        assertNo5xx(response, body);
        if (response.status() >= 400) {
            before.assertUnchanged(body);
        }
    }

    @Property(tries = 100)
    void cursors_and_paging_never_answer_5xx(@ForAll("cursors") String cursor, @ForAll("numbers") String startIndex,
                                             @ForAll("numbers") String count, @ForAll("sortBy") String sortBy) {
        String sort = sortBy == null ? "" : "&sortBy=" + enc(sortBy);
        assertNo5xx(http.get(loc.users() + "?cursor=" + enc(cursor) + "&count=" + enc(count) + sort, loc.key()), cursor);
        assertNo5xx(http.get(loc.users() + "?startIndex=" + enc(startIndex) + "&count=" + enc(count) + sort, loc.key()),
                startIndex + " " + count);
        assertNo5xx(http.post(loc.users() + "/.search", loc.key(), "{\"cursor\": " + json(cursor) + ", \"count\": "
                + json(count) + "}"), cursor);
        Response audit = http.get("/admin/api/locations/" + loc.id() + "/audit?startIndex=" + enc(startIndex) + "&count="
                + enc(count) + "&from=" + enc(cursor), app.adminToken);
        assertNo5xx(audit, "audit " + cursor);
    }

    @Property(tries = 100)
    void ids_never_answer_5xx_and_write_nothing(@ForAll("ids") String id) {
        Before before = before();
        String path = loc.users() + "/" + enc(id);
        for (Response response : List.of(http.get(path, loc.key()),
                http.put(path, loc.key(), "{\"userName\": \"ghost@example.com\"}"),
                http.patch(path, loc.key(), "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"active\": false}}]}"),
                http.delete(path, loc.key()),
                http.get(loc.scimBase() + "/Groups/" + enc(id), loc.key()))) {
            assertNo5xx(response, id);
        }
        before.assertUnchanged(id); // none of them names the victim, so none may change it or anything else
    }

    // ---- generators ------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> filters() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, filter(3)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(1, filter(2).map(f -> f.substring(0, f.length() / 2))), // cut off anywhere
                Tuple.of(1, Arbitraries.integers().between(1, 40).map(n -> "not (".repeat(n) + "userName pr" + ")".repeat(n))));
    }

    private static Arbitrary<String> filter(int depth) {
        Arbitrary<String> comparison = Combinators.combine(attributes(), operators(), values())
                .as((attribute, op, value) -> op.equalsIgnoreCase("pr") ? attribute + " " + op : attribute + " " + op + " " + value);
        if (depth == 0) {
            return comparison;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> filter(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(4, comparison),
                Tuple.of(2, Combinators.combine(inner, Arbitraries.of("and", "or", "AND", "Or"), inner).as((l, op, r) -> l + " " + op + " " + r)),
                Tuple.of(1, inner.map(f -> "not (" + f + ")")),
                Tuple.of(1, inner.map(f -> "(" + f + ")")),
                Tuple.of(1, Combinators.combine(Arbitraries.of("emails", "phoneNumbers", "members", "addresses", "title"), comparison)
                        .as((plural, f) -> plural + "[" + f + "]")),
                Tuple.of(1, Combinators.combine(comparison, attributes()).as((f, a) -> "emails[" + f + "]." + a + " eq \"x\"")));
    }

    private static Arbitrary<String> attributes() {
        return Arbitraries.oneOf(Arbitraries.of("userName", "USERNAME", "name.familyName", "name.givenName", "emails",
                        "emails.value", "emails.type", "emails.primary", "meta.created", "meta.lastModified", "meta.version",
                        "active", "title", "id", "externalId", "displayName", "members", "members.value", "groups",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                        "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:nope:x", "password", "x.y.z", "$", "-"),
                Arbitraries.strings().alpha().numeric().withChars("._:-$").ofMinLength(1).ofMaxLength(12));
    }

    private static Arbitrary<String> operators() {
        return Arbitraries.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ", "Pr", "like", "=", "");
    }

    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(16).map(HostileInputFuzzTest::json),
                Arbitraries.of("true", "false", "null", "True", "0", "-1", "1e999", "12.5", "\"\"", "\"unclosed", "'single'",
                        "\"2011-05-13T04:42:34Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"",
                        "\"0000-01-01T00:00:00Z\"", "\"2024-02-30T00:00:00Z\"", "\"10000-01-01T00:00:00Z\"", "\"a\\u0000b\"",
                        "\"%\"", "\"_\"", "\"\\\\\"", "{}", "[]", "victim@example.com"),
                Arbitraries.longs().map(String::valueOf));
    }

    @Provide
    Arbitrary<String> sortBy() {
        return Arbitraries.oneOf(Arbitraries.of("userName", "title", "meta.created", "emails", "emails[type eq \"work\"].value",
                "name", "nope", "", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department").injectNull(0.3),
                Arbitraries.strings().all().ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> patches() {
        Arbitrary<String> op = Arbitraries.of("\"add\"", "\"replace\"", "\"remove\"", "\"Replace\"", "\"ADD\"", "\"bogus\"",
                "null", "1", "{}");
        Arbitrary<String> path = Arbitraries.oneOf(
                Arbitraries.of("active", "title", "userName", "name.givenName", "name", "emails", "emails[type eq \"work\"].value",
                        "emails[type eq \"work\"]", "emails[value co \"@\"]", "phoneNumbers[type eq \"mobile\"].value",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "id", "meta.created", "meta",
                        "schemas", "password", "groups", "", "[", "emails[", "a.b.c.d").map(HostileInputFuzzTest::json),
                filter(1).map(f -> json("emails[" + f + "]")),
                Arbitraries.strings().all().ofMaxLength(20).map(HostileInputFuzzTest::json),
                Arbitraries.of("null", "1", "true", "[]"));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).map(HostileInputFuzzTest::json),
                Arbitraries.of("true", "false", "\"True\"", "\"False\"", "null", "0", "-9223372036854775809", "1e999", "[]", "{}",
                        "{\"active\": false}", "{\"active\": \"maybe\"}", "{\"userName\": \"bystander@example.com\"}",
                        "{\"userName\": null}", "{\"id\": \"x\"}", "{\"meta\": {\"created\": \"+999999999-12-31T23:59:59Z\"}}",
                        "[{\"value\": \"a@b.c\", \"primary\": true}, {\"value\": \"d@e.f\", \"primary\": true}]",
                        "{\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\": \"Legal\"}",
                        "{\"emails\": [{\"value\": \"x\\u0000y\"}]}", "{\"title\": \"a\\u0000b\"}", "[[[[[]]]]]"));
        Arbitrary<String> operation = Combinators.combine(op, path.injectNull(0.3), value.injectNull(0.2))
                .as((o, p, v) -> "{\"op\": " + o + (p == null ? "" : ", \"path\": " + p) + (v == null ? "" : ", \"value\": " + v) + "}");
        return Arbitraries.frequencyOf(
                Tuple.of(8, operation.list().ofMinSize(0).ofMaxSize(4).map(ops -> "{\"Operations\": [" + String.join(", ", ops) + "]}")),
                Tuple.of(1, operation.map(o -> "{\"operations\": [" + o + "], \"schemas\": [\"urn:nope\"]}")),
                Tuple.of(1, Arbitraries.of("", "[]", "null", "{}", "{\"Operations\": {}}", "{\"Operations\": \"x\"}",
                        "{\"Operations\": [1, 2]}", "{\"Operations\": [null]}", "{\"Operations\": [{}]}")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)));
    }

    @Provide
    Arbitrary<String> cursors() {
        Arbitrary<String> forged = Arbitraries.oneOf(
                Arbitraries.longs().map(n -> "o|" + n),
                Arbitraries.of("+999999999-12-31T23:59:59Z", "2020-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "x", "")
                        .map(t -> "k|" + t + "|" + victimId),
                Arbitraries.strings().all().ofMaxLength(30));
        return Arbitraries.oneOf(
                forged.map(text -> Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8))),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("", "=", "%%", "AAAA", "o|5"));
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf), Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("", " 5 ", "1e3", "0x10", "-0", "99999999999999999999999", "NaN", "1.5", "+7"),
                Arbitraries.strings().all().ofMaxLength(8));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.of("00000000-0000-0000-0000-000000000000", "..", ".", "%00", "' or '1'='1", "null", "*",
                        victimId + " ", " " + victimId, victimId + "0", victimId.replace("-", ""),
                        victimId.substring(0, 35), "x".repeat(3000))); // under the 4,096-byte request line (beyond it: 414)
    }

    // ---- checks ----------------------------------------------------------------------------------

    private static void assertNo5xx(Response response, String input) {
        assertThat(response.status()).as(input + " → " + abbreviated(response.body())).isLessThan(500);
        assertThat(response.body()).as(input).doesNotContain("Exception", "\tat ", "org.postgresql");
    }

    /** What a failed request must leave as it was: the victim's version, the audit trail, the users. */
    private record Before(String etag, int audited, int users) {
        void assertUnchanged(String input) {
            assertThat(http.get(loc.users() + "/" + victimId, loc.key()).header("ETag")).as(input).isEqualTo(etag);
            assertThat(auditRows(loc)).as(input).isEqualTo(audited);
            assertThat(admin.users(loc.id()).size()).as(input).isEqualTo(users);
        }
    }

    private static Before before() {
        return new Before(http.get(loc.users() + "/" + victimId, loc.key()).header("ETag"), auditRows(loc),
                admin.users(loc.id()).size());
    }

    private static int auditRows(TestLocation location) {
        return http.get("/admin/api/locations/" + location.id() + "/audit?count=0", app.adminToken).json()
                .get("totalResults").asInt();
    }

    private static String json(String text) {
        return new TextNode(text).toString();
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
