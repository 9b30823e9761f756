package com.xakia.scim.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.JarInstance;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.support.Smtp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the jar against one external PostgreSQL (XAKIA_DB_URL), as behind a load balancer.
 * Nothing that matters lives in one instance's memory (a remembered key, for under a second), so the database
 * settles every race.
 */
class TwoInstancesIT {

    static final String ADMIN = "two-instances-admin-token-8c1e5a9f3b7d2064";
    static EmbeddedPostgres postgres;
    static Smtp smtp;
    static JarInstance a;
    static JarInstance b;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = RunningApp.tempDir();
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("shared-postgres")).start();
        smtp = new Smtp().start();
        a = new JarInstance(dir, env());
        b = new JarInstance(dir, env());
    }

    /** What every instance is started with: the shared database, the same admin token, one SMTP server. */
    static Map<String, String> env() {
        return Map.of(
                "XAKIA_DB_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "XAKIA_DB_USER", "postgres",
                "XAKIA_ADMIN_TOKEN", ADMIN,
                "XAKIA_SMTP_HOST", "127.0.0.1",
                "XAKIA_SMTP_PORT", String.valueOf(smtp.port),
                "XAKIA_INVITE_POLL_MS", "200");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, postgres, smtp}) {
            if (c != null) {
                c.close();
            }
        }
    }

    record Location(String id, String key) {
        String users() {
            return "/scim/v2/" + id + "/Users";
        }
    }

    static Location location(JarInstance via) {
        String id = via.http.send("POST", "/admin/api/locations", ADMIN, "{\"name\": \"Two\"}", "application/json")
                .json().get("id").asText();
        String key = via.http.send("POST", "/admin/api/locations/" + id + "/scim-keys", ADMIN, null, null)
                .json().get("apiKey").asText();
        return new Location(id, key);
    }

    static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Each instance remembers keys between requests (RememberedKeys): a key replaced through one instance stops on
     * the other within 1 s — measured from before the replacing call was sent — and the new key works there at once.
     */
    @Test
    void a_key_replaced_through_one_instance_stops_on_the_other_within_a_second() {
        for (int round = 0; round < 5; round++) {
            Location loc = location(a);
            for (int i = 0; i < 5; i++) { // remembered on both instances
                assertThat(a.http.get(loc.users(), loc.key()).status()).isEqualTo(200);
                assertThat(b.http.get(loc.users(), loc.key()).status()).isEqualTo(200);
            }
            long sent = System.nanoTime();
            String newKey = b.http.send("POST", "/admin/api/locations/" + loc.id() + "/scim-keys", ADMIN, null, null)
                    .json().get("apiKey").asText();
            assertThat(b.http.get(loc.users(), loc.key()).status()).isEqualTo(401); // where it was replaced: at once
            assertThat(a.http.get(loc.users(), newKey).status()).isEqualTo(200);  // the new key: at once, everywhere
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> a.http.get(loc.users(), loc.key()).status() == 401);
            Duration stoppedAfter = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(stoppedAfter).isLessThan(Duration.ofSeconds(1));
            System.out.println("replaced key refused by the other instance after " + stoppedAfter.toMillis() + " ms");
            for (int i = 0; i < 3; i++) { // and stays stopped
                assertThat(a.http.get(loc.users(), loc.key()).status()).isEqualTo(401);
            }
        }
    }

    @Test
    void the_same_userName_posted_20_times_through_both_creates_exactly_one() throws Exception {
        Location loc = location(a);
        int[] next = {0};
        List<Integer> statuses = concurrently(20, () -> {
            JarInstance via;
            synchronized (next) {
                via = next[0]++ % 2 == 0 ? a : b;
            }
            return via.http.post(loc.users(), loc.key(), "{\"userName\": \"race@example.com\"}").status();
        });
        assertThat(Collections.frequency(statuses, 201)).isEqualTo(1);
        assertThat(Collections.frequency(statuses, 409)).isEqualTo(19);
        assertThat(a.http.get(loc.users() + "?count=0", loc.key()).json().get("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void two_patches_with_the_same_if_match_through_both_one_wins() throws Exception {
        Location loc = location(a);
        String id = a.http.post(loc.users(), loc.key(), "{\"userName\": \"etag@example.com\"}").json().get("id").asText();
        JarInstance[] via = {a, b};
        int[] next = {0};
        List<Integer> statuses = concurrently(2, () -> {
            JarInstance instance;
            synchronized (next) {
                instance = via[next[0]++];
            }
            return instance.http.send("PATCH", loc.users() + "/" + id, loc.key(),
                    "{\"Operations\": [{\"op\": \"replace\", \"path\": \"title\", \"value\": \"by " + instance.port + "\"}]}",
                    "application/scim+json", "If-Match", "W/\"1\"").status();
        });
        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        assertThat(b.http.get(loc.users() + "/" + id, loc.key()).json().at("/meta/version").asText()).isEqualTo("W/\"2\"");
    }

    @Test
    void twenty_invitations_through_both_instances_send_twenty_emails_none_twice() throws Exception {
        Location loc = location(a);
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            userIds.add(a.http.post(loc.users(), loc.key(), "{\"userName\": \"inv" + i + "@example.com\", "
                    + "\"emails\": [{\"value\": \"inv" + i + "@example.com\", \"primary\": true}]}").json().get("id").asText());
        }
        // Both instances are asked to invite every provisioned user at the same moment.
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Response> answers = concurrently(2, () -> {
            JarInstance via = next.getAndIncrement() == 0 ? a : b;
            return via.http.send("POST", "/admin/api/locations/" + loc.id() + "/invitations", ADMIN,
                    "{\"all\": \"provisioned\"}", "application/json");
        });
        int queued = answers.stream().mapToInt(r -> r.json().get("queued").size()).sum();
        assertThat(queued).isEqualTo(20);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode invitations = b.http.get("/admin/api/locations/" + loc.id() + "/invitations", ADMIN).json().get("invitations");
            assertThat(invitations).hasSize(20).allSatisfy(i -> assertThat(i.get("status").asText()).isEqualTo("sent"));
        });
        List<String> recipients = new ArrayList<>();
        smtp.received().forEach(m -> recipients.addAll(Smtp.recipients(m)));
        List<String> ours = recipients.stream().filter(r -> r.startsWith("inv")).toList();
        assertThat(ours).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void every_acknowledged_create_survives_a_sigkill_and_the_other_instance_keeps_serving() throws Exception {
        Location loc = location(a);
        JarInstance victim = new JarInstance(dir, env());
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(load.submit(() -> {
                Http client = new Http("http://127.0.0.1:" + victim.port);
                for (int i = 0; i < 10_000 && !stop.get(); i++) {
                    try {
                        Response r = client.post(loc.users(), loc.key(), "{\"userName\": \"k" + worker + "-" + i + "@example.com\"}");
                        if (r.status() == 201) {
                            acknowledged.add(r.json().get("id").asText());
                        }
                    } catch (AssertionError connectionLost) {
                        return;
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 40);
        victim.kill();
        stop.set(true);
        for (Future<?> f : workers) {
            f.get();
        }
        load.shutdown();

        assertThat(acknowledged).isNotEmpty();
        for (String id : acknowledged) {
            assertThat(b.http.get(loc.users() + "/" + id, loc.key()).status()).as(id).isEqualTo(200);
        }
        assertThat(a.http.post(loc.users(), loc.key(), "{\"userName\": \"after@example.com\"}").status()).isEqualTo(201);
    }
}
