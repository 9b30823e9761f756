package com.xakia.scim.organization;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.db.Databases;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lists across an organization's locations (#16 item 5) against the running app over HTTP: filters evaluated by
 * each of three locations and merged in one order, index paging across location boundaries, sorting both ways,
 * cursors to the end, .search and projection.
 */
class OrganizationListsTest {

    static final RunningApp APP = RunningApp.shared();
    static final String XAKIA = OrganizationsTest.XAKIA;
    static final List<String> OFFICES = List.of("Sydney", "London", "Paris");

    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    String org;
    String base;
    String key;
    final List<String> locationIds = new ArrayList<>();
    /** userName → id, in creation order; user i is in OFFICES[i % 3], so neighbours live in different locations. */
    final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void anOrganizationOfThreeLocationsWithElevenUsers() {
        org = admin.post("/admin/api/organizations", "{\"name\": \"Spread Legal\"}").json().get("id").asText();
        base = "/scim/v2/organizations/" + org;
        StringBuilder routes = new StringBuilder();
        for (String office : OFFICES) {
            Response location = admin.post("/admin/api/locations", "{\"name\": \"" + office + "\", \"organizationId\": \""
                    + org + "\"}");
            assertThat(location.status()).as(location.toString()).isEqualTo(201);
            locationIds.add(location.json().get("id").asText());
            routes.append(routes.isEmpty() ? "" : ", ").append('"').append(office).append("\": \"")
                    .append(location.json().get("id").asText()).append('"');
        }
        Response routing = http.send("PUT", "/admin/api/organizations/" + org + "/routing", APP.adminToken,
                "{\"locations\": {" + routes + "}}", "application/json");
        assertThat(routing.status()).as(routing.toString()).isEqualTo(200);
        key = admin.post("/admin/api/organizations/" + org + "/scim-keys", null).json().get("apiKey").asText();
        // names not in creation order, so that sorting by userName is seen to sort; two have no title
        String[] names = {"kim", "Bea", "ola", "dan", "Ivy", "amy", "Hal", "eve", "joe", "cal", "fay"};
        for (int i = 0; i < names.length; i++) {
            String title = i % 4 == 3 ? null : i % 2 == 0 ? "Counsel" : "Partner";
            Response created = http.post(base + "/Users", key, user(names[i] + "@spread.example", OFFICES.get(i % 3), title));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            ids.put(names[i] + "@spread.example", created.json().get("id").asText());
        }
    }

    @Test
    void a_filter_is_evaluated_in_every_location_and_paged_by_index_across_their_boundaries() {
        List<String> counsel = idsWhere(i -> i % 4 != 3 && i % 2 == 0); // users 0, 2, 4, 6, 8, 10: all three offices
        String filter = "filter=" + enc("title eq \"counsel\" and emails[type eq \"work\"]");

        List<String> paged = new ArrayList<>();
        for (int start = 1; start <= 7; start += 2) {
            JsonNode page = list(filter + "&startIndex=" + start + "&count=2");
            assertThat(page.get("totalResults").asInt()).isEqualTo(6);
            assertThat(page.get("startIndex").asInt()).isEqualTo(start);
            assertThat(page.get("itemsPerPage").asInt()).isEqualTo(start < 7 ? 2 : 0);
            page.get("Resources").forEach(u -> paged.add(u.get("id").asText()));
        }
        assertThat(paged).isEqualTo(counsel); // creation order: each page boundary falls between two locations

        JsonNode odd = list(filter + "&startIndex=2&count=3"); // a page that starts and ends inside locations
        assertThat(ids(odd)).isEqualTo(counsel.subList(1, 4));
        JsonNode last = list(filter + "&startIndex=6&count=10");
        assertThat(ids(last)).containsExactly(counsel.get(5));
        for (String beyond : List.of("99", "2147483647", "99999999999")) {
            JsonNode past = list(filter + "&startIndex=" + beyond + "&count=1000");
            assertThat(past.get("totalResults").asInt()).isEqualTo(6);
            assertThat(past.get("Resources")).isEmpty();
        }
        JsonNode none = list(filter + "&count=0");
        assertThat(none.get("totalResults").asInt()).isEqualTo(6);
        assertThat(none.get("itemsPerPage").asInt()).isZero();
        assertThat(none.get("Resources")).isEmpty();
        JsonNode nothing = list("filter=" + enc("title eq \"Judge\""));
        assertThat(nothing.get("totalResults").asInt()).isZero();
        assertThat(nothing.get("Resources")).isEmpty();
    }

