package com.xakia.scim.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for the README, not a test: {@code mvn -B -q test -Dtest=OperationsBenchmark -Dbenchmark=true}
 * prints latencies of SCIM calls on a healthy location, alone and while another location's database is
 * dead and hammered, and how fast the 503 and 429 answers come. Numbers depend on the machine.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class OperationsBenchmark {

    static final int CALLS = 500;

    @Test
    void run() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("xakia.scim.rate-limit-per-second", "100000",
                "xakia.scim.rate-limit-burst", "100000"))) {
            Admin admin = new Admin(app);
            Http http = app.http;
            TestLocation healthy = admin.location("Healthy");
            String id = http.post(healthy.users(), healthy.key(), "{\"userName\": \"bench@example.com\"}").json().get("id").asText();
            for (int i = 0; i < 200; i++) { // warm-up
                http.get(healthy.users() + "/" + id, healthy.key());
            }
            report("GET /Users/{id}, healthy location, alone", sample(CALLS, () -> http.get(healthy.users() + "/" + id, healthy.key())));
            int[] n = {0};
            report("POST /Users, healthy location, alone", sample(CALLS,
                    () -> http.post(healthy.users(), healthy.key(), "{\"userName\": \"b" + n[0]++ + "@example.com\"}")));

            TestLocation dead;
            try (EmbeddedPostgres own = EmbeddedPostgres.builder().start()) {
                String created = http.send("POST", "/admin/api/locations", app.adminToken, "{\"name\": \"Dead\", \"database\": {\"url\": \""
                        + own.getJdbcUrl("postgres", "postgres") + "\", \"user\": \"postgres\", \"password\": \"\"}}",
                        "application/json").json().get("id").asText();
                dead = new TestLocation(created, "/scim/v2/" + created, admin.newKey(created));
                http.get(dead.users(), dead.key());
            }
            report("GET /Users, dead location, first call (503)", sample(1, () -> http.get(dead.users(), dead.key())));
            report("GET /Users, dead location, breaker open (503)", sample(100, () -> http.get(dead.users(), dead.key())));

            ExecutorService hammer = Executors.newFixedThreadPool(20);
            List<Future<?>> load = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            for (int t = 0; t < 20; t++) {
                load.add(hammer.submit(() -> {
                    while (System.nanoTime() < until) {
                        http.get(dead.users(), dead.key());
                    }
                }));
            }
            report("GET /Users/{id}, healthy location, 20 clients hammering the dead one",
                    sample(CALLS, () -> http.get(healthy.users() + "/" + id, healthy.key())));
            hammer.shutdownNow();
        }
        try (RunningApp limited = RunningApp.start(Map.of("xakia.scim.rate-limit-per-second", "1",
                "xakia.scim.rate-limit-burst", "1"))) {
            TestLocation loc = new Admin(limited).location("Limited");
            limited.http.get(loc.users(), loc.key());
            report("GET /Users beyond the rate limit (429)", sample(100, () -> limited.http.get(loc.users(), loc.key())));
        }
    }

    private static List<Long> sample(int calls, Supplier<Response> call) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.get();
            micros.add((System.nanoTime() - start) / 1000);
        }
        Collections.sort(micros);
        return micros;
    }

    private static void report(String what, List<Long> micros) {
        System.out.printf("BENCH | %-70s | n=%4d | p50 %7.1f ms | p95 %7.1f ms | max %7.1f ms%n", what, micros.size(),
                micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.95)) / 1000.0,
                micros.get(micros.size() - 1) / 1000.0);
    }
}
