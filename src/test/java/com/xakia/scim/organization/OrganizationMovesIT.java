package com.xakia.scim.organization;

import static com.xakia.scim.organization.OrganizationsTest.XAKIA;
import static com.xakia.scim.organization.OrganizationsTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.JarInstance;
import com.xakia.scim.support.RunningApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/**
 * The jar moving an organization's people between its locations under concurrent clients, killed with SIGKILL
 * mid-way and restarted on the same data folder (three times), with no client retrying anything: every person is active in
 * exactly one location — the one its last acknowledged move named, or the one of the move in flight at the
 * kill — under the same organization id, and no location has a userName twice. Sydney and London are in the
 * control server's database (a move is one transaction); New York is on a PostgreSQL server of its own (a
 * move there or from there is an intent rolled forward, at start-up for the ones the kill interrupted).
 */
class OrganizationMovesIT {

    static final String ADMIN = "OrgMoves-7hK2pQ9wL4xR1tV6bN8mC3jD5fG0sA";
    static final String[] OFFICES = {"Sydney", "London", "NewYork"};
    static final int CLIENTS = 4;
    static final int PEOPLE_PER_CLIENT = 6;
    static final int ROUNDS = 3;
    static final int MOVES_PER_ROUND = 60;

    @Test
    void after_a_sigkill_mid_moves_every_person_is_active_in_exactly_one_location_under_the_same_id() throws Exception {
        Path dir = RunningApp.tempDir();
        Map<String, String> env = new HashMap<>(Map.of(
                "XAKIA_DATA_DIR", dir.resolve("data").toString(),
                "XAKIA_ADMIN_TOKEN", ADMIN,
                "XAKIA_SCIM_RATE_LIMIT_PER_SECOND", "100000",
                "XAKIA_SCIM_RATE_LIMIT_BURST", "100000"));
        try (EmbeddedPostgres ownServer = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("own-server"))
                .setPort(RunningApp.freePort()).start()) {
            JarInstance app = new JarInstance(dir, env);
            Http admin = app.http;
            String org = admin.send("POST", "/admin/api/organizations", ADMIN, "{\"name\": \"Kill Legal\"}",
                    "application/json").json().get("id").asText();
            String base = "/scim/v2/organizations/" + org;
            Map<String, String> locationOf = new HashMap<>();
            for (String office : OFFICES) {
                String database = office.equals("NewYork") ? ", \"database\": {\"url\": \""
                        + ownServer.getJdbcUrl("postgres", "postgres") + "\", \"user\": \"postgres\"}" : "";
                Response created = admin.send("POST", "/admin/api/locations", ADMIN, "{\"name\": \"" + office
                        + "\", \"organizationId\": \"" + org + "\"" + database + "}", "application/json");
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                locationOf.put(office, created.json().get("id").asText());
            }
            Response routing = admin.send("PUT", "/admin/api/organizations/" + org + "/routing", ADMIN,
                    "{\"locations\": {\"Sydney\": \"" + locationOf.get("Sydney") + "\", \"London\": \""
                            + locationOf.get("London") + "\", \"NewYork\": \"" + locationOf.get("NewYork") + "\"}}",
                    "application/json");
            assertThat(routing.status()).as(routing.toString()).isEqualTo(200);
            String key = admin.send("POST", "/admin/api/organizations/" + org + "/scim-keys", ADMIN, null, null)
                    .json().get("apiKey").asText();

            // the people, each owned by one client (so its moves are in order), all starting in Sydney
            Map<String, Person> people = new ConcurrentHashMap<>();
            for (int p = 0; p < CLIENTS * PEOPLE_PER_CLIENT; p++) {
                String userName = "p" + p + "@kill.example";
                Response created = admin.post(base + "/Users", key, user(userName, "Sydney"));
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                people.put(userName, new Person(created.json().get("id").asText(), "Sydney"));
            }

            JarInstance running = app;
            int acknowledged = 0;
            List<String> finishedAtStart = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                acknowledged += moveUntilKilled(running, base, key, people);
                running = new JarInstance(dir, env);
                checkEveryPerson(running, base, key, locationOf, people);
                try (var lines = java.nio.file.Files.lines(running.log)) {
                    finishedAtStart.add(lines.filter(l -> l.contains("moves between locations that a stop interrupted"))
                            .map(l -> l.substring(l.indexOf("Finished"))).findFirst().orElse("none unfinished"));
                }
            }
            running.close();
            System.out.printf("OrganizationMovesIT: %d rounds, %d moves acknowledged; at each start-up: %s%n", ROUNDS,
                    acknowledged, finishedAtStart);
        }
    }

    /** Four clients moving their people until the jar is SIGKILLed (after a number of acknowledged moves). */
    static int moveUntilKilled(JarInstance app, String base, String key, Map<String, Person> people) throws Exception {
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                Http http = new Http("http://127.0.0.1:" + app.port);
                Random random = new Random();
                while (!killed.get()) {
                    String userName = "p" + (client * PEOPLE_PER_CLIENT + random.nextInt(PEOPLE_PER_CLIENT)) + "@kill.example";
                    Person person = people.get(userName);
                    String to = OFFICES[(indexOf(person.acknowledged) + 1 + random.nextInt(2)) % OFFICES.length];
                    person.inFlight = to;
                    try {
                        Response moved = random.nextBoolean()
                                ? http.patch(base + "/Users/" + person.id, key, """
                                    {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                     "Operations": [{"op": "replace", "path": "%s:location", "value": "%s"}]}"""
                                        .formatted(XAKIA, to))
                                : http.put(base + "/Users/" + person.id, key, user(userName, to));
                        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
                        assertThat(moved.json().get("id").asText()).isEqualTo(person.id);
                        person.acknowledged = to;
                        person.inFlight = null;
                        acknowledged.incrementAndGet();
                    } catch (AssertionError connectionLost) {
                        if (!killed.get()) {
                            throw connectionLost;
                        }
                        return;
                    }
                }
            }));
        }
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.get() >= MOVES_PER_ROUND);
        System.out.printf("OrganizationMovesIT: %d moves acknowledged in %.1f s by %d clients%n", acknowledged.get(),
                (System.nanoTime() - start) / 1e9, CLIENTS);
        killed.set(true);
        assertThat(new ProcessBuilder("kill", "-KILL", String.valueOf(app.pid())).inheritIO().start().waitFor()).isZero();
        app.kill(); // reaps it
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();
        return acknowledged.get();
    }

    /**
     * Each location's rows as Xakia keeps them (the admin list: no organization read settles anything first):
     * every person active in exactly one location, the acknowledged one or the one in flight, no userName twice
     * in a location; then the organization answers the person under the same id, in that location.
     */
    static void checkEveryPerson(JarInstance app, String base, String key, Map<String, String> locationOf,
                                 Map<String, Person> people) {
        Map<String, Map<String, List<String>>> statuses = new HashMap<>(); // office → userName → statuses
        for (String office : OFFICES) {
            Map<String, List<String>> byName = new HashMap<>();
            for (JsonNode u : app.http.get("/admin/api/locations/" + locationOf.get(office) + "/users", ADMIN).json()
                    .get("users")) {
                byName.computeIfAbsent(u.get("userName").asText().toLowerCase(), k -> new ArrayList<>())
                        .add(u.get("status").asText());
            }
            statuses.put(office, byName);
        }
        people.forEach((userName, person) -> {
            List<String> activeIn = new ArrayList<>();
            for (String office : OFFICES) {
                List<String> rows = statuses.get(office).getOrDefault(userName, List.of());
                assertThat(rows).as(userName + " in " + office).hasSizeLessThanOrEqualTo(1);
                if (!rows.isEmpty() && !rows.get(0).equals("inactive")) {
                    activeIn.add(office);
                }
            }
            assertThat(activeIn).as(userName + " " + person).hasSize(1);
            assertThat(activeIn.get(0)).as(userName + " " + person)
                    .isIn(person.inFlight == null ? List.of(person.acknowledged) : List.of(person.acknowledged, person.inFlight));
            person.acknowledged = activeIn.get(0); // a move in flight at the kill went one way or the other
            person.inFlight = null;
            Response read = app.http.get(base + "/Users/" + person.id, key);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().get("id").asText()).isEqualTo(person.id);
            assertThat(read.json().at("/" + XAKIA.replace("/", "~1") + "/location").asText())
                    .isEqualToIgnoringCase(activeIn.get(0));
        });
    }

    /** What a client knows of a person: its organization id, where its last acknowledged move put it, and the move in flight. */
    static final class Person {
        final String id;
        volatile String acknowledged;
        volatile String inFlight;

        Person(String id, String acknowledged) {
            this.id = id;
            this.acknowledged = acknowledged;
        }

        @Override
        public String toString() {
            return "acknowledged " + acknowledged + ", in flight " + inFlight;
        }
    }

    static int indexOf(String office) {
        for (int i = 0; i < OFFICES.length; i++) {
            if (OFFICES[i].equals(office)) {
                return i;
            }
        }
        throw new IllegalArgumentException(office);
    }
}
