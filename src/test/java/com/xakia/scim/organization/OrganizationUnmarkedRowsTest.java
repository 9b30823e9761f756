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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.xakia.scim.location.Location;
import com.xakia.scim.scim.Page;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows written through an organization before location migration V6: the index row is there, the location's row
 * has no organization_user_id. Set up here in both kinds of location (Sydney in the control database, London on a
 * server of its own) by clearing the mark the write left. A list across locations leaves such people out; reads,
 * lookups, writes, moves and deletes work (and a write marks the row). Start-up marks them once per location that
 * control migration V11 listed.
 */
class OrganizationUnmarkedRowsTest {

    static final RunningApp APP = RunningApp.shared();
    static final String MOVE_TO = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "%s:location", "value": "%%s"}]}""".formatted(XAKIA);

    static OrganizationOnTwoServers spread;

    final Http http = APP.http;
    final ExecutorService fanOut = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopTheFanOut() {
        fanOut.shutdownNow();
    }

    @BeforeAll
    static void anOrganizationOnTwoServers() throws Exception {
        spread = OrganizationOnTwoServers.start(APP, "Before Marks");
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        spread.close();
    }

    @Test
    void a_list_across_locations_leaves_out_rows_written_before_marks_until_start_up_marks_them_once() throws Exception {
        String ann = unmarked("ann@unmarked.example", "Sydney");
        String bob = unmarked("bob@unmarked.example", "London");
        listedByMigrationV11();
        // what the missing mark breaks: a list across locations does not see the people (the shared app's start-up
        // found no location to mark, as a fresh install does)
        assertThat(ids(list("ann@unmarked", "bob@unmarked"))).isEmpty();

        int marked = OrganizationOnTwoServers.service(APP, fanOut).markRowsWrittenBeforeMarks(); // a start-up

        assertThat(marked).isEqualTo(2);
        assertThat(marks(spread.sydney(), "ann@unmarked.example")).containsExactly(ann);
        assertThat(marks(spread.london(), "bob@unmarked.example")).containsExactly(bob);
        assertThat(listed()).isEmpty(); // struck off: never again
        Response list = list("ann@unmarked", "bob@unmarked");
        assertThat(ids(list)).containsExactly(ann, bob);
        assertThat(list.json().get("totalResults").asInt()).isEqualTo(2);
        assertThat(OrganizationOnTwoServers.service(APP, fanOut).markRowsWrittenBeforeMarks()).isZero(); // the next
    }

    @Test
    void two_instances_starting_at_once_mark_each_row_once_and_fail_nothing() throws Exception {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            people.add(unmarked("p" + i + "@twice.example", i % 2 == 0 ? "Sydney" : "London"));
        }
        listedByMigrationV11();
        OrganizationUserService first = OrganizationOnTwoServers.service(APP, fanOut);
        OrganizationUserService second = OrganizationOnTwoServers.service(APP, fanOut);

        Future<Integer> one = fanOut.submit(first::markRowsWrittenBeforeMarks);
        Future<Integer> other = fanOut.submit(second::markRowsWrittenBeforeMarks);

        assertThat(one.get(30, TimeUnit.SECONDS) + other.get(30, TimeUnit.SECONDS)).isEqualTo(20);
        assertThat(ids(list("p", "p"))).containsExactlyInAnyOrderElementsOf(people);
        assertThat(listed()).isEmpty();
    }

    @Test
    void a_list_marks_its_organizations_locations_first_when_start_up_could_not() throws Exception {
        String cal = unmarked("cal@unmarked.example", "London");
        listedByMigrationV11();
        OrganizationUserService started = OrganizationOnTwoServers.service(APP, fanOut); // London was down at its start

        Page page = spread.list(APP, started, "userName sw \"cal@unmarked\"", 10);

        assertThat(OrganizationOnTwoServers.ids(page)).containsExactly(cal);
        assertThat(page.totalResults()).isEqualTo(1);
        assertThat(listed()).isEmpty();
    }

    @Test
    void the_old_row_of_a_person_moved_since_and_a_row_deleted_at_its_location_stay_unmarked() throws Exception {
        String dan = unmarked("dan@unmarked.example", "Sydney");
        Response moved = http.patch(spread.base() + "/Users/" + dan, spread.key(), MOVE_TO.formatted("London"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        String eve = unmarked("eve@unmarked.example", "Sydney");
        String eveRow = rowId(spread.sydney(), "eve@unmarked.example");
        Response gone = http.delete("/scim/v2/" + spread.sydney() + "/Users/" + eveRow, new Admin(APP).newKey(spread.sydney()));
        assertThat(gone.status()).as(gone.toString()).isEqualTo(204); // at the location's own endpoint: its entry stays
        listedByMigrationV11();

        OrganizationOnTwoServers.service(APP, fanOut).markRowsWrittenBeforeMarks();

        assertThat(marks(spread.sydney(), "dan@unmarked.example")).containsExactly((String) null);
        assertThat(marks(spread.london(), "dan@unmarked.example")).containsExactly(dan);
        assertThat(marks(spread.sydney(), "eve@unmarked.example")).containsExactly((String) null);
        assertThat(http.get(spread.base() + "/Users/" + eve, spread.key()).status()).isEqualTo(404);
    }

    @Test
    void reads_writes_moves_and_deletes_of_an_unmarked_row_work_and_a_write_marks_it() throws Exception {
        String fay = unmarked("fay@unmarked.example", "London");
        assertThat(http.get(spread.base() + "/Users/" + fay, spread.key()).status()).isEqualTo(200);
        Response lookup = http.get(spread.base() + "/Users?filter=" + enc("userName eq \"fay@unmarked.example\""),
                spread.key());
        assertThat(ids(lookup)).containsExactly(fay);
        Response patched = http.patch(spread.base() + "/Users/" + fay, spread.key(), """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "title", "value": "Partner"}]}""");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(marks(spread.london(), "fay@unmarked.example")).containsExactly(fay);

        String gus = unmarked("gus@unmarked.example", "Sydney");
        Response moved = http.patch(spread.base() + "/Users/" + gus, spread.key(), MOVE_TO.formatted("London"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(marks(spread.london(), "gus@unmarked.example")).containsExactly(gus);
        assertThat(marks(spread.sydney(), "gus@unmarked.example")).containsExactly((String) null);

        String hal = unmarked("hal@unmarked.example", "London");
        Response deleted = http.delete(spread.base() + "/Users/" + hal, spread.key());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(http.get(spread.base() + "/Users/" + hal, spread.key()).status()).isEqualTo(404);
        assertThat(http.post(spread.base() + "/Users", spread.key(), user("hal@unmarked.example", "London")).status())
                .isEqualTo(201);
    }

    @Test
    void a_location_that_joins_keeps_its_users_its_own_until_the_organization_links_one() throws Exception {
        Admin admin = new Admin(APP);
        Admin.TestLocation paris = admin.location("Paris");
        Response own = http.post(paris.users(), paris.key(), "{\"userName\": \"ida@joined.example\", \"title\": \"Counsel\"}");
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        String row = own.json().get("id").asText();
        Response joined = http.send("PATCH", "/admin/api/locations/" + paris.id(), APP.adminToken,
                "{\"organizationId\": \"" + spread.org() + "\"}", "application/json");
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
        Response routing = http.send("PUT", "/admin/api/organizations/" + spread.org() + "/routing", APP.adminToken,
                "{\"locations\": {\"Sydney\": \"" + spread.sydney() + "\", \"London\": \"" + spread.london()
                        + "\", \"Paris\": \"" + paris.id() + "\"}}", "application/json");
        assertThat(routing.status()).as(routing.toString()).isEqualTo(200);
        OrganizationOnTwoServers.service(APP, fanOut).markRowsWrittenBeforeMarks(); // a start-up: nothing of Paris's

        assertThat(ids(list("ida@joined", "ida@joined"))).isEmpty();
        assertThat(ids(http.get(spread.base() + "/Users?filter=" + enc("userName eq \"ida@joined.example\""),
                spread.key()))).isEmpty();
        assertThat(marks(paris.id(), "ida@joined.example")).containsExactly((String) null);
        assertThat(http.get(paris.users() + "/" + row, paris.key()).status()).isEqualTo(200); // its own endpoint as before

        Response linked = http.post(spread.base() + "/Users", spread.key(), user("ida@joined.example", "Paris"));

        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        String ida = linked.json().get("id").asText();
        assertThat(marks(paris.id(), "ida@joined.example")).containsExactly(ida); // the same row, now the person's
        assertThat(ids(list("ida@joined", "ida@joined"))).containsExactly(ida);
    }

    // ---- rows as a write before V6 left them -----------------------------------------------------

    /** A person written through the organization, its location's row then stripped of its mark. */
    private String unmarked(String userName, String office) throws SQLException {
        Response created = http.post(spread.base() + "/Users", spread.key(), user(userName, office));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String location = office.equals("Sydney") ? spread.sydney() : spread.london();
        try (Connection c = connection(location);
             PreparedStatement ps = c.prepareStatement("update " + table(location)
                     + " set organization_user_id = null where lower(user_name) = lower(?)")) {
            ps.setString(1, userName);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        return created.json().get("id").asText();
    }

    /** The organization's two locations listed to be marked, as control migration V11 lists an upgrade's. */
    private static void listedByMigrationV11() throws SQLException {
        try (Connection c = OrganizationMovesTest.control();
             PreparedStatement ps = c.prepareStatement("insert into control.org_location_unmarked (location_id)"
                     + " values (?), (?) on conflict do nothing")) {
            ps.setString(1, spread.sydney());
            ps.setString(2, spread.london());
            ps.executeUpdate();
        }
    }

    /** Which of the organization's two locations are still listed to be marked. */
    private static List<String> listed() throws SQLException {
        try (Connection c = OrganizationMovesTest.control();
             PreparedStatement ps = c.prepareStatement("select location_id from control.org_location_unmarked"
                     + " where location_id in (?, ?)")) {
            ps.setString(1, spread.sydney());
            ps.setString(2, spread.london());
            try (ResultSet rs = ps.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
                return found;
            }
        }
    }

    private static String rowId(String location, String userName) throws SQLException {
        try (Connection c = connection(location);
             PreparedStatement ps = c.prepareStatement("select id::text from " + table(location)
                     + " where lower(user_name) = lower(?) and scim_deleted_at is null")) {
            ps.setString(1, userName);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** The organization's users whose userName starts with either prefix, by userName, over HTTP. */
    private Response list(String prefix, String orPrefix) {
        Response list = http.get(spread.base() + "/Users?filter=" + enc("userName sw \"" + prefix + "\" or userName sw \""
                + orPrefix + "\"") + "&sortBy=userName", spread.key());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list;
    }

    /** The organization_user_id of every row with the userName (SCIM-deleted ones too), null where unmarked. */
    private static List<String> marks(String location, String userName) throws SQLException {
        try (Connection c = connection(location);
             PreparedStatement ps = c.prepareStatement("select organization_user_id::text from " + table(location)
                     + " where lower(user_name) = lower(?) order by created_at")) {
            ps.setString(1, userName);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
                return found;
            }
        }
    }

    private static Connection connection(String location) throws SQLException {
        return location.equals(spread.london()) ? spread.server().getPostgresDatabase().getConnection()
                : OrganizationMovesTest.control();
    }

    private static String table(String location) {
        return new Location(location, "x", Location.schemaFor(location), null, null).table("users");
    }

    private static List<String> ids(Response list) {
        List<String> ids = new ArrayList<>();
        list.json().get("Resources").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }
}
