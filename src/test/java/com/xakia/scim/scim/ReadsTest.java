package com.xakia.scim.scim;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** attributes/excludedAttributes, sorting, count=0, cursor paging, .search and ETags on reads. */
class ReadsTest {

    static final RunningApp APP = RunningApp.shared();
    static final Http HTTP = APP.http;
    static TestLocation loc;
    static String zoeId;

    @BeforeAll
    static void users() {
        loc = new Admin(APP).location("Reads");
        for (String name : List.of("mia", "ali", "zoe", "kim", "bea")) {
            Response created = HTTP.post(loc.users(), loc.key(), """
                    {"userName": "%s@example.com", "title": "T-%s", "name": {"givenName": "%s", "familyName": "Fam"},
                     "emails": [{"value": "%s@work.example", "type": "work", "primary": true},
                                {"value": "%s@home.example", "type": "home"}],
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "D-%s", "costCenter": "C1"}}
                    """.formatted(name, name, name, name, name, name));
            assertThat(created.status()).isEqualTo(201);
            if (name.equals("zoe")) {
                zoeId = created.json().get("id").asText();
            }
        }
    }

    JsonNode zoe(String query) {
        Response got = HTTP.get(loc.users() + "/" + zoeId + query, loc.key());
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        return got.json();
    }

    @Test
    void attributes_returns_only_what_is_asked_and_always_the_id() {
        JsonNode user = zoe("?attributes=userName,name.givenName");
        assertThat(fields(user)).containsExactlyInAnyOrder("schemas", "id", "userName", "name");
        assertThat(fields(user.get("name"))).containsExactly("givenName");

        JsonNode work = zoe("?attributes=" + enc("emails[type eq \"work\"]"));
        assertThat(work.get("emails")).hasSize(1);
        assertThat(work.at("/emails/0/value").asText()).isEqualTo("zoe@work.example");

        JsonNode values = zoe("?attributes=emails.value");
        assertThat(fields(values.at("/emails/0"))).containsExactly("value");

        JsonNode department = zoe("?attributes=" + enc("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"));
        JsonNode enterprise = department.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(fields(enterprise)).containsExactly("department");
    }

    @Test
    void excludedAttributes_removes_those_and_never_the_id() {
        JsonNode user = zoe("?excludedAttributes=emails,name.familyName,id,meta");
        assertThat(user.has("emails")).isFalse();
        assertThat(user.has("meta")).isFalse();
        assertThat(user.get("id").asText()).isEqualTo(zoeId);
        assertThat(fields(user.get("name"))).containsExactly("givenName");
        assertThat(user.get("title").asText()).isEqualTo("T-zoe");

        JsonNode notHome = zoe("?excludedAttributes=" + enc("emails[type eq \"home\"]"));
        assertThat(notHome.get("emails")).hasSize(1);
    }

    @Test
    void lists_apply_projection_to_every_resource() {
        JsonNode list = HTTP.get(loc.users() + "?attributes=userName", loc.key()).json();
        assertThat(list.get("Resources")).hasSize(5).allSatisfy(u ->
                assertThat(fields(u)).containsExactlyInAnyOrder("schemas", "id", "userName"));
    }

    @Test
    void sortBy_and_sortOrder() {
        assertThat(names("?sortBy=userName")).containsExactly("ali", "bea", "kim", "mia", "zoe");
        assertThat(names("?sortBy=name.givenName&sortOrder=descending")).containsExactly("zoe", "mia", "kim", "bea", "ali");
        assertThat(names("?sortBy=emails&sortOrder=ascending")).containsExactly("ali", "bea", "kim", "mia", "zoe");
        assertThat(names("")).containsExactly("mia", "ali", "zoe", "kim", "bea"); // creation order
        assertThat(HTTP.get(loc.users() + "?sortBy=nope", loc.key()).status()).isEqualTo(400);
        assertThat(HTTP.get(loc.users() + "?sortBy=userName&sortOrder=sideways", loc.key()).status()).isEqualTo(400);
    }

    @Test
    void count_zero_returns_the_total_and_an_empty_page() {
        JsonNode list = HTTP.get(loc.users() + "?count=0&startIndex=3", loc.key()).json();
        assertThat(fields(list)).containsExactlyInAnyOrder("schemas", "totalResults", "itemsPerPage", "startIndex",
                "Resources");
        assertThat(list.get("totalResults").asInt()).isEqualTo(5);
        assertThat(list.get("itemsPerPage").asInt()).isZero();
        assertThat(list.get("startIndex").asInt()).isEqualTo(3);
        assertThat(list.get("Resources")).isEmpty();
    }

