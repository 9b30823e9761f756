package com.xakia.scim.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RawHttp;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** Who may call what: location keys on SCIM only, for their own location only; the admin token on admin only. */
class AuthenticationTest {

    static final RunningApp APP = RunningApp.shared();
    final Http http = APP.http;
    final Admin admin = new Admin(APP);

    @Test
    void every_scim_authentication_failure_is_the_same_401_and_shows_no_data() {
        TestLocation a = admin.location("A");
        TestLocation b = admin.location("B");
        String revoked = a.key();
        String live = admin.newKey(a.id()); // revokes the first key
        String userId = http.post(a.users(), live, "{\"userName\": \"secret@example.com\"}").json().get("id").asText();

        Map<String, Response> attempts = new LinkedHashMap<>();
        attempts.put("no header", http.get(a.users(), null));
        attempts.put("Basic scheme", http.get(a.users(), "Basic " + live));
        attempts.put("empty bearer", http.get(a.users(), "Bearer "));
        attempts.put("wrong key", http.get(a.users(), "wrong-" + live));
        attempts.put("revoked key", http.get(a.users(), revoked));
        attempts.put("other location's key", http.get(a.users(), b.key()));
        attempts.put("other location's key on a user id", http.get(a.users() + "/" + userId, b.key()));
        attempts.put("admin token", http.get(a.users(), APP.adminToken));
        attempts.put("unknown location", http.get("/scim/v2/0123456789abcdef/Users", live));
        attempts.put("malformed location", http.get("/scim/v2/..%2F..%2Fetc/Users", live));
        attempts.put("write with other key", http.post(a.users(), b.key(), "{\"userName\": \"intruder@example.com\"}"));

        String body = attempts.get("no header").body();
        assertThat(body).contains("\"status\":\"401\"").doesNotContain("secret");
        attempts.forEach((what, response) -> {
            assertThat(response.status()).as(what).isEqualTo(401);
            assertThat(response.body()).as(what).isEqualTo(body);
            assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
            assertThat(response.header("Authorization")).as(what + ": request headers are not echoed").isNull();
        });
        assertThat(admin.users(a.id())).hasSize(1);
        assertThat(http.get(a.users(), live).status()).isEqualTo(200);
    }

    @Test
    void a_key_reads_and_writes_only_its_own_location() {
        TestLocation a = admin.location("A");
        TestLocation b = admin.location("B");
        String inA = http.post(a.users(), a.key(), "{\"userName\": \"same@example.com\"}").json().get("id").asText();
        String inB = http.post(b.users(), b.key(), "{\"userName\": \"same@example.com\"}").json().get("id").asText();

        assertThat(http.get(a.users() + "/" + inB, a.key()).status()).isEqualTo(404);
        assertThat(http.get(a.users(), a.key()).json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(http.patch(a.users() + "/" + inB, a.key(),
                "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"active\": false}}]}").status()).isEqualTo(404);
        assertThat(http.delete(a.users() + "/" + inB, a.key()).status()).isEqualTo(404);

        assertThat(admin.user(b.id(), inB).get("status").asText()).isEqualTo("provisioned");
        assertThat(admin.users(a.id())).extracting(u -> u.get("id").asText()).containsExactly(inA);
    }

    @Test
    void the_admin_api_takes_only_the_admin_token() {
        TestLocation a = admin.location("A");
        for (String bearer : new String[] {null, a.key(), "Basic " + APP.adminToken, APP.adminToken + "x"}) {
            Response response = http.get("/admin/api/locations", bearer);
            assertThat(response.status()).as(String.valueOf(bearer)).isEqualTo(401);
            assertThat(response.body()).doesNotContain(a.id());
        }
        assertThat(http.get("/admin/api/locations", APP.adminToken).status()).isEqualTo(200);
    }

    @Test
    void a_credential_in_a_query_parameter_or_form_field_is_never_read_nor_logged() {
        TestLocation a = admin.location("Query");
        String form = "application/x-www-form-urlencoded";
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Map<String, Response> attempts = new LinkedHashMap<>();
        try {
            attempts.put("SCIM ?Authorization", http.send("GET", a.users() + "?Authorization=" + Http.enc("Bearer " + a.key()),
                    null, null, null, "X-Request-Id", "req-query-credential"));
            attempts.put("SCIM ?authorization", http.get(a.users() + "?authorization=" + Http.enc("Bearer " + a.key()), null));
            attempts.put("SCIM form field", http.send("POST", a.users(), null,
                    "Authorization=" + Http.enc("Bearer " + a.key()) + "&userName=form@example.com", form));
            attempts.put("admin ?Authorization", http.get("/admin/api/locations?Authorization="
                    + Http.enc("Bearer " + APP.adminToken), null));
            attempts.put("admin ?AUTHORIZATION", http.get("/admin/api/locations?AUTHORIZATION="
                    + Http.enc("Bearer " + APP.adminToken), null));
            attempts.put("admin form field", http.send("POST", "/admin/api/locations", null,
                    "Authorization=" + Http.enc("Bearer " + APP.adminToken) + "&name=Form", form));
            // the request log line is written when the exchange completes, maybe just after the answer
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> captured.toString(StandardCharsets.UTF_8).contains("requestId=req-query-credential"));
        } finally {
            System.setErr(err);
        }
        attempts.forEach((what, response) -> assertThat(response.status()).as(what).isEqualTo(401));
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(a.key()).doesNotContain(APP.adminToken);
        assertThat(admin.users(a.id())).isEmpty();

        // the header is what counts, whatever the query says
        assertThat(http.get(a.users() + "?Authorization=nonsense", a.key()).status()).isEqualTo(200);
        assertThat(http.get("/admin/api/locations?Authorization=nonsense", APP.adminToken).status()).isEqualTo(200);
    }

    @Test
    void wrong_admin_tokens_from_one_client_are_throttled_with_429_and_retry_after() throws IOException {
        String from = "127.0.0.2"; // a client of its own: the other tests call from 127.0.0.1
        for (int i = 1; i <= 10; i++) {
            assertThat(adminCall(from, "wrong-" + i + "-" + APP.adminToken)).as("attempt " + i).startsWith("HTTP/1.1 401");
        }
        String throttled = adminCall(from, "wrong-11-" + APP.adminToken);
        assertThat(throttled).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: 6")
                .contains("Too many wrong admin tokens");
        assertThat(adminCall(from, APP.adminToken)).as("refused before the token is looked at").startsWith("HTTP/1.1 429");
        assertThat(adminCall("127.0.0.3", APP.adminToken)).as("another client").startsWith("HTTP/1.1 200");
        assertThat(http.get("/admin/api/locations", APP.adminToken).status()).isEqualTo(200);
    }

    @Test
    void a_weak_configured_admin_token_stops_start_up_naming_the_variable() {
        for (String weak : new String[] {"admin", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "0123456789012345678901234567890123456789"}) {
            assertThatThrownBy(() -> RunningApp.start(Map.of("xakia.admin-token", weak)).close())
                    .as(weak).rootCause().hasMessageStartingWith("XAKIA_ADMIN_TOKEN is too weak").hasMessageNotContaining(weak);
        }
    }

    private String adminCall(String fromAddress, String token) throws IOException {
        try (Socket socket = RawHttp.connect(fromAddress, APP.port)) {
            RawHttp.send(socket, "GET /admin/api/locations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n");
            return RawHttp.readResponse(socket);
        }
    }
}
