package com.xakia.scim.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/** Locations spread over several PostgreSQL servers: one server's outage stays its own, and heals by itself. */
class LocationServersTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    @Test
    void a_location_on_a_server_that_returns_recovers_without_a_restart() throws Exception {
        Path data = RunningApp.tempDir().resolve("own-server");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestLocation shared = admin.location("On the shared server");
        TestLocation own;
        String userId;
        try (EmbeddedPostgres server = start(data, port)) {
            Response created = http.send("POST", "/admin/api/locations", APP.adminToken,
                    "{\"name\": \"Own server\", \"database\": {\"url\": \"" + server.getJdbcUrl("postgres", "postgres")
                            + "\", \"user\": \"postgres\"}}", "application/json");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").asText();
            assertThat(created.json().get("database").asText()).startsWith("jdbc:postgresql://");
            own = new TestLocation(id, "/scim/v2/" + id, admin.newKey(id));
            userId = http.post(own.users(), own.key(), "{\"userName\": \"own@example.com\"}").json().get("id").asText();
        }

        assertThat(http.get(own.users() + "/" + userId, own.key()).status()).isEqualTo(503);
        assertThat(http.post(shared.users(), shared.key(), "{\"userName\": \"shared@example.com\"}").status()).isEqualTo(201);

        try (EmbeddedPostgres back = start(data, port)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(http.get(own.users() + "/" + userId, own.key()).status()).isEqualTo(200));
            assertThat(http.get(own.users() + "/" + userId, own.key()).json().get("userName").asText()).isEqualTo("own@example.com");
            assertThat(http.post(own.users(), own.key(), "{\"userName\": \"later@example.com\"}").status()).isEqualTo(201);
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
