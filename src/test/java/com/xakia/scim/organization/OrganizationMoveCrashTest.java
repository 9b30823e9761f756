package com.xakia.scim.organization;

import static com.xakia.scim.organization.OrganizationsTest.XAKIA;
import static com.xakia.scim.organization.OrganizationsTest.user;
import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.location.Location;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Moves between a location in the control database (Sydney) and one on a PostgreSQL server of its own
 * (London), where no transaction spans the two: the move is written as an intent, then rolled forward. Each
 * crash point is set up as the rows it leaves behind; the call that touches the person next, or start-up's
 * sweep, must leave the person active in exactly one location, under the same organization id.
 */
class OrganizationMoveCrashTest {

    static final RunningApp APP = RunningApp.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MOVE_TO_LONDON = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "%s:location", "value": "London"}]}""".formatted(XAKIA);

    static final String RENAME_TO = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "userName", "value": "%s"}]}""";

    static OrganizationOnTwoServers spread;
    static EmbeddedPostgres server;
    static String org;
    static String orgBase;
    static String orgKey;
    static String sydney;
    static String london;
    static String londonKey;

    final Http http = APP.http;

    @BeforeAll
    static void anOrganizationWithALocationOnAServerOfItsOwn() throws Exception {
        spread = OrganizationOnTwoServers.start(APP, "Spread Moves");
        server = spread.server();
        org = spread.org();
        orgBase = spread.base();
        orgKey = spread.key();
        sydney = spread.sydney();
        london = spread.london();
        londonKey = new Admin(APP).newKey(london);
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        spread.close();
    }

    @Test
    void a_move_to_and_from_a_server_of_its_own_goes_through_an_intent_and_leaves_none() throws Exception {
        String id = created("ann@crash.example");

        Response there = http.patch(orgBase + "/Users/" + id, orgKey, MOVE_TO_LONDON);
        assertThat(there.status()).as(there.toString()).isEqualTo(200);
        assertThat(there.json().get("id").asText()).isEqualTo(id);
        assertActiveOnlyIn(london, id, "ann@crash.example");

        Response back = http.put(orgBase + "/Users/" + id, orgKey, user("ann@crash.example", "Sydney"));
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertActiveOnlyIn(sydney, id, "ann@crash.example");
        assertThat(rows(london, "ann@crash.example")).hasSize(1); // kept, inactive
    }

    @Test
    void a_crash_after_the_intent_is_finished_by_the_next_read() throws Exception {
        String id = created("bea@crash.example");
        writeIntent(id, "bea@crash.example", UUID.randomUUID());

        Response read = http.get(orgBase + "/Users/" + id, orgKey);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().at("/" + XAKIA.replace("/", "~1") + "/location").asText()).isEqualTo("London");
        assertActiveOnlyIn(london, id, "bea@crash.example");
    }

    @Test
    void a_crash_after_the_new_row_is_finished_by_a_lookup_without_a_second_row() throws Exception {
        String id = created("cal@crash.example");
        UUID rowId = UUID.randomUUID();
        writeIntent(id, "cal@crash.example", rowId);
        // the new location's row as the first step wrote it, marked as the person's; the old row still active
        Response atLondon = http.post("/scim/v2/" + london + "/Users", londonKey, "{\"userName\": \"cal@crash.example\"}");
        assertThat(atLondon.status()).as(atLondon.toString()).isEqualTo(201);
        mark(london, atLondon.json().get("id").asText(), id);

        JsonList found = lookup("cal@crash.example");

        assertThat(found.ids()).containsExactly(id);
        assertActiveOnlyIn(london, id, "cal@crash.example");
        assertThat(rows(london, "cal@crash.example")).hasSize(1);
    }

    @Test
    void a_crash_after_the_new_row_is_finished_by_a_list_across_locations_which_shows_the_person_once()
            throws Exception {
        String id = created("hue@crash.example");
        writeIntent(id, "hue@crash.example", UUID.randomUUID());
        Response atLondon = http.post("/scim/v2/" + london + "/Users", londonKey, "{\"userName\": \"hue@crash.example\"}");
        assertThat(atLondon.status()).as(atLondon.toString()).isEqualTo(201);
        mark(london, atLondon.json().get("id").asText(), id); // both rows are the person's now

        Response list = http.get(orgBase + "/Users?filter=" + enc("userName sw \"hue@\"") + "&sortBy=userName", orgKey);

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(list.json().at("/Resources/0/id").asText()).isEqualTo(id);
        assertThat(list.json().at("/Resources/0/" + XAKIA.replace("/", "~1") + "/location").asText()).isEqualTo("London");
        assertActiveOnlyIn(london, id, "hue@crash.example");
    }

    @Test
    void a_crash_after_the_old_row_was_left_is_finished_by_the_next_write_which_then_applies() throws Exception {
        String id = created("dan@crash.example");
        writeIntent(id, "dan@crash.example", UUID.randomUUID());
        Response atLondon = http.post("/scim/v2/" + london + "/Users", londonKey, "{\"userName\": \"dan@crash.example\"}");
        mark(london, atLondon.json().get("id").asText(), id);
        String sydneyRow = rows(sydney, "dan@crash.example").get(0).id();
        unmark(sydney, sydneyRow); // the second step: unmarked and inactive
        http.patch("/scim/v2/" + sydney + "/Users/" + sydneyRow, admin().newKey(sydney), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "active", "value": false}]}""");

        Response patched = http.patch(orgBase + "/Users/" + id, orgKey, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "title", "value": "Partner"}]}""");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("title").asText()).isEqualTo("Partner");
        assertActiveOnlyIn(london, id, "dan@crash.example");
    }

    @Test
    void start_up_finishes_every_unfinished_move() throws Exception {
        String eve = created("eve@crash.example");
        String fox = created("fox@crash.example");
        writeIntent(eve, "eve@crash.example", UUID.randomUUID());
        writeIntent(fox, "fox@crash.example", UUID.randomUUID());

        int finished = APP.context().getRegistry().lookupByNameAndType("organizationUsers", OrganizationUserService.class)
                .finishUnfinishedMoves();

        assertThat(finished).isGreaterThanOrEqualTo(2);
        assertActiveOnlyIn(london, eve, "eve@crash.example");
        assertActiveOnlyIn(london, fox, "fox@crash.example");
    }

    @Test
    void an_intent_onto_another_persons_row_is_dropped_and_the_person_stays() throws Exception {
        String gil = created("gil@crash.example");
        // London's row with the name is another person's of the organization (as a crash can leave no other way)
        Response atLondon = http.post("/scim/v2/" + london + "/Users", londonKey, "{\"userName\": \"gil@crash.example\"}");
        String someoneElse = UUID.randomUUID().toString();
        mark(london, atLondon.json().get("id").asText(), someoneElse);
        writeIntent(gil, "gil@crash.example", UUID.randomUUID());

        Response read = http.get(orgBase + "/Users/" + gil, orgKey);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().at("/" + XAKIA.replace("/", "~1") + "/location").asText()).isEqualTo("Sydney");
        assertThat(rows(sydney, "gil@crash.example")).containsExactly(
                new Row(rows(sydney, "gil@crash.example").get(0).id(), true, gil));
        assertThat(rows(london, "gil@crash.example")).singleElement()
                .satisfies(row -> assertThat(row.organizationUserId()).isEqualTo(someoneElse)); // untouched
        assertThat(lookup("gil@crash.example").ids()).containsExactly(gil);
        assertThat(http.get(orgBase + "/Users/" + gil, orgKey).json().at("/" + XAKIA.replace("/", "~1") + "/location")
                .asText()).isEqualTo("Sydney"); // the intent is gone: nothing left to retry
    }

    @Test
    void a_rename_onto_a_taken_user_name_at_a_location_on_its_own_server_is_409_with_nothing_written_there()
            throws Exception {
        created("ivy@crash.example"); // Sydney
        Response atLondon = http.post(orgBase + "/Users", orgKey, user("jay@crash.example", "London"));
        assertThat(atLondon.status()).as(atLondon.toString()).isEqualTo(201);
        String jay = atLondon.json().get("id").asText();

        Response renamed = http.put(orgBase + "/Users/" + jay, orgKey, user("IVY@crash.example", "London"));

        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(409);
        assertThat(rows(london, "ivy@crash.example")).isEmpty(); // London's row was not touched
        Response read = http.get(orgBase + "/Users/" + jay, orgKey);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("userName").asText()).isEqualTo("jay@crash.example");
        assertThat(lookup("jay@crash.example").ids()).containsExactly(jay);
    }

    @Test
    void a_rename_at_the_locations_own_endpoint_onto_another_persons_user_name_does_not_break_the_persons_reads()
            throws Exception {
        String kim = created("kim@crash.example"); // Sydney
        Response atLondon = http.post(orgBase + "/Users", orgKey, user("lou@crash.example", "London"));
        String lou = atLondon.json().get("id").asText();
        // London knows nothing of Sydney's names: its own endpoint takes the name of Sydney's person
        Response renamed = http.patch("/scim/v2/" + london + "/Users/" + lou, londonKey, RENAME_TO.formatted("kim@crash.example"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        Response read = http.get(orgBase + "/Users/" + lou, orgKey);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("userName").asText()).isEqualTo("kim@crash.example"); // the location is the truth
        assertThat(http.get(orgBase + "/Users/" + kim, orgKey).status()).isEqualTo(200);
        assertThat(lookup("kim@crash.example").ids()).containsExactly(kim); // the index keeps the name with its holder
        Response listed = http.get(orgBase + "/Users?filter=" + enc("userName sw \"kim@\"") + "&sortBy=userName", orgKey);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().get("totalResults").asInt()).isEqualTo(2);
    }

    @Test
    void a_crash_after_the_new_row_then_a_rename_of_it_at_the_location_is_finished_by_the_next_read_in_that_row()
            throws Exception {
        String id = created("max@crash.example");
        writeIntent(id, "max@crash.example", UUID.randomUUID());
        String londonRow = markedRowRenamedAtLondon(id, "max@crash.example", "max2@crash.example");

        Response read = http.get(orgBase + "/Users/" + id, orgKey);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().at("/" + XAKIA.replace("/", "~1") + "/location").asText()).isEqualTo("London");
        assertActiveOnlyIn(london, id, "max@crash.example");
        assertThat(rows(london, "max@crash.example").get(0).id()).isEqualTo(londonRow); // taken over, not a second row
        assertThat(rows(london, "max2@crash.example")).isEmpty();
    }

    @Test
    void a_crash_after_the_new_row_then_a_rename_of_it_at_the_location_does_not_fail_a_list_across_locations()
            throws Exception {
        String id = created("ned@crash.example");
        writeIntent(id, "ned@crash.example", UUID.randomUUID());
        markedRowRenamedAtLondon(id, "ned@crash.example", "ned2@crash.example");

        Response list = http.get(orgBase + "/Users?filter=" + enc("userName sw \"ned\"") + "&sortBy=userName", orgKey);

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(list.json().at("/Resources/0/id").asText()).isEqualTo(id);
        assertActiveOnlyIn(london, id, "ned@crash.example");
    }

    // ---- the rows a crash leaves -----------------------------------------------------------------

    /** The intent a PATCH to London writes before anything else: the person's resource there and a new row id. */
    private void writeIntent(String personId, String userName, UUID rowId) throws SQLException {
        ObjectNode resource = (ObjectNode) http.get(orgBase + "/Users/" + personId, orgKey).json().deepCopy();
        resource.remove(List.of("id", "meta", "groups"));
        ((ObjectNode) resource.get(XAKIA)).put("location", "London");
        ObjectNode move = JSON.createObjectNode();
        move.put("rowId", rowId.toString());
        move.set("resource", resource);
        move.put("actor", "scim-key:test");
        move.putNull("requestId");
        move.put("identityProvider", "okta");
        move.put("userName", userName);
        move.put("externalId", "ext-" + userName);
        try (Connection c = OrganizationMovesTest.control();
             PreparedStatement ps = c.prepareStatement("update control.org_users set moving_to_location_id = ?,"
                     + " moving = ?::jsonb where organization_id = ? and user_id = ?")) {
            ps.setString(1, london);
            ps.setString(2, move.toString());
            ps.setString(3, org);
            ps.setObject(4, UUID.fromString(personId));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** The new row the first step wrote (marked as the person's), then renamed at London's own endpoint. */
    private String markedRowRenamedAtLondon(String personId, String userName, String renamed) throws SQLException {
        Response atLondon = http.post("/scim/v2/" + london + "/Users", londonKey, "{\"userName\": \"" + userName + "\"}");
        assertThat(atLondon.status()).as(atLondon.toString()).isEqualTo(201);
        String row = atLondon.json().get("id").asText();
        mark(london, row, personId);
        Response rename = http.patch("/scim/v2/" + london + "/Users/" + row, londonKey, RENAME_TO.formatted(renamed));
        assertThat(rename.status()).as(rename.toString()).isEqualTo(200);
        return row;
    }

    private static void mark(String locationId, String rowId, String personId) throws SQLException {
        try (Connection c = connection(locationId);
             PreparedStatement ps = c.prepareStatement("update " + table(locationId)
                     + " set organization_user_id = ? where id = ?")) {
            ps.setObject(1, UUID.fromString(personId));
            ps.setObject(2, UUID.fromString(rowId));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static void unmark(String locationId, String rowId) throws SQLException {
        try (Connection c = connection(locationId);
             PreparedStatement ps = c.prepareStatement("update " + table(locationId)
                     + " set organization_user_id = null where id = ?")) {
            ps.setObject(1, UUID.fromString(rowId));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    // ---- checks ----------------------------------------------------------------------------------

    record Row(String id, boolean active, String organizationUserId) {}

    /** Active in exactly one location (that one), marked there only, the index pointing at it, no intent left. */
    private void assertActiveOnlyIn(String locationId, String personId, String userName) throws SQLException {
        String other = locationId.equals(sydney) ? london : sydney;
        List<Row> here = rows(locationId, userName);
        assertThat(here).hasSize(1);
        assertThat(here.get(0).active()).isTrue();
        assertThat(here.get(0).organizationUserId()).isEqualTo(personId);
        assertThat(rows(other, userName)).allSatisfy(row -> {
            assertThat(row.active()).isFalse();
            assertThat(row.organizationUserId()).isNull();
        });
        try (Connection c = OrganizationMovesTest.control();
             PreparedStatement ps = c.prepareStatement("select location_id, location_user_id::text, moving_to_location_id"
                     + " from control.org_users where organization_id = ? and user_id = ?")) {
            ps.setString(1, org);
            ps.setObject(2, UUID.fromString(personId));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(locationId);
                assertThat(rs.getString(2)).isEqualTo(here.get(0).id());
                assertThat(rs.getString(3)).isNull();
            }
        }
        assertThat(lookup(userName).ids()).containsExactly(personId);
    }

    private static List<Row> rows(String locationId, String userName) throws SQLException {
        try (Connection c = connection(locationId);
             PreparedStatement ps = c.prepareStatement("select id::text, active, organization_user_id::text from "
                     + table(locationId) + " where lower(user_name) = lower(?) and scim_deleted_at is null")) {
            ps.setString(1, userName);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(new Row(rs.getString(1), rs.getBoolean(2), rs.getString(3)));
                }
                return found;
            }
        }
    }

    private static Connection connection(String locationId) throws SQLException {
        return locationId.equals(london) ? server.getPostgresDatabase().getConnection() : OrganizationMovesTest.control();
    }

    private static String table(String locationId) {
        return new Location(locationId, "x", Location.schemaFor(locationId), null, null).table("users");
    }

    record JsonList(List<String> ids) {}

    private JsonList lookup(String userName) {
        Response list = http.get(orgBase + "/Users?filter=" + enc("userName eq \"" + userName + "\""), orgKey);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().get("Resources").forEach(u -> ids.add(u.get("id").asText()));
        return new JsonList(ids);
    }

    private String created(String userName) {
        Response created = http.post(orgBase + "/Users", orgKey, user(userName, "Sydney"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static Admin admin() {
        return new Admin(APP);
    }
}
