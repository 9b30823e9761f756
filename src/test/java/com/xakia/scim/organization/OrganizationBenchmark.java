package com.xakia.scim.organization;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for the README, not a test: {@code mvn -B -q test -Dtest=OrganizationBenchmark -Dbenchmark=true}
 * prints, for one client over HTTP, the rate of POST /Users and of {@code userName eq} lookups at a location
 * and at an organization of 20 locations, measured in alternating rounds so that the machine's other load
 * falls on both alike; then, with 4,000 users across the 20 locations, the time of the first and the last page of
 * an import (index paging, cursor paging) and of a filtered, sorted list. Numbers depend on the machine.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class OrganizationBenchmark {

    static final int LOCATIONS = 20;
    static final int ROUNDS = 5;
    static final int CALLS = 200;

    @Test
    void run() {
        try (RunningApp app = RunningApp.start(Map.of("xakia.scim.rate-limit-per-second", "100000",
                "xakia.scim.rate-limit-burst", "100000"))) {
            Admin admin = new Admin(app);
            Http http = app.http;
            String org = admin.post("/admin/api/organizations", "{\"name\": \"Bench\"}").json().get("id").asText();
            StringBuilder routes = new StringBuilder();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < LOCATIONS; i++) {
                String id = admin.post("/admin/api/locations", "{\"name\": \"L" + i + "\", \"organizationId\": \"" + org + "\"}")
                        .json().get("id").asText();
                ids.add(id);
                routes.append(i == 0 ? "" : ", ").append("\"L").append(i).append("\": \"").append(id).append('"');
            }
            assertThat(http.send("PUT", "/admin/api/organizations/" + org + "/routing", app.adminToken,
                    "{\"locations\": {" + routes + "}}", "application/json").status()).isEqualTo(200);
            String orgKey = admin.post("/admin/api/organizations/" + org + "/scim-keys", null).json().get("apiKey").asText();
            String orgUsers = "/scim/v2/organizations/" + org + "/Users";
            Admin.TestLocation loc = admin.location("Alone");

            int[] n = {0, 0, 0};
            IntSupplier postLocation = () -> http.post(loc.users(), loc.key(), body("a" + n[0]++, null)).status();
            IntSupplier postOrg = () -> http.post(orgUsers, orgKey, body("o" + n[1], "L" + (n[1]++ % LOCATIONS))).status();
            // every name looked up exists (1,100 users each by then), at the location and across the 20 locations
            IntSupplier lookupLocation = () -> http.get(loc.users() + "?filter=" + enc("userName eq \"a" + (n[2]++ % 1000)
                    + "@bench.example\""), loc.key()).status();
            IntSupplier lookupOrg = () -> http.get(orgUsers + "?filter=" + enc("userName eq \"o" + (n[2]++ % 1000)
                    + "@bench.example\""), orgKey).status();
            rate(postLocation, 201); // warm-up
            rate(postOrg, 201);
            compare("POST /Users", postLocation, postOrg, 201);
            compare("GET /Users?filter=userName eq", lookupLocation, lookupOrg, 200);

            // an import of a few thousand users across the 20 locations: its first page against its last
            while (n[1] < IMPORT_USERS) {
                assertThat(postOrg.getAsInt()).isEqualTo(201);
            }
            int total = http.get(orgUsers + "?count=0", orgKey).json().get("totalResults").asInt();
            String lastStart = "startIndex=" + (total - PAGE + 1) + "&count=" + PAGE;
            compare("import page by startIndex (index)", "startIndex=1&count=" + PAGE, lastStart, http, orgUsers, orgKey);
            compare("import page by cursor", "count=" + PAGE + "&cursor=",
                    "count=" + PAGE + "&cursor=" + enc(lastCursor(http, orgUsers + "?count=" + PAGE, orgKey)), http,
                    orgUsers, orgKey);
            String filtered = "&filter=" + enc("userName co \"@bench\"") + "&sortBy=userName";
            compare("filtered, sorted page by cursor", "count=" + PAGE + "&cursor=" + filtered, "count=" + PAGE
                    + "&cursor=" + enc(lastCursor(http, orgUsers + "?count=" + PAGE + filtered, orgKey)) + filtered, http,
                    orgUsers, orgKey);
            compare("filtered, sorted page by startIndex", "startIndex=1&count=" + PAGE + filtered,
                    lastStart + filtered, http, orgUsers, orgKey);
        }
    }

    static final int IMPORT_USERS = 4000;
    static final int PAGE = 100;

    /** The cursor of the last page, found by walking every page once. */
    private static String lastCursor(Http http, String list, String key) {
        String cursor = "";
        String last = "";
        while (cursor != null) {
            last = cursor;
            var page = http.get(list + "&cursor=" + enc(cursor), key).json();
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        }
        return last;
    }

    /** Milliseconds per call of the first and the last page of a list, in alternating rounds. */
    private static void compare(String list, String first, String last, Http http, String users, String key) {
        long firstNanos = 0;
        long lastNanos = 0;
        int calls = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < PAGE_CALLS; i++) {
                firstNanos += timed(http, users + "?" + first, key);
                lastNanos += timed(http, users + "?" + last, key);
                calls++;
            }
        }
        System.out.printf("%-36s first page %6.1f ms   last page %6.1f ms   last/first %.2f%n", list,
                firstNanos / 1e6 / calls, lastNanos / 1e6 / calls, (double) lastNanos / firstNanos);
    }

    static final int PAGE_CALLS = 10;

    private static long timed(Http http, String path, String key) {
        long start = System.nanoTime();
        var page = http.get(path, key);
        long took = System.nanoTime() - start;
        if (page.status() != 200 || page.json().get("Resources").size() == 0) {
            throw new AssertionError(page.toString());
        }
        return took;
    }

    /** A user; with an office, the Xakia extension that routes it (a location refuses the extension). */
    private static String body(String user, String office) {
        return "{\"userName\": \"" + user + "@bench.example\"" + (office == null ? ""
                : ", \"urn:ietf:params:scim:schemas:extension:xakia:2.0:User\": {\"location\": \"" + office + "\"}") + "}";
    }

    private static void compare(String call, IntSupplier atLocation, IntSupplier atOrganization, int status) {
        double location = 0;
        double organization = 0;
        for (int round = 0; round < ROUNDS; round++) {
            location += rate(atLocation, status);
            organization += rate(atOrganization, status);
        }
        System.out.printf("%-32s location %6.0f/s   organization (%d locations) %6.0f/s   ratio %.2f%n", call,
                location / ROUNDS, LOCATIONS, organization / ROUNDS, organization / location);
    }

    private static double rate(IntSupplier call, int status) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            int answered = call.getAsInt();
            if (answered != status) {
                throw new AssertionError("answered " + answered);
            }
        }
        return CALLS / ((System.nanoTime() - start) / 1e9);
    }
}
