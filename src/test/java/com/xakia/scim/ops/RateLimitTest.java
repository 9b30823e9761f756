package com.xakia.scim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each location has its own budget of SCIM calls; beyond it, 429 with Retry-After, and only for that location. */
class RateLimitTest {

    static RunningApp app;
    static Admin admin;
    static Http http;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of(
                "xakia.scim.rate-limit-per-second", "5", "xakia.scim.rate-limit-burst", "5"));
        admin = new Admin(app);
        http = app.http;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void beyond_its_burst_a_location_gets_429_with_retry_after_and_other_locations_do_not() {
        TestLocation busy = admin.location("Busy");
        TestLocation quiet = admin.location("Quiet");
        int ok = 0;
        Response limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            Response r = http.get(busy.users(), busy.key());
            if (r.status() == 429) {
                limited = r;
            } else {
                assertThat(r.status()).isEqualTo(200);
                ok++;
            }
        }
        assertThat(limited).as("the burst of 5 is spent within 20 quick calls").isNotNull();
        assertThat(ok).isBetween(5, 8);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(limited.json().get("status").asText()).isEqualTo("429");
        assertThat(limited.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(limited.json().get("detail").asText()).contains("retry");

        assertThat(http.get(quiet.users(), quiet.key()).status()).as("another location's budget is its own").isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> http.get(busy.users(), busy.key()).status() == 200);
    }

    @Test
    void an_admitted_bulk_request_runs_all_its_operations_and_its_location_pays_for_them_afterwards() {
        TestLocation loc = admin.location("Bulky");
        StringBuilder operations = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            operations.append(i == 0 ? "" : ",").append("{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": \"b")
                    .append(i).append("\", \"data\": {\"userName\": \"bulk").append(i).append("@example.com\"}}");
        }
        Response bulk = http.post(loc.scimBase() + "/Bulk", loc.key(),
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"], \"Operations\": [" + operations + "]}");
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.json().get("Operations")).hasSize(20)
                .allSatisfy(op -> assertThat(op.get("status").asText()).isEqualTo("201"));
        Response next = http.get(loc.users(), loc.key());
        assertThat(next.status()).as("20 operations at 5/s leave the location in debt for a few seconds").isEqualTo(429);
        assertThat(Integer.parseInt(next.header("Retry-After"))).isBetween(2, 5);
    }

    @Test
    void calls_that_fail_authentication_do_not_spend_the_location_budget() {
        TestLocation loc = admin.location("Targeted");
        for (int i = 0; i < 20; i++) {
            assertThat(http.get(loc.users(), "not-the-key").status()).isEqualTo(401);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(http.get(loc.users(), loc.key()).status()).isEqualTo(200);
        }
    }
}
