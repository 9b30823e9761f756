package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.xakia.scim.db.Databases;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** Stopping the service lets a request that is already running finish and answer. */
class GracefulShutdownTest {

    @Test
    void a_request_in_flight_when_shutdown_starts_completes() throws Exception {
        RunningApp app = RunningApp.start(Map.of());
        TestLocation loc = new Admin(app).location("Closing");
        String id = app.http.post(loc.users(), loc.key(), "{\"userName\": \"inflight@example.com\"}").json().get("id").asText();
        Databases.Connection db = app.context().getRegistry().lookupByNameAndType("databases", Databases.class).controlConnection();

        CompletableFuture<Response> patch;
        CompletableFuture<Void> closing;
        try (Connection holder = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            // Hold the user's row so the PATCH is genuinely in flight, waiting in its transaction.
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select id from \"loc_" + loc.id() + "\".users where id = ? for update")) {
                lock.setObject(1, UUID.fromString(id));
                lock.executeQuery().close();
            }
            patch = CompletableFuture.supplyAsync(() -> app.http.patch(loc.users() + "/" + id, loc.key(),
                    "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"title\": \"Finished\"}}]}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> app.context().getInflightRepository().size() > 0);

            closing = CompletableFuture.runAsync(app::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.context().isStopping());
            holder.commit(); // the in-flight request may go on now
        }

        Response answered = patch.get();
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().get("title").asText()).isEqualTo("Finished");
        closing.get();
        assertThat(app.context().isStopped()).isTrue();
    }
}