    @Test
    void sort_by_orders_the_merge_both_ways_nulls_last_ascending_and_descending_is_the_exact_reverse() {
        List<String> byName = new ArrayList<>(ids.keySet());
        byName.sort(Comparator.comparing(String::toLowerCase));

        JsonNode ascending = list("sortBy=userName&count=20");
        assertThat(ascending.get("Resources")).extracting(u -> u.get("userName").asText()).isEqualTo(byName);
        JsonNode descending = list("sortBy=userName&sortOrder=descending&count=20");
        assertThat(descending.get("Resources")).extracting(u -> u.get("userName").asText())
                .isEqualTo(reversed(byName));

        List<String> titlesUp = new ArrayList<>();
        list("sortBy=title&count=20").get("Resources").forEach(u -> titlesUp.add(u.path("title").asText("-")));
        assertThat(titlesUp).containsExactly("Counsel", "Counsel", "Counsel", "Counsel", "Counsel", "Counsel",
                "Partner", "Partner", "Partner", "-", "-");
        List<String> titleOrder = ids(list("sortBy=title&count=20"));
        List<String> titleOrderDown = ids(list("sortBy=title&sortOrder=descending&count=20"));
        assertThat(titleOrderDown).isEqualTo(reversed(titleOrder)); // ties (same title) by id, reversed too

        // sorted and filtered, paged by index deep enough to skip rows of every location
        JsonNode deep = list("filter=" + enc("title pr") + "&sortBy=userName&sortOrder=descending&startIndex=4&count=3");
        List<String> titled = reversed(byName).stream()
                .filter(n -> List.of(names()).indexOf(n) % 4 != 3).toList();
        assertThat(deep.get("totalResults").asInt()).isEqualTo(9);
        assertThat(deep.get("Resources")).extracting(u -> u.get("userName").asText()).isEqualTo(titled.subList(3, 6));
    }

    @Test
    void a_cursor_walks_every_location_to_the_end_in_the_order_index_paging_gives() {
        for (String order : List.of("", "&sortBy=userName", "&sortBy=title&sortOrder=descending")) {
            List<String> whole = ids(list("count=20" + order + "&filter=" + enc("active eq true")));
            List<String> walked = new ArrayList<>();
            String cursor = "";
            int pages = 0;
            while (cursor != null) {
                JsonNode page = list("count=3&cursor=" + enc(cursor) + order + "&filter=" + enc("active eq true"));
                assertThat(page.get("totalResults").asInt()).isEqualTo(11);
                assertThat(page.has("startIndex")).isFalse();
                walked.addAll(ids(page));
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
                pages++;
            }
            assertThat(walked).as("order" + order).isEqualTo(whole);
            assertThat(pages).isEqualTo(4); // 3 + 3 + 3 + 2: the last page says it is the last
        }
        // without a filter, too (an import by cursor), in creation order
        List<String> walked = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            JsonNode page = list("count=4&cursor=" + enc(cursor));
            walked.addAll(ids(page));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        }
        assertThat(walked).isEqualTo(new ArrayList<>(ids.values()));