    @Test
    void cursor_paging_walks_every_user_once() {
        Set<String> seen = new LinkedHashSet<>();
        String cursor = "";
        int pages = 0;
        while (cursor != null) {
            JsonNode page = HTTP.get(loc.users() + "?count=2&cursor=" + enc(cursor), loc.key()).json();
            assertThat(page.get("totalResults").asInt()).isEqualTo(5);
            assertThat(page.has("startIndex")).isFalse();
            page.get("Resources").forEach(u -> assertThat(seen.add(u.get("userName").asText())).isTrue());
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5);

        List<String> sorted = new ArrayList<>();
        cursor = "";
        while (cursor != null) {
            JsonNode page = HTTP.get(loc.users() + "?count=3&sortBy=userName&cursor=" + enc(cursor), loc.key()).json();
            page.get("Resources").forEach(u -> sorted.add(u.get("userName").asText().split("@")[0]));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        }
        assertThat(sorted).containsExactly("ali", "bea", "kim", "mia", "zoe");

        Response bad = HTTP.get(loc.users() + "?cursor=not-a-cursor", loc.key());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("scimType").asText()).isEqualTo("invalidCursor");
    }

    @Test
    void index_pages_in_the_default_order_are_slices_of_the_whole_list() {
        TestLocation paged = new Admin(APP).location("Index paging");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(HTTP.post(paged.users(), paged.key(), "{\"userName\": \"p" + i + "@example.com\"}").json().get("id").asText());
        }
        HTTP.post(paged.users(), paged.key(), "{\"userName\": \"other@example.com\"}");
        assertThat(HTTP.delete(paged.users() + "/" + ids.get(2), paged.key()).status()).isEqualTo(204);
        List<String> visible = List.of("p0", "p1", "p3", "p4", "p5", "p6");
        for (String order : List.of("ascending", "descending")) {
            List<String> expected = new ArrayList<>(visible);
            if (order.equals("descending")) {
                Collections.reverse(expected);
            }
            for (int start = 1; start <= 7; start++) {
                JsonNode page = HTTP.get(paged.users() + "?count=2&startIndex=" + start + "&sortOrder=" + order
                        + "&filter=" + enc("userName sw \"p\""), paged.key()).json();
                List<String> names = new ArrayList<>();
                page.path("Resources").forEach(u -> names.add(u.get("userName").asText().split("@")[0]));
                assertThat(names).as(order + " from " + start)
                        .isEqualTo(expected.subList(Math.min(start - 1, 6), Math.min(start + 1, 6)));
                assertThat(page.get("totalResults").asInt()).isEqualTo(6);
            }
        }
    }

    @Test
    void search_by_post_takes_the_same_parameters() {
        Response found = HTTP.post(loc.users() + "/.search", loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter": "title sw \\"T-\\" and name.givenName ne \\"kim\\"", "sortBy": "userName",
                 "sortOrder": "descending", "startIndex": 2, "count": 2, "attributes": ["userName", "title"]}""");
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().get("totalResults").asInt()).isEqualTo(4);
        List<String> names = new ArrayList<>();
        found.json().get("Resources").forEach(u -> {
            names.add(u.get("userName").asText());
            assertThat(fields(u)).containsExactlyInAnyOrder("schemas", "id", "userName", "title");
        });
        assertThat(names).containsExactly("mia@example.com", "bea@example.com");
    }

    @Test
    void search_at_the_root_spans_users_and_groups() {
        TestLocation both = new Admin(APP).location("Root search");
        HTTP.post(both.users(), both.key(), "{\"userName\": \"one@example.com\", \"externalId\": \"shared\"}");
        HTTP.post(both.scimBase() + "/Groups", both.key(), "{\"displayName\": \"Legal\", \"externalId\": \"shared\"}");
        HTTP.post(both.scimBase() + "/Groups", both.key(), "{\"displayName\": \"Other\"}");

        JsonNode all = HTTP.post(both.scimBase() + "/.search", both.key(), "{\"filter\": \"externalId eq \\\"shared\\\"\"}").json();
        assertThat(all.get("totalResults").asInt()).isEqualTo(2);
        assertThat(all.get("Resources")).extracting(r -> r.at("/meta/resourceType").asText()).containsExactly("User", "Group");

        JsonNode usersOnly = HTTP.post(both.scimBase() + "/.search", both.key(), "{\"filter\": \"userName pr\"}").json();
        assertThat(usersOnly.get("totalResults").asInt()).isEqualTo(1);

        JsonNode secondPage = HTTP.post(both.scimBase() + "/.search", both.key(), "{\"startIndex\": 2, \"count\": 5}").json();
        assertThat(secondPage.get("totalResults").asInt()).isEqualTo(3);
        assertThat(secondPage.get("Resources")).extracting(r -> r.get("displayName").asText()).containsExactly("Legal", "Other");
    }

    @Test
    void etags_make_writes_conditional_and_reads_cheap() {
        String id = HTTP.post(loc.users(), loc.key(), "{\"userName\": \"etag@example.com\"}").json().get("id").asText();
        String path = loc.users() + "/" + id;
        String patch = "{\"Operations\": [{\"op\": \"replace\", \"path\": \"title\", \"value\": \"X\"}]}";

        Response stale = HTTP.send("PATCH", path, loc.key(), patch, "application/scim+json", "If-Match", "W/\"7\"");
        assertThat(stale.status()).isEqualTo(412);
        Response fresh = HTTP.send("PATCH", path, loc.key(), patch, "application/scim+json", "If-Match", "W/\"1\"");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("ETag")).isEqualTo("W/\"2\"");
        assertThat(HTTP.send("PUT", path, loc.key(), "{\"userName\": \"etag@example.com\"}", "application/scim+json",
                "If-Match", "W/\"1\"").status()).isEqualTo(412);
        assertThat(HTTP.send("DELETE", path, loc.key(), null, null, "If-Match", "W/\"1\"").status()).isEqualTo(412);
        assertThat(HTTP.get(path, loc.key()).json().get("title").asText()).isEqualTo("X");

        Response notModified = HTTP.send("GET", path, loc.key(), null, null, "If-None-Match", "W/\"2\"");
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(HTTP.send("GET", path, loc.key(), null, null, "If-None-Match", "W/\"1\"").status()).isEqualTo(200);
        assertThat(HTTP.send("DELETE", path, loc.key(), null, null, "If-Match", "W/\"2\"").status()).isEqualTo(204);
    }

    List<String> names(String query) {
        List<String> names = new ArrayList<>();
        HTTP.get(loc.users() + query + (query.isEmpty() ? "?" : "&") + "filter=" + enc("title sw \"T-\""), loc.key())
                .json().get("Resources").forEach(u -> names.add(u.get("userName").asText().split("@")[0]));
        return names;
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
