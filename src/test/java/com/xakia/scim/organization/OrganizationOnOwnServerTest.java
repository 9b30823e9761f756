package com.xakia.scim.organization;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import com.xakia.scim.db.Databases;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/**
 * An organization with a location on a PostgreSQL server of its own, where no transaction spans the index
 * row (control database) and the user row: a create reserves the index row first, and a read settles what a
 * crash between the two writes left. The crashes are set up as the rows they leave behind.
 */
class OrganizationOnOwnServerTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    @Test
    void writes_to_a_location_on_its_own_server_keep_the_index_in_step_and_reads_settle_what_a_crash_left()
            throws Exception {
        try (OrganizationOnTwoServers spread = OrganizationOnTwoServers.start(APP, "Spread")) {
            String org = spread.org();
            String base = spread.base();
            String key = spread.key();
            String london = spread.london();
            String londonKey = admin.newKey(london);

            // a create: reservation, user, confirmation
            Response created = http.post(base + "/Users", key, OrganizationsTest.user("ann@spread.example", "London"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String ann = created.json().get("id").asText();
            assertThat(pending(org, ann)).isFalse();
            assertThat(http.get(base + "/Users/" + ann, key).status()).isEqualTo(200);
            assertThat(http.get("/scim/v2/" + london + "/Users/" + ann, londonKey).status()).isEqualTo(200);

            // a userName taken in the other location: the reservation fails, nothing is written in London
            assertThat(http.post(base + "/Users", key, OrganizationsTest.user("bob@spread.example", "Sydney")).status())
                    .isEqualTo(201);
            Response taken = http.post(base + "/Users", key, OrganizationsTest.user("BOB@spread.example", "London"));
            assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
            assertThat(admin.users(london)).extracting(u -> u.get("userName").asText()).containsExactly("ann@spread.example");

            // a crash after the reservation, before the user: the reservation blocks the userName until a read removes it
            UUID ghost = UUID.randomUUID();
            insertIndexRow(org, ghost, london, "ghost@spread.example", true, "2 minutes");
            assertThat(http.post(base + "/Users", key, OrganizationsTest.user("ghost@spread.example", "London")).status())
                    .isEqualTo(409);
            assertThat(list(base, key, "ghost@spread.example").get("totalResults").asInt()).isZero();
            assertThat(http.post(base + "/Users", key, OrganizationsTest.user("ghost@spread.example", "London")).status())
                    .isEqualTo(201);

            // a crash after the user, before the confirmation: a read confirms the reservation
            String cat = http.post("/scim/v2/" + london + "/Users", londonKey, "{\"userName\": \"cat@spread.example\"}")
                    .json().get("id").asText();
            insertIndexRow(org, UUID.fromString(cat), london, "cat@spread.example", true, "0 minutes");
            assertThat(list(base, key, "cat@spread.example").at("/Resources/0/id").asText()).isEqualTo(cat);
            assertThat(pending(org, cat)).isFalse();

            // a crash after a delete in the location, before the index row went: a read removes the row
            assertThat(http.delete("/scim/v2/" + london + "/Users/" + ann, londonKey).status()).isEqualTo(204);
            assertThat(http.get(base + "/Users/" + ann, key).status()).isEqualTo(404);
            assertThat(http.post(base + "/Users", key, OrganizationsTest.user("ann@spread.example", "London")).status())
                    .isEqualTo(201);

            // and a delete through the organization
            assertThat(http.delete(base + "/Users/" + cat, key).status()).isEqualTo(204);
            assertThat(http.get(base + "/Users/" + cat, key).status()).isEqualTo(404);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode list(String base, String key, String userName) {
        Response list = http.get(base + "/Users?filter=" + enc("userName eq \"" + userName + "\""), key);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json();
    }

    private static void insertIndexRow(String org, UUID userId, String locationId, String userName, boolean pending,
                                       String age) throws SQLException {
        try (Connection c = control();
             PreparedStatement ps = c.prepareStatement("insert into control.org_users (organization_id, user_id,"
                     + " location_id, location_user_id, user_name, pending, created_at)"
                     + " values (?, ?, ?, ?, ?, ?, now() - ?::interval)")) {
            ps.setString(1, org);
            ps.setObject(2, userId);
            ps.setString(3, locationId);
            ps.setObject(4, userId);
            ps.setString(5, userName);
            ps.setBoolean(6, pending);
            ps.setString(7, age);
            ps.executeUpdate();
        }
    }

    private static boolean pending(String org, String userId) throws SQLException {
        try (Connection c = control();
             PreparedStatement ps = c.prepareStatement(
                     "select pending from control.org_users where organization_id = ? and user_id = ?")) {
            ps.setString(1, org);
            ps.setObject(2, UUID.fromString(userId));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the index row of " + userId).isTrue();
                return rs.getBoolean(1);
            }
        }
    }

    private static Connection control() throws SQLException {
        Databases.Connection db = APP.context().getRegistry().lookupByNameAndType("databases", Databases.class)
                .controlConnection();
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }
}
