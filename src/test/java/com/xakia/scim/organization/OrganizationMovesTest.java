package com.xakia.scim.organization;

import static com.xakia.scim.organization.OrganizationsTest.XAKIA;
import static com.xakia.scim.organization.OrganizationsTest.user;
import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.db.Databases;
import com.xakia.scim.location.Location;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moves between an organization's locations (#16 item 4) and linking at create, against the running app over
 * HTTP, with both locations in the control server's database: one transaction per move. The rows are checked
 * in PostgreSQL: the person is active in exactly one location, marked as the organization's person there only.
 */
class OrganizationMovesTest {

    static final RunningApp APP = RunningApp.shared();
    static final String MOVE_TO_LONDON = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "%s:location", "value": "London"}]}""".formatted(XAKIA);

    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    String org;
    String orgBase;
    String orgKey;
    String sydney;
    String london;

    @BeforeEach
    void anOrganizationWithTwoLocations() {
        org = admin.post("/admin/api/organizations", "{\"name\": \"Moving Legal\"}").json().get("id").asText();
        orgBase = "/scim/v2/organizations/" + org;
        sydney = location("Sydney");
        london = location("London");
        Response routing = http.send("PUT", "/admin/api/organizations/" + org + "/routing", APP.adminToken,
                "{\"locations\": {\"Sydney\": \"" + sydney + "\", \"London\": \"" + london + "\"}}", "application/json");
        assertThat(routing.status()).as(routing.toString()).isEqualTo(200);
        orgKey = admin.post("/admin/api/organizations/" + org + "/scim-keys", null).json().get("apiKey").asText();
    }

    @Test
    void a_patch_moves_the_person_and_a_put_moves_it_back_into_its_earlier_row_under_the_same_id() throws Exception {
        String id = created(user("fay@move.example", "Sydney"));
        String sydneyRow = only(rows(sydney, "fay@move.example")).id;

        Response moved = http.patch(orgBase + "/Users/" + id, orgKey, MOVE_TO_LONDON);

        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("id").asText()).isEqualTo(id);
        assertThat(moved.json().at("/meta/location").asText()).isEqualTo(APP.url(orgBase + "/Users/" + id));
        assertThat(moved.json().at("/" + XAKIA.replace("/", "~1") + "/location").asText()).isEqualTo("London");
        assertThat(moved.json().get("title").asText()).isEqualTo("Counsel"); // the data went with the person
        assertThat(moved.json()).isEqualTo(http.get(orgBase + "/Users/" + id, orgKey).json());
        Row inLondon = only(rows(london, "fay@move.example"));
        assertThat(inLondon.active).isTrue();
        assertThat(inLondon.organizationUserId).isEqualTo(id);
        Row left = only(rows(sydney, "fay@move.example"));
        assertThat(left.active).isFalse(); // kept, with its data, as an inactive user
        assertThat(left.organizationUserId).isNull();
        assertThat(admin.user(sydney, sydneyRow).get("status").asText()).isEqualTo("inactive");
        assertThat(audit(sydney)).contains("scim.user.move-out");
        assertThat(lookup("fay@move.example").get("totalResults").asInt()).isEqualTo(1);

        Response back = http.put(orgBase + "/Users/" + id, orgKey,
                user("fay@move.example", "sydney").replace("\"Counsel\"", "\"Partner\""));

        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().get("id").asText()).isEqualTo(id);
        assertThat(back.json().get("title").asText()).isEqualTo("Partner");
        Row again = only(rows(sydney, "fay@move.example"));
        assertThat(again.id).isEqualTo(sydneyRow); // the earlier row, not a second one
        assertThat(again.active).isTrue();
        assertThat(again.organizationUserId).isEqualTo(id);
        Row leftLondon = only(rows(london, "fay@move.example"));
        assertThat(leftLondon.active).isFalse();
        assertThat(leftLondon.organizationUserId).isNull();
        assertThat(lookup("fay@move.example").at("/Resources/0/id").asText()).isEqualTo(id);
    }

    @Test
    void a_lookup_by_user_name_answers_the_persons_current_row_after_every_kind_of_change() throws Exception {
        String id = created(user("gia@move.example", "Sydney"));
        String sydneyRow = only(rows(sydney, "gia@move.example")).id;
        String office = "/" + XAKIA.replace("/", "~1") + "/location";
        assertThat(lookup("GIA@move.example").at("/Resources/0" + office).asText()).isEqualTo("Sydney");

        // written at the location's own base URI: the lookup at the organization reads the row as it is now
        String sydneyKey = admin.newKey(sydney);
        Response there = http.patch("/scim/v2/" + sydney + "/Users/" + sydneyRow, sydneyKey, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "title", "value": "Partner"}]}""");
        assertThat(there.status()).as(there.toString()).isEqualTo(200);
        assertThat(lookup("gia@move.example").at("/Resources/0/title").asText()).isEqualTo("Partner");

        assertThat(http.patch(orgBase + "/Users/" + id, orgKey, MOVE_TO_LONDON).status()).isEqualTo(200);
        JsonNode moved = lookup("gia@move.example");
        assertThat(moved.get("totalResults").asInt()).isEqualTo(1);
        assertThat(moved.at("/Resources/0/id").asText()).isEqualTo(id);
        assertThat(moved.at("/Resources/0" + office).asText()).isEqualTo("London");

        assertThat(http.put(orgBase + "/Users/" + id, orgKey, user("gil@move.example", "Sydney")).status())
                .isEqualTo(200);
        assertThat(lookup("gia@move.example").get("totalResults").asInt()).isZero();
        assertThat(lookup("gil@move.example").at("/Resources/0" + office).asText()).isEqualTo("Sydney");

        assertThat(http.delete(orgBase + "/Users/" + id, orgKey).status()).isEqualTo(204);
        assertThat(lookup("gil@move.example").get("totalResults").asInt()).isZero();
        String again = created(user("gil@move.example", "Sydney"));
        assertThat(again).isNotEqualTo(id);
        assertThat(lookup("gil@move.example").at("/Resources/0/id").asText()).isEqualTo(again);
    }

    @Test
    void a_lookup_answers_whom_the_index_gives_the_user_name_not_the_row_where_this_instance_found_it_before()
            throws Exception {
        String ann = created(user("ann@move.example", "Sydney"));
        assertThat(lookup("ann@move.example").at("/Resources/0/id").asText()).isEqualTo(ann); // found in Sydney
        assertThat(http.put(orgBase + "/Users/" + ann, orgKey, user("ann.b@move.example", "Sydney")).status())
                .isEqualTo(200);
        String bob = created(user("ann@move.example", "London")); // the name, free again, is another person's now
        // at Sydney's own base URI Ann's row takes the name back: the row there is Ann's and named so, but the
        // organization's index gives the name to Bob (the clash the README describes)
        String sydneyRow = only(rows(sydney, "ann.b@move.example")).id;
        Response renamed = http.patch("/scim/v2/" + sydney + "/Users/" + sydneyRow, admin.newKey(sydney), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "userName", "value": "ann@move.example"}]}""");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        JsonNode found = lookup("ann@move.example");
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.at("/Resources/0/id").asText()).isEqualTo(bob);
        assertThat(found.at("/Resources/0/" + XAKIA.replace("/", "~1") + "/location").asText()).isEqualTo("London");
    }

    @Test
    void an_external_id_changed_at_the_location_is_found_at_the_organization_after_a_lookup_by_user_name()
            throws Exception {
        String id = created(user("eve@move.example", "Sydney"));
        assertThat(lookup("eve@move.example").at("/Resources/0/externalId").asText()).isEqualTo("ext-eve@move.example");
        String sydneyRow = only(rows(sydney, "eve@move.example")).id;
        Response changed = http.patch("/scim/v2/" + sydney + "/Users/" + sydneyRow, admin.newKey(sydney), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "externalId", "value": "eve-2"}]}""");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        // the lookup answers the row as it is, and takes its new externalId into the organization's index
        assertThat(lookup("eve@move.example").at("/Resources/0/externalId").asText()).isEqualTo("eve-2");
        Response byExternalId = http.get(orgBase + "/Users?filter=" + enc("externalId eq \"eve-2\""), orgKey);
        assertThat(byExternalId.status()).as(byExternalId.toString()).isEqualTo(200);
        assertThat(byExternalId.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(byExternalId.json().at("/Resources/0/id").asText()).isEqualTo(id);
    }

    @Test
    void a_move_links_a_native_xakia_user_with_the_same_user_name_and_invites_nobody() throws Exception {
        String id = created(user("nat@move.example", "Sydney"));
        JsonNode invited = admin.invite(sydney, id, false).json();
        String nativeRow = admin.nativeUser(london, "NAT@move.example", "Nat", "Ive").get("id").asText();

        Response moved = http.patch(orgBase + "/Users/" + id, orgKey, MOVE_TO_LONDON);

        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("id").asText()).isEqualTo(id);
        Row linked = only(rows(london, "nat@move.example"));
        assertThat(linked.id).isEqualTo(nativeRow);
        assertThat(linked.organizationUserId).isEqualTo(id);
        JsonNode inLondon = admin.user(london, nativeRow);
        assertThat(inLondon.get("source").asText()).isEqualTo("linked");
        assertThat(inLondon.get("status").asText()).isEqualTo("active"); // a Xakia user: no invitation needed
        assertThat(admin.invitations(london)).isEmpty();
        // the open invitation in the old location stops working
        assertThat(admin.invitation(sydney, invited.get("invitationId").asText()).get("status").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void a_move_onto_another_persons_user_name_is_409_and_changes_nothing() throws Exception {
        String ann = created(user("ann@move.example", "Sydney"));
        created(user("bob@move.example", "London"));
        String before = http.get(orgBase + "/Users/" + ann, orgKey).json().toString();

        Response clash = http.put(orgBase + "/Users/" + ann, orgKey, user("BOB@move.example", "London"));

        assertThat(clash.status()).as(clash.toString()).isEqualTo(409);
        assertThat(clash.json().get("scimType").asText()).isEqualTo("uniqueness");
        assertThat(http.get(orgBase + "/Users/" + ann, orgKey).json().toString()).isEqualTo(before);
        assertThat(only(rows(sydney, "ann@move.example")).active).isTrue();
        assertThat(rows(london, "ann@move.example")).isEmpty();
        assertThat(only(rows(london, "bob@move.example")).active).isTrue();
    }

    @Test
    void a_move_under_a_stale_if_match_is_412_and_changes_nothing() throws Exception {
        String id = created(user("eve@move.example", "Sydney"));

        Response stale = http.send("PATCH", orgBase + "/Users/" + id, orgKey, MOVE_TO_LONDON,
                "application/scim+json", "If-Match", "W/\"nope\"");

        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(rows(london, "eve@move.example")).isEmpty();
        assertThat(only(rows(sydney, "eve@move.example")).organizationUserId).isEqualTo(id);
    }

    @Test
    void a_post_links_a_user_already_in_the_routed_location_instead_of_refusing_or_duplicating_it() throws Exception {
        String nativeRow = admin.nativeUser(sydney, "kim@move.example", "Kim", "Lee").get("id").asText();

        Response created = http.post(orgBase + "/Users", orgKey, user("Kim@move.example", "Sydney"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(id).isNotEqualTo(nativeRow); // the organization's id is its own; the row stays the row
        assertThat(created.header("Location")).isEqualTo(APP.url(orgBase + "/Users/" + id));
        Row linked = only(rows(sydney, "kim@move.example"));
        assertThat(linked.id).isEqualTo(nativeRow);
        assertThat(linked.organizationUserId).isEqualTo(id);
        assertThat(admin.user(sydney, nativeRow).get("source").asText()).isEqualTo("linked");
        assertThat(http.get(orgBase + "/Users/" + id, orgKey).json().get("userName").asText())
                .isEqualTo("Kim@move.example");
        assertThat(lookup("kim@move.example").at("/Resources/0/id").asText()).isEqualTo(id);

        // the linked person is written and moved like any other, under the organization's id
        Response moved = http.patch(orgBase + "/Users/" + id, orgKey, MOVE_TO_LONDON);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("id").asText()).isEqualTo(id);
        assertThat(only(rows(london, "kim@move.example")).organizationUserId).isEqualTo(id);
        assertThat(only(rows(sydney, "kim@move.example")).active).isFalse();

        // a second POST with the name: the organization already has the person
        Response again = http.post(orgBase + "/Users", orgKey, user("kim@move.example", "Sydney"));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(only(rows(sydney, "kim@move.example")).organizationUserId).isNull();
    }

    @Test
    void a_delete_after_a_move_deletes_the_persons_current_row_only() throws Exception {
        String id = created(user("gus@move.example", "Sydney"));
        assertThat(http.patch(orgBase + "/Users/" + id, orgKey, MOVE_TO_LONDON).status()).isEqualTo(200);

        assertThat(http.delete(orgBase + "/Users/" + id, orgKey).status()).isEqualTo(204);

        assertThat(http.get(orgBase + "/Users/" + id, orgKey).status()).isEqualTo(404);
        assertThat(rows(london, "gus@move.example")).isEmpty(); // hidden from SCIM, kept by Xakia
        assertThat(only(rows(sydney, "gus@move.example")).organizationUserId).isNull();
        assertThat(marked(london, id) + marked(sydney, id)).isZero(); // no row is the person's any more
    }

    @Test
    void a_delete_at_the_organization_of_a_person_deleted_at_its_location_is_404_and_frees_the_user_name()
            throws Exception {
        String cat = created(user("cat@move.example", "Sydney"));
        assertThat(http.delete("/scim/v2/" + sydney + "/Users/" + cat, admin.newKey(sydney)).status()).isEqualTo(204);

        Response again = http.delete(orgBase + "/Users/" + cat, orgKey);

        assertThat(again.status()).as(again.toString()).isEqualTo(404);
        Response recreated = http.post(orgBase + "/Users", orgKey, user("cat@move.example", "Sydney"));
        assertThat(recreated.status()).as(recreated.toString()).isEqualTo(201);
        assertThat(http.get(orgBase + "/Users/" + recreated.json().get("id").asText(), orgKey).status()).isEqualTo(200);
    }

    @Test
    void a_reads_repair_of_the_index_does_not_overwrite_an_entry_a_move_changed_meanwhile() throws Exception {
        String pat = created(user("pat@move.example", "Sydney"));
        String sydneyKey = admin.newKey(sydney);
        // renamed at the location's own endpoint: the next read at the organization repairs the index's names
        assertThat(http.patch("/scim/v2/" + sydney + "/Users/" + pat, sydneyKey, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "userName", "value": "pat2@move.example"}]}""").status())
                .isEqualTo(200);
        String londonRow = http.post("/scim/v2/" + london + "/Users", admin.newKey(london),
                "{\"userName\": \"pat3@move.example\"}").json().get("id").asText();
        try (Connection mover = control()) {
            mover.setAutoCommit(false);
            try (PreparedStatement lock = mover.prepareStatement(
                    "select 1 from control.org_users where organization_id = ? and user_id = ? for update")) {
                lock.setString(1, org);
                lock.setObject(2, UUID.fromString(pat));
                lock.executeQuery().close();
            }
            // a read that read the entry before the move commits, and waits on the row to repair it
            CompletableFuture<Response> read = CompletableFuture.supplyAsync(() -> http.get(orgBase + "/Users/" + pat, orgKey));
            awaitWaitingOnALock(mover, read);
            try (PreparedStatement moved = mover.prepareStatement("update control.org_users set location_id = ?,"
                    + " location_user_id = ?, user_name = ? where organization_id = ? and user_id = ?")) {
                moved.setString(1, london);
                moved.setObject(2, UUID.fromString(londonRow));
                moved.setString(3, "pat3@move.example");
                moved.setString(4, org);
                moved.setObject(5, UUID.fromString(pat));
                assertThat(moved.executeUpdate()).isEqualTo(1);
            }
            mover.commit();
            read.get(30, TimeUnit.SECONDS);
        }

        try (Connection c = control();
             PreparedStatement ps = c.prepareStatement("select location_id, location_user_id::text, user_name"
                     + " from control.org_users where organization_id = ? and user_id = ?")) {
            ps.setString(1, org);
            ps.setObject(2, UUID.fromString(pat));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                        .containsExactly(london, londonRow, "pat3@move.example"); // the move's entry, as it committed
            }
        }
    }

    /** Until a statement of the app waits on a row lock of the control database (or the read is done). */
    private static void awaitWaitingOnALock(Connection mover, CompletableFuture<Response> read) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = control();
             PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity"
                     + " where wait_event_type = 'Lock' and query like 'update control.org_users%'")) {
            while (System.nanoTime() < deadline && !read.isDone()) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the read did not wait on the person's index row: " + (read.isDone() ? read.get() : "timeout"));
    }

    /** Rows of a location marked as the person's, those SCIM deleted included. */
    static int marked(String locationId, String personId) throws SQLException {
        try (Connection c = control();
             PreparedStatement ps = c.prepareStatement("select count(*) from "
                     + new Location(locationId, "x", Location.schemaFor(locationId), null, null).table("users")
                     + " where organization_user_id = ?")) {
            ps.setObject(1, UUID.fromString(personId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A row of a location's users that SCIM sees. */
    record Row(String id, boolean active, String organizationUserId) {}

    static List<Row> rows(String locationId, String userName) throws SQLException {
        try (Connection c = control();
             PreparedStatement ps = c.prepareStatement("select id, active, organization_user_id from "
                     + new Location(locationId, "x", Location.schemaFor(locationId), null, null).table("users")
                     + " where lower(user_name) = lower(?) and scim_deleted_at is null")) {
            ps.setString(1, userName);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> found = new ArrayList<>();
                while (rs.next()) {
                    UUID person = rs.getObject(3, UUID.class);
                    found.add(new Row(rs.getString(1), rs.getBoolean(2), person == null ? null : person.toString()));
                }
                return found;
            }
        }
    }

    static Row only(List<Row> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    List<String> audit(String locationId) {
        Response audit = http.get("/admin/api/locations/" + locationId + "/audit", APP.adminToken);
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        List<String> operations = new ArrayList<>();
        audit.json().get("entries").forEach(e -> operations.add(e.get("operation").asText()));
        return operations;
    }

    String created(String body) {
        Response created = http.post(orgBase + "/Users", orgKey, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    JsonNode lookup(String userName) {
        Response list = http.get(orgBase + "/Users?filter=" + enc("userName eq \"" + userName + "\""), orgKey);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json();
    }

    String location(String name) {
        Response created = admin.post("/admin/api/locations", "{\"name\": \"" + name + "\", \"organizationId\": \"" + org + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    static Connection control() throws SQLException {
        Databases.Connection db = APP.context().getRegistry().lookupByNameAndType("databases", Databases.class)
                .controlConnection();
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }
}
