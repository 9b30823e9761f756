package com.xakia.scim.invite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import com.xakia.scim.db.Databases;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.support.Smtp;
import org.junit.jupiter.api.Test;

/**
 * The drainer visits locations by their hint in control.outbox_due, and a slow sweep of every location
 * catches what a lost hint would leave behind.
 */
class OutboxHintsTest {

    static String invite(RunningApp app, TestLocation loc, String email) {
        String userId = app.http.post(loc.users(), loc.key(), "{\"userName\": \"" + email + "\", "
                + "\"emails\": [{\"value\": \"" + email + "\"}]}").json().get("id").asText();
        assertThat(app.http.send("POST", "/admin/api/locations/" + loc.id() + "/users/" + userId + "/invite",
                app.adminToken, null, null).status()).isEqualTo(202);
        return userId;
    }

    static Timestamp hint(RunningApp app, String locationId) throws SQLException {
        Databases databases = app.context().getRegistry().lookupByNameAndType("databases", Databases.class);
        try (Connection c = databases.control().getConnection();
             PreparedStatement ps = c.prepareStatement("select due_at from control.outbox_due where location_id = ?")) {
            ps.setString(1, locationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1) : null;
            }
        }
    }

    @Test
    void an_invite_leaves_a_hint_the_drainer_follows_and_settles() throws Exception {
        try (Smtp smtp = new Smtp().start();
             RunningApp app = RunningApp.start(smtp.appSettings(
                     "xakia.invite.poll-ms", "100", "xakia.invite.sweep-ms", "3600000",
                     "xakia.invite.retry-delay-ms", "3600000"))) {
            TestLocation loc = new Admin(app).location("Hinted");

            invite(app, loc, "hinted@example.com");
            await().atMost(Duration.ofSeconds(10)).until(() -> !smtp.receivedBy("hinted@example.com").isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> hint(app, loc.id()) == null);

            smtp.stop(); // the next attempt fails; the hint then names the retry, an hour away
            invite(app, loc, "retry@example.com");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Timestamp due = hint(app, loc.id());
                assertThat(due).isNotNull();
                assertThat(due.toInstant()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
            });
        }
    }

    @Test
    void the_sweep_delivers_what_no_hint_points_at() throws Exception {
        try (Smtp smtp = new Smtp().start();
             RunningApp app = RunningApp.start(smtp.appSettings(
                     "xakia.invite.poll-ms", "3600000", "xakia.invite.sweep-ms", "200"))) {
            TestLocation loc = new Admin(app).location("Swept");
            invite(app, loc, "swept@example.com");
            await().atMost(Duration.ofSeconds(10)).until(() -> !smtp.receivedBy("swept@example.com").isEmpty());
        }
    }
}
