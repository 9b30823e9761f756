package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/** A location whose database server dies answers 503 quickly; the other locations do not notice. */
class FaultIsolationTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    @Test
    void a_location_whose_database_is_down_answers_503_fast_while_others_keep_answering() throws Exception {
        TestLocation healthy = admin.location("Healthy");
        TestLocation doomed;
        try (EmbeddedPostgres own = EmbeddedPostgres.builder().start()) {
            Response created = http.send("POST", "/admin/api/locations", APP.adminToken,
                    "{\"name\": \"Doomed\", \"database\": {\"url\": \"" + own.getJdbcUrl("postgres", "postgres")
                            + "\", \"user\": \"postgres\", \"password\": \"\"}}", "application/json");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").asText();
            doomed = new TestLocation(id, "/scim/v2/" + id, admin.newKey(id));
            assertThat(http.post(doomed.users(), doomed.key(), "{\"userName\": \"before@example.com\"}").status()).isEqualTo(201);
        } // the location's server is gone from here on

        // Ten concurrent calls to the dead location, and the healthy one alongside.
        List<CompletableFuture<Timed>> dead = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            dead.add(CompletableFuture.supplyAsync(() -> timed(() -> http.get(doomed.users(), doomed.key()))));
        }
        Timed alongside = timed(() -> http.get(healthy.users(), healthy.key()));
        assertThat(alongside.response.status()).isEqualTo(200);
        assertThat(alongside.took).as("the healthy location is not held up").isLessThan(Duration.ofSeconds(2));

        for (CompletableFuture<Timed> call : dead) {
            Timed t = call.get();
            assertThat(t.response.status()).as(t.response.body()).isEqualTo(503);
            assertThat(t.took).isLessThan(Duration.ofSeconds(10));
            assertThat(t.response.header("Retry-After")).isNotNull();
            assertThat(Integer.parseInt(t.response.header("Retry-After"))).isBetween(1, 60);
            assertThat(t.response.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(t.response.json().get("status").asText()).isEqualTo("503");
            assertThat(t.response.body()).doesNotContain("jdbc:", "postgres");
        }
        // Once known down, the location fails at once instead of waiting for a connection each time.
        Timed again = timed(() -> http.post(doomed.users(), doomed.key(), "{\"userName\": \"after@example.com\"}"));
        assertThat(again.response.status()).isEqualTo(503);
        assertThat(again.took).isLessThan(Duration.ofSeconds(1));

        // health probes the servers at most once per PROBE_TTL, so the dead server shows within that time
        Response health = await().atMost(LocationDatabasesHealthCheck.PROBE_TTL.plusSeconds(10))
                .until(() -> http.get("http://127.0.0.1:" + APP.managementPort + "/observe/health?data=true", null),
                        h -> h.body().contains("locations DOWN"));
        assertThat(health.status()).as("one location down does not take the service down").isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.body()).as("location ids only with XAKIA_HEALTH_LOCATION_DETAILS")
                .doesNotContain(doomed.id()).doesNotContain(healthy.id());
        assertThat(http.get(healthy.users(), healthy.key()).status()).isEqualTo(200);
    }

    record Timed(Response response, Duration took) {}

    static Timed timed(java.util.function.Supplier<Response> call) {
        long start = System.nanoTime();
        Response response = call.get();
        return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
    }
}
