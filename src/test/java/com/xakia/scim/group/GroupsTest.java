package com.xakia.scim.group;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.db.Databases;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Groups as Okta Push Groups and Entra provision them, in the location's database. */
class GroupsTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    TestLocation loc;
    String groups;
    String ann;
    String ben;
    String cat;

    @BeforeEach
    void location() {
        loc = new Admin(APP).location("Groups");
        groups = loc.scimBase() + "/Groups";
        ann = user("ann");
        ben = user("ben");
        cat = user("cat");
    }

    String user(String name) {
        return http.post(loc.users(), loc.key(), "{\"userName\": \"" + name + "@example.com\", \"displayName\": \"" + name + "\"}")
                .json().get("id").asText();
    }

    String group(String displayName, String... members) {
        String list = java.util.Arrays.stream(members).map(m -> "{\"value\": \"" + m + "\"}").collect(Collectors.joining(","));
        Response created = http.post(groups, loc.key(), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s", "externalId": "x-%s",
                 "members": [%s]}""".formatted(displayName, displayName, list));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    JsonNode get(String id) {
        Response got = http.get(groups + "/" + id, loc.key());
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        return got.json();
    }

    Response patch(String id, String operations) {
        return http.patch(groups + "/" + id, loc.key(),
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": " + operations + "}");
    }

    static java.util.List<String> memberIds(JsonNode group) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        group.path("members").forEach(m -> ids.add(m.get("value").asText()));
        return ids;
    }

    @Test
    void members_show_the_display_sent_else_their_current_name_and_a_nested_group_is_a_group() {
        String inner = group("Inner", ann);
        String unknown = "00000000-0000-4000-8000-000000000000";
        Response created = http.post(groups, loc.key(), """
                {"displayName": "Outer", "members": [{"value": "%s"}, {"value": "%s", "type": "Group"},
                  {"value": "%s", "display": "Pushed before the user"}, {"value": "%s", "displayName": "new User"}]}"""
                .formatted(ben, inner, unknown, ann));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        JsonNode members = get(created.json().get("id").asText()).get("members");
        java.util.Map<String, JsonNode> byValue = new java.util.HashMap<>();
        members.forEach(m -> byValue.put(m.get("value").asText(), m));
        assertThat(byValue.get(ben).get("display").asText()).isEqualTo("ben");
        assertThat(byValue.get(ben).get("type").asText()).isEqualTo("User");
        assertThat(byValue.get(ben).get("$ref").asText()).endsWith("/Users/" + ben);
        assertThat(byValue.get(inner).get("display").asText()).isEqualTo("Inner");
        assertThat(byValue.get(inner).get("type").asText()).isEqualTo("Group");
        String ref = byValue.get(inner).get("$ref").asText();
        assertThat(ref).endsWith("/Groups/" + inner);
        assertThat(http.get(ref, loc.key()).status()).as("the $ref answers").isEqualTo(200);
        assertThat(byValue.get(unknown).get("display").asText()).isEqualTo("Pushed before the user");
        assertThat(byValue.get(ann).get("display").asText()).as("Entra's displayName spelling").isEqualTo("new User");
    }

    @Test
    void create_get_list_filter_and_delete() {
        String id = group("Partners", ann, ben);

        JsonNode group = get(id);
        assertThat(group.get("displayName").asText()).isEqualTo("Partners");
        assertThat(group.get("externalId").asText()).isEqualTo("x-Partners");
        assertThat(memberIds(group)).containsExactlyInAnyOrder(ann, ben);
        assertThat(group.at("/meta/resourceType").asText()).isEqualTo("Group");
        assertThat(group.at("/members/0/$ref").asText()).contains("/Users/");

        assertThat(http.get(groups + "?filter=" + enc("displayName eq \"partners\""), loc.key()).json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(http.get(groups + "?filter=" + enc("members[value eq \"" + ann + "\"]"), loc.key()).json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(http.get(groups + "?filter=" + enc("members.value eq \"" + cat + "\""), loc.key()).json().get("totalResults").asInt()).isZero();
        assertThat(http.get(groups + "?filter=" + enc("externalId eq \"x-Partners\""), loc.key()).json().get("Resources").get(0).get("id").asText()).isEqualTo(id);

        JsonNode without = http.get(groups + "/" + id + "?excludedAttributes=members", loc.key()).json();
        assertThat(without.has("members")).isFalse();
        assertThat(http.get(groups + "?excludedAttributes=members", loc.key()).json().at("/Resources/0").has("members")).isFalse();

        assertThat(http.delete(groups + "/" + id, loc.key()).status()).isEqualTo(204);
        assertThat(http.get(groups + "/" + id, loc.key()).status()).isEqualTo(404);
        assertThat(http.get(loc.users() + "/" + ann, loc.key()).status()).as("members are not deleted").isEqualTo(200);
    }

    @Test
    void displayName_is_unique_per_location_case_insensitively() {
        group("Legal");
        Response duplicate = http.post(groups, loc.key(), "{\"displayName\": \"LEGAL\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("scimType").asText()).isEqualTo("uniqueness");

        String other = group("Finance");
        assertThat(patch(other, "[{\"op\": \"replace\", \"value\": {\"displayName\": \"legal\"}}]").status()).isEqualTo(409);
        assertThat(get(other).get("displayName").asText()).isEqualTo("Finance");

        TestLocation elsewhere = new Admin(APP).location("Elsewhere");
        assertThat(http.post(elsewhere.scimBase() + "/Groups", elsewhere.key(), "{\"displayName\": \"Legal\"}").status()).isEqualTo(201);
    }

    @Test
    void membership_patch_in_okta_and_entra_forms() {
        String id = group("Team", ann);

        Response added = patch(id, "[{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + ben + "\", \"display\": \"ben\"}, {\"value\": \"" + cat + "\"}]}]");
        assertThat(added.status()).isEqualTo(204);
        assertThat(added.body()).isEmpty();
        assertThat(memberIds(get(id))).containsExactlyInAnyOrder(ann, ben, cat);

        assertThat(patch(id, "[{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + ann + "\\\"]\"}]").status()).isEqualTo(204);
        assertThat(memberIds(get(id))).containsExactlyInAnyOrder(ben, cat);

        // Entra: remove with a value array removes only those members
        assertThat(patch(id, "[{\"op\": \"Remove\", \"path\": \"members\", \"value\": [{\"value\": \"" + ben + "\"}]}]").status()).isEqualTo(204);
        assertThat(memberIds(get(id))).containsExactly(cat);

        // Okta: replace the whole list
        assertThat(patch(id, "[{\"op\": \"replace\", \"path\": \"members\", \"value\": [{\"value\": \"" + ann + "\"}, {\"value\": \"" + ben + "\"}]}]").status()).isEqualTo(204);
        assertThat(memberIds(get(id))).containsExactlyInAnyOrder(ann, ben);

        // Okta: rename without a path
        assertThat(patch(id, "[{\"op\": \"replace\", \"value\": {\"id\": \"" + id + "\", \"displayName\": \"Team 2\"}}]").status()).isEqualTo(204);
        assertThat(get(id).get("displayName").asText()).isEqualTo("Team 2");

        assertThat(patch(id, "[{\"op\": \"remove\", \"path\": \"members\"}]").status()).isEqualTo(204);
        assertThat(memberIds(get(id))).isEmpty();
    }

    @Test
    void patch_answers_the_group_when_attributes_are_asked_for() {
        String id = group("Asked", ann);
        Response answered = http.patch(groups + "/" + id + "?attributes=displayName,members", loc.key(),
                "{\"Operations\": [{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + ben + "\"}]}]}");
        assertThat(answered.status()).isEqualTo(200);
        assertThat(memberIds(answered.json())).containsExactlyInAnyOrder(ann, ben);
        assertThat(answered.json().has("externalId")).isFalse();
    }

    @Test
    void put_replaces_attributes_and_members() {
        String id = group("Put", ann, ben);
        Response put = http.put(groups + "/" + id, loc.key(),
                "{\"displayName\": \"Put renamed\", \"members\": [{\"value\": \"" + ben + "\"}, {\"value\": \"" + cat + "\"}]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("displayName").asText()).isEqualTo("Put renamed");
        assertThat(put.json().has("externalId")).isFalse();
        assertThat(memberIds(put.json())).containsExactlyInAnyOrder(ben, cat);
    }

    @Test
    void a_users_groups_attribute_shows_its_memberships() {
        String legal = group("Legal", ann);
        String finance = group("Finance", ann, ben);

        JsonNode annUser = http.get(loc.users() + "/" + ann, loc.key()).json();
        assertThat(annUser.get("groups")).extracting(g -> g.get("value").asText()).containsExactlyInAnyOrder(legal, finance);
        assertThat(annUser.get("groups")).extracting(g -> g.get("display").asText()).containsExactly("Finance", "Legal");
        assertThat(http.get(loc.users() + "?filter=" + enc("groups[value eq \"" + legal + "\"]"), loc.key())
                .json().get("totalResults").asInt()).isEqualTo(1);
        // the same groups in a lookup's list, in an answer to a write, and none where excluded or there are none
        JsonNode listed = http.get(loc.users() + "?filter=" + enc("userName eq \"ann@example.com\""), loc.key())
                .json().get("Resources").get(0);
        assertThat(listed.get("groups")).isEqualTo(annUser.get("groups"));
        assertThat(listed.get("groups")).extracting(g -> g.get("type").asText()).containsOnly("direct");
        JsonNode patched = http.patch(loc.users() + "/" + ann, loc.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "displayName", "value": "Ann"}]}""").json();
        assertThat(patched.get("groups")).isEqualTo(annUser.get("groups"));
        assertThat(http.get(loc.users() + "?excludedAttributes=groups&filter=" + enc("userName eq \"ann@example.com\""),
                loc.key()).json().get("Resources").get(0).has("groups")).isFalse();
        assertThat(http.get(loc.users() + "/" + cat, loc.key()).json().has("groups")).isFalse();

        assertThat(http.delete(loc.users() + "/" + ann, loc.key()).status()).isEqualTo(204);
        assertThat(memberIds(get(finance))).containsExactly(ben);
    }

    @Test
    void bad_group_requests_change_nothing() {
        String id = group("Stable", ann);
        String before = get(id).toString();
        for (String ops : new String[] {"[]", "[{\"op\": \"remove\", \"path\": \"displayName\"}]",
                "[{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"display\": \"no value\"}]}]",
                "[{\"op\": \"replace\", \"path\": \"members[display eq \\\"x\\\"]\", \"value\": []}]",
                "[{\"op\": \"remove\", \"path\": \"members[display eq \\\"x\\\"]\"}]",
                "[{\"op\": \"move\", \"path\": \"members\"}]"}) {
            Response response = patch(id, ops);
            assertThat(response.status()).as(ops + " → " + response).isEqualTo(400);
        }
        assertThat(http.post(groups, loc.key(), "{\"members\": []}").status()).isEqualTo(400);
        assertThat(http.post(groups, loc.key(), "{\"displayName\": 5}").status()).isEqualTo(400);
        assertThat(get(id).toString()).isEqualTo(before);
    }

    @Test
    void a_change_to_a_50000_member_group_touches_only_the_changed_rows() throws Exception {
        String id = group("Everyone");
        String[] ids = IntStream.range(0, 50_000).mapToObj(i -> UUID.randomUUID().toString()).toArray(String[]::new);
        for (int from = 0; from < ids.length; from += 10_000) {
            String batch = java.util.Arrays.stream(ids, from, from + 10_000).map(m -> "{\"value\": \"" + m + "\"}")
                    .collect(Collectors.joining(","));
            assertThat(patch(id, "[{\"op\": \"add\", \"path\": \"members\", \"value\": [" + batch + "]}]").status()).isEqualTo(204);
        }
        assertThat(http.get(groups + "?count=0&filter=" + enc("members[value eq \"" + ids[49_999] + "\"]"), loc.key())
                .json().get("totalResults").asInt()).isEqualTo(1);
        Map<String, Long> before = rowVersions(id);
        assertThat(before).hasSize(50_000);

        assertThat(patch(id, "[{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + ann + "\"}]},"
                + " {\"op\": \"remove\", \"path\": \"members[value eq \\\"" + ids[7] + "\\\"]\"}]").status()).isEqualTo(204);

        Map<String, Long> after = rowVersions(id);
        assertThat(after).hasSize(50_000).containsKey(ann).doesNotContainKey(ids[7]);
        long rewritten = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).count();
        assertThat(rewritten).as("rows written by the change").isEqualTo(1);
    }

    /** Each member row's xmin: the transaction that last wrote it. Untouched rows keep theirs. */
    Map<String, Long> rowVersions(String groupId) throws Exception {
        DataSource db = APP.context().getRegistry().lookupByNameAndType("databases", Databases.class).control();
        Map<String, Long> versions = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select member_id, xmin::text::bigint from \"loc_" + loc.id()
                     + "\".group_members where group_id = ?")) {
            ps.setObject(1, UUID.fromString(groupId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return versions;
    }
}
