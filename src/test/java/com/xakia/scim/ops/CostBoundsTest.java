package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.xakia.scim.db.Databases;
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
 * What one location's requests may cost the others: a statement that runs too long is cancelled and
 * answered 503, and a location holds at most N requests in flight (429 beyond), so another location's
 * lookups keep their speed while it floods.
 */
class CostBoundsTest {

    static final int PER_LOCATION = 2;
    static RunningApp app;
    static Admin admin;
    static Http http;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of(
                "xakia.db.statement-timeout-ms", "1500",
                "xakia.scim.max-concurrent-per-location", String.valueOf(PER_LOCATION),
                // the flood below is far beyond any rate limit: here it is the bulkhead that is tested
                "xakia.scim.rate-limit-per-second", "1000000", "xakia.scim.rate-limit-burst", "1000000"));
        admin = new Admin(app);
        http = app.http;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_statement_past_statement_timeout_is_503_with_retry_after_and_writes_nothing() throws Exception {
        TestLocation loc = admin.location("Slow");
        String id = http.post(loc.users(), loc.key(), "{\"userName\": \"slow@example.com\", \"title\": \"Before\"}")
                .json().get("id").asText();
        int audited = auditRows(loc);
        CompletableFuture<Response> patch;
        // Hold the user's row: the PATCH's update waits for it until statement_timeout cancels it.
        try (HeldRow held = HeldRow.user(app, loc.id(), id)) {
            patch = CompletableFuture.supplyAsync(() -> http.patch(loc.users() + "/" + id, loc.key(),
                    "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"title\": \"After\"}}]}"));
            Response answered = patch.get(20, TimeUnit.SECONDS);
            assertThat(answered.status()).as(answered.body()).isEqualTo(503);
            assertThat(answered.header("Retry-After")).isEqualTo("5");
            assertThat(answered.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(answered.json().get("detail").asText()).contains("nothing was changed");
        }
        Response user = http.get(loc.users() + "/" + id, loc.key());
        assertThat(user.json().get("title").asText()).isEqualTo("Before");
        assertThat(user.header("ETag")).isEqualTo("W/\"1\"");
        assertThat(auditRows(loc)).as("the cancelled PATCH left no audit row").isEqualTo(audited);
    }

    @Test
    void requests_that_fail_give_their_slot_back() {
        TestLocation loc = admin.location("Failing");
        for (int i = 0; i < 3 * PER_LOCATION; i++) {
            assertThat(http.get(loc.users() + "?filter=" + Http.enc("nope eq \"x\""), loc.key()).status()).isEqualTo(400);
            assertThat(http.get(loc.users() + "/" + UUID.randomUUID(), loc.key()).status()).isEqualTo(404);
            assertThat(http.post(loc.users(), loc.key(), "{\"userName\": \"dup@example.com\"}").status()).isIn(201, 409);
        }
        assertThat(http.get(loc.users(), loc.key()).status()).isEqualTo(200);
    }

    @Test
    void a_location_flooding_with_heavy_queries_gets_429_and_another_keeps_its_speed() throws Exception {
        TestLocation flooding = admin.location("Flooding");
        TestLocation quiet = admin.location("Quiet");
        seed(flooding, 40_000);
        http.post(quiet.users(), quiet.key(), "{\"userName\": \"lookup@example.com\"}");
        String lookup = quiet.users() + "?filter=" + Http.enc("userName eq \"lookup@example.com\"");
        String heavy = flooding.users() + "?sortBy=title&count=100&filter="
                + Http.enc("title co \"zz\" or displayName co \"zz\" or name.familyName co \"zz\"");
        Response one = http.get(heavy, flooding.key());
        assertThat(one.status()).as(one.body()).isEqualTo(200);

        double quietMedian = medianMillis(lookup, quiet.key(), 40);

        // Sixteen clients, eight times what the location may have in flight, each sending its next heavy query
        // as soon as it is answered, or once Retry-After has passed (as Okta and Entra do after a 429).
        int clients = 8 * PER_LOCATION;
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch refused = new CountDownLatch(1);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> retryAfter = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    for (int i = 0; i < 1_000 && stop.getCount() > 0; i++) { // bounded, and stopped once measured
                        Response r = http.get(heavy, flooding.key());
                        statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.status() == 429) {
                            retryAfter.add(r.header("Retry-After"));
                            refused.countDown();
                            stop.await(Long.parseLong(r.header("Retry-After")), TimeUnit.SECONDS);
                        }
                    }
                    return null;
                });
            }
            assertThat(refused.await(20, TimeUnit.SECONDS)).as("the flood is refused beyond the bulkhead").isTrue();
            double floodMedian = medianMillis(lookup, quiet.key(), 40);
            stop.countDown();
            System.out.printf("BULKHEAD quiet median %.1f ms alone, %.1f ms during the flood; flood statuses %s%n",
                    quietMedian, floodMedian, statuses);
            assertThat(floodMedian).as("quiet location's median lookup: %.1f ms alone, %.1f ms during the flood (statuses %s)",
                    quietMedian, floodMedian, statuses).isLessThanOrEqualTo(3 * Math.max(quietMedian, 1.0));
        } finally {
            stop.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(statuses.get(200)).as("the flooding location is still served, N at a time").isNotNull();
        assertThat(statuses.keySet()).containsOnly(200, 429);
        assertThat(retryAfter).allMatch("1"::equals);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get(flooding.users() + "?count=1", flooding.key()).status() == 200);
    }

    @Test
    void an_organization_holds_at_most_n_requests_in_flight_too() throws Exception {
        String org = admin.post("/admin/api/organizations", "{\"name\": \"Flooding Org\"}").json().get("id").asText();
        String location = admin.post("/admin/api/locations", "{\"name\": \"Flooding Org HQ\", \"organizationId\": \"" + org + "\"}")
                .json().get("id").asText();
        assertThat(http.send("PUT", "/admin/api/organizations/" + org + "/routing", app.adminToken,
                "{\"locations\": {\"HQ\": \"" + location + "\"}, \"default\": \"" + location + "\"}", "application/json").status())
                .isEqualTo(200);
        String key = admin.post("/admin/api/organizations/" + org + "/scim-keys", null).json().get("apiKey").asText();
        TestLocation hq = new TestLocation(location, null, null);
        seed(hq, 40_000);
        try (Connection c = database(); PreparedStatement mark = c.prepareStatement( // the organization's people, as it writes them
                "update \"loc_" + location + "\".users set organization_user_id = id")) {
            mark.executeUpdate();
        }
        String heavy = "/scim/v2/organizations/" + org + "/Users?sortBy=title&count=100&filter="
                + Http.enc("title co \"zz\" or displayName co \"zz\" or name.familyName co \"zz\"");
        Response one = http.get(heavy, key);
        assertThat(one.status()).as(one.body()).isEqualTo(200);

        int clients = 8 * PER_LOCATION;
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                sent.add(pool.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        statuses.computeIfAbsent(http.get(heavy, key).status(), st -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(statuses.keySet()).as("statuses %s", statuses).containsOnly(200, 429);
        assertThat(statuses.get(429)).as("beyond %d in flight the organization is refused at once: %s", PER_LOCATION, statuses)
                .isNotNull();
        // every slot came back: the organization is served again once the flood is over
        assertThat(http.get("/scim/v2/organizations/" + org + "/Users?count=1", key).status()).isEqualTo(200);
    }

    private static int auditRows(TestLocation loc) {
        return http.get("/admin/api/locations/" + loc.id() + "/audit?count=0", app.adminToken).json().get("totalResults").asInt();
    }

    /** Median milliseconds of {@code n} sequential GETs, each answered 200. */
    private static double medianMillis(String path, String key, int n) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            Response r = http.get(path, key);
            nanos[i] = System.nanoTime() - started;
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        Arrays.sort(nanos);
        return nanos[n / 2] / 1e6;
    }

    /** {@code n} users written straight into the location's table: a big location, made in a second. */
    private static void seed(TestLocation loc, int n) throws SQLException {
        try (Connection c = database(); PreparedStatement insert = c.prepareStatement(
                "insert into \"loc_" + loc.id() + "\".users (id, user_name, active, lifecycle, source, identity_provider, given_name, family_name,"
                        + " display_name, email, resource, created_at, last_modified)"
                        + " select gen_random_uuid(), 'user' || g || '@big.example', true, 'provisioned', 'okta', 'okta', 'Given' || g,"
                        + " 'Family' || g, 'User ' || g, 'user' || g || '@big.example',"
                        + " jsonb_build_object('userName', 'user' || g || '@big.example', 'title', 'Associate ' || (g % 997),"
                        + " 'displayName', 'User ' || g, 'name', jsonb_build_object('givenName', 'Given' || g,"
                        + " 'familyName', 'Family' || g)), now(), now() from generate_series(1, ?) g")) {
            insert.setInt(1, n);
            insert.executeUpdate();
        }
    }

    private static Connection database() throws SQLException {
        Databases.Connection db = app.context().getRegistry().lookupByNameAndType("databases", Databases.class).controlConnection();
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }
}
