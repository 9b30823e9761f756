package com.xakia.scim.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.HeldRow;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clocks that end a wait on a database server that does not answer: the client's socket timeout (a
 * statement whose answer never comes, here one waiting on a row lock with statement_timeout off) and the
 * server's idle_in_transaction_session_timeout (a transaction whose holder went quiet).
 */
class DatabaseTimeoutsTest {

    static RunningApp app;
    static Http http;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of(
                "xakia.db.statement-timeout-ms", "0", // only the socket's clock is left to end the wait
                "xakia.db.socket-timeout-seconds", "2"));
        http = app.http;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_statement_whose_answer_never_comes_is_a_503_after_the_socket_timeout_and_the_service_goes_on() throws Exception {
        TestLocation loc = new Admin(app).location("Frozen answer");
        String id = http.post(loc.users(), loc.key(), "{\"userName\": \"held@example.com\", \"title\": \"Before\"}")
                .json().get("id").asText();
        try (HeldRow held = HeldRow.user(app, loc.id(), id)) {
            long started = System.nanoTime();
            Response patch = http.patch(loc.users() + "/" + id, loc.key(),
                    "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"title\": \"After\"}}]}");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(patch.status()).as(patch.body()).isEqualTo(503);
            assertThat(patch.header("Retry-After")).isNotBlank();
            assertThat(seconds).as("answered after the 2 s socket timeout, not when TCP gives up").isBetween(1.5, 15.0);
        }
        Response user = http.get(loc.users() + "/" + id, loc.key());
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.json().get("title").asText()).isEqualTo("Before");
    }

    @Test
    void every_pool_connection_ends_a_transaction_left_idle() throws SQLException {
        Databases databases = app.context().getRegistry().lookupByNameAndType("databases", Databases.class);
        try (Connection c = databases.control().getConnection();
             ResultSet r = c.createStatement().executeQuery("show idle_in_transaction_session_timeout")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo("1min");
        }
    }
}