        Response forged = http.get(base + "/Users?cursor=bm9wZQ&count=2", key);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().get("scimType").asText()).isEqualTo("invalidCursor");
        String byName = list("count=2&cursor=&sortBy=userName").get("nextCursor").asText();
        Response otherOrder = http.get(base + "/Users?count=2&sortBy=title&cursor=" + enc(byName), key);
        assertThat(otherOrder.status()).as("a cursor of another order").isEqualTo(400);
    }

    @Test
    void search_takes_the_same_query_in_a_body_at_users_and_at_the_root_with_projection() {
        String body = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter": "title eq \\"Partner\\"", "sortBy": "userName", "startIndex": 1, "count": 10,
                 "attributes": ["userName", "title"]}""";
        for (String path : List.of("/Users/.search", "/.search")) {
            Response found = http.post(base + path, key, body);
            assertThat(found.status()).as(found.toString()).isEqualTo(200);
            assertThat(found.json().get("totalResults").asInt()).isEqualTo(3);
            assertThat(found.json().get("Resources")).extracting(u -> u.get("userName").asText())
                    .containsExactly("amy@spread.example", "Bea@spread.example", "cal@spread.example");
            JsonNode first = found.json().at("/Resources/0");
            assertThat(first.get("id").asText()).isEqualTo(ids.get("amy@spread.example"));
            assertThat(first.has("emails")).isFalse();
            assertThat(first.has("name")).isFalse();
            assertThat(first.get("title").asText()).isEqualTo("Partner");
        }
        JsonNode excluded = list("filter=" + enc("userName sw \"k\"") + "&excludedAttributes=emails,title");
        assertThat(excluded.at("/Resources/0/userName").asText()).isEqualTo("kim@spread.example");
        assertThat(excluded.at("/Resources/0").has("emails")).isFalse();
        assertThat(excluded.at("/Resources/0").has("title")).isFalse();
        assertThat(excluded.at("/Resources/0/meta/location").asText())
                .isEqualTo(APP.url(base + "/Users/" + ids.get("kim@spread.example")));

        Response bad = http.post(base + "/Users/.search", key, "{\"filter\": \"nosuch eq 1\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("scimType").asText()).isEqualTo("invalidFilter");
    }

    @Test
    void only_the_rows_the_organization_points_to_are_listed_under_its_ids() throws SQLException {
        String london = locationIds.get(1);
        String londonKey = admin.newKey(london);
        Response own = http.post("/scim/v2/" + london + "/Users", londonKey, "{\"userName\": \"native@spread.example\","
                + " \"title\": \"Counsel\"}");
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        String filter = "filter=" + enc("userName sw \"native\" or title eq \"Counsel\"");
        assertThat(list(filter).get("totalResults").asInt()).as("a user of the location alone").isEqualTo(6);

        // the organization points to that row under an id of its own (what a link or a move leaves)
        UUID person = UUID.randomUUID();
        pointTo(london, UUID.fromString(own.json().get("id").asText()), person, "native@spread.example");
        JsonNode linked = list("filter=" + enc("userName sw \"native\""));
        assertThat(ids(linked)).containsExactly(person.toString());
        assertThat(linked.at("/Resources/0/meta/location").asText()).isEqualTo(APP.url(base + "/Users/" + person));
        assertThat(list(filter).get("totalResults").asInt()).isEqualTo(7);
        assertThat(list("cursor=&count=50&" + filter).get("Resources")).extracting(u -> u.get("id").asText())
                .contains(person.toString());

        // a DELETE through the organization: the location keeps the row, the organization no longer points to it
        assertThat(http.delete(base + "/Users/" + ids.get("kim@spread.example"), key).status()).isEqualTo(204);
        JsonNode after = list(filter + "&sortBy=userName");
        assertThat(after.get("totalResults").asInt()).isEqualTo(6);
        assertThat(after.get("Resources")).extracting(u -> u.get("userName").asText())
                .doesNotContain("kim@spread.example").contains("native@spread.example");

        // a move: the old row stays in Sydney, inactive and unmarked; the person is listed once, under the same id
        String hal = ids.get("Hal@spread.example");
        Response moved = http.patch(base + "/Users/" + hal, key, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "%s:location", "value": "London"}]}""".formatted(XAKIA));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        JsonNode hals = list("filter=" + enc("userName eq \"hal@spread.example\" or userName eq \"x\"")); // not a lookup
        assertThat(ids(hals)).containsExactly(hal);
        assertThat(hals.at("/Resources/0/" + XAKIA.replace("/", "~1") + "/location").asText()).isEqualTo("London");
        assertThat(list(filter).get("totalResults").asInt()).isEqualTo(6);
    }

    @Test
    void the_service_provider_config_says_sorting_filters_and_cursors_are_served() {
        JsonNode config = http.get(base + "/ServiceProviderConfig", key).json();
        assertThat(config.at("/sort/supported").asBoolean()).isTrue();
        assertThat(config.at("/filter/supported").asBoolean()).isTrue();
        assertThat(config.at("/pagination/cursor").asBoolean()).isTrue();
        assertThat(config.at("/pagination/index").asBoolean()).isTrue();
        assertThat(config.at("/bulk/supported").asBoolean()).isFalse();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** What a link of a location's own row to the organization writes: the row's mark and the index row. */
    void pointTo(String locationId, UUID row, UUID person, String userName) throws SQLException {
        Databases.Connection db = APP.context().getRegistry().lookupByNameAndType("databases", Databases.class)
                .controlConnection();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement mark = c.prepareStatement("update loc_" + locationId + ".users"
                     + " set organization_user_id = ? where id = ?");
             PreparedStatement index = c.prepareStatement("insert into control.org_users (organization_id, user_id,"
                     + " location_id, location_user_id, user_name, pending) values (?, ?, ?, ?, ?, false)")) {
            mark.setObject(1, person);
            mark.setObject(2, row);
            assertThat(mark.executeUpdate()).isEqualTo(1);
            index.setString(1, org);
            index.setObject(2, person);
            index.setString(3, locationId);
            index.setObject(4, row);
            index.setString(5, userName);
            index.executeUpdate();
        }
    }

    static String[] names() {
        return new String[] {"kim@spread.example", "Bea@spread.example", "ola@spread.example", "dan@spread.example",
                "Ivy@spread.example", "amy@spread.example", "Hal@spread.example", "eve@spread.example",
                "joe@spread.example", "cal@spread.example", "fay@spread.example"};
    }

    static String user(String userName, String office, String title) {
        return """
                {"userName": "%s", "active": true, %s
                 "emails": [{"value": "%s", "type": "work", "primary": true}],
                 "%s": {"location": "%s"}}""".formatted(userName,
                title == null ? "" : "\"title\": \"" + title + "\",", userName, XAKIA, office);
    }

    List<String> idsWhere(java.util.function.IntPredicate created) {
        List<String> all = new ArrayList<>(ids.values());
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (created.test(i)) {
                chosen.add(all.get(i));
            }
        }
        return chosen;
    }

    JsonNode list(String query) {
        Response list = http.get(base + "/Users?" + query, key);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json();
    }

    static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    static List<String> ids(JsonNode page) {
        List<String> found = new ArrayList<>();
        page.get("Resources").forEach(u -> found.add(u.get("id").asText()));
        return found;
    }
}
