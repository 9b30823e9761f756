package com.xakia.scim.ops;

import static com.xakia.scim.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.JarInstance;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar with XAKIA_LOG_FORMAT=json, as a log pipeline reads it: one JSON object per line, the
 * request line's values and the request's context as fields, and no secret anywhere. Run from the jar
 * because the shaded jar is where Log4j's plugins (the JSON layout) have to be found.
 */
class JsonLogsIT {

    static final String ADMIN = "json-logs-admin-token-5d0b8e2f7a4c9163";
    static final String DATABASE_PASSWORD = "db-password-3e9a7c1f5b";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_line_is_a_json_object_and_a_request_line_carries_its_fields_and_nothing_secret() throws IOException {
        Path log;
        JarInstance.Location loc;
        try (JarInstance jar = new JarInstance(RunningApp.tempDir(),
                Map.of("XAKIA_LOG_FORMAT", "json", "XAKIA_ADMIN_TOKEN", ADMIN))) {
            log = jar.log;
            loc = jar.location(ADMIN, "Json logs");
            // more requests than Vert.x has worker threads (20), so each worker has run a SCIM request
            // before the admin call below runs on one of them
            for (int i = 0; i < 45; i++) {
                Response list = jar.http.send("GET", loc.users() + "?filter=" + enc("userName eq \"secret.person@example.com\""),
                        loc.key(), null, null, "X-Request-Id", "json-" + i);
                assertThat(list.status()).isEqualTo(200);
            }
            // an admin call that logs a warning: the new location's own database cannot be reached
            Response refused = jar.http.send("POST", "/admin/api/locations", ADMIN, """
                    {"name": "Unreachable", "database": {"url": "jdbc:postgresql://127.0.0.1:1/x", "user": "u",
                     "password": "%s"}}""".formatted(DATABASE_PASSWORD), "application/json");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        } // a graceful stop: every line has been written

        List<String> lines = Files.readAllLines(log);
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("xakia-scim ready:")) { // the start-up announcement, on standard output
                events.add(json(line));
            }
        }
        assertThat(events).hasSizeGreaterThan(50).allSatisfy(event ->
                assertThat(event.has("timestamp") && event.has("level") && event.has("logger") && event.has("message"))
                        .as(event.toString()).isTrue());

        JsonNode request = events.stream().filter(e -> e.path("requestId").asText().equals("json-7")).toList().get(0);
        assertThat(request.get("logger").asText()).isEqualTo("xakia.scim.requests");
        assertThat(request.get("level").asText()).isEqualTo("INFO");
        assertThat(request.get("location").asText()).isEqualTo(loc.id());
        assertThat(request.get("method").asText()).isEqualTo("GET");
        assertThat(request.get("path").asText()).isEqualTo(loc.users() + "?filter");
        assertThat(request.get("status").asText()).isEqualTo("200");
        assertThat(request.get("operation").asText()).isEqualTo("users-list");
        assertThat(request.get("ms").asLong()).isNotNegative();
        assertThat(events.stream().filter(e -> e.path("requestId").asText().equals("json-7"))).hasSize(1);

        // the warning was logged on a worker thread that had run SCIM requests: it carries none of their context
        JsonNode warning = events.stream()
                .filter(e -> e.get("message").asText().startsWith("Could not create the namespace")).toList().get(0);
        assertThat(warning.get("level").asText()).isEqualTo("WARN");
        assertThat(warning.has("requestId")).as(warning.toString()).isFalse();
        assertThat(warning.has("location")).as(warning.toString()).isFalse();

        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(loc.key()).doesNotContain(ADMIN).doesNotContain(DATABASE_PASSWORD)
                .doesNotContain("secret.person");
    }

    private static JsonNode json(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            return event;
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
