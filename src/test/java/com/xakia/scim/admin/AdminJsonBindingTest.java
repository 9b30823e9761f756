package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RawHttp;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin API's REST binding (bindingMode json): bodies it cannot read, or of the wrong types, are the
 * admin API's own 400 {"status", "error"} with a reason, never Camel's binding error; the admin token is
 * still checked first; and the records it writes carry exactly the fields the API always had.
 */
class AdminJsonBindingTest {

    static final RunningApp APP = RunningApp.shared();
    static final Admin ADMIN = new Admin(APP);
    static final TestLocation LOCATION = ADMIN.location("Binding");
    final Http http = APP.http;

    /** Every admin call that reads a body: where it is posted, and a body it accepts. */
    static Stream<String> bodyReadingCalls() {
        String base = "/admin/api/locations/" + LOCATION.id();
        return Stream.of("/admin/api/locations", base + "/scim-keys", base + "/users", base + "/invitations");
    }

    static Stream<Arguments> unreadableBodies() {
        String base = "/admin/api/locations/" + LOCATION.id();
        return Stream.of(
                Arguments.of("/admin/api/locations", "{", "The request body is not valid JSON: "),
                Arguments.of("/admin/api/locations", "{\"name\": \"X\"} trailing", "The request body is not valid JSON: "),
                Arguments.of("/admin/api/locations", "[]", "The request body must be one JSON object."),
                Arguments.of("/admin/api/locations", "\"Sydney\"", "The request body must be one JSON object."),
                Arguments.of("/admin/api/locations", "{\"name\": 7}", "name must be a string."),
                Arguments.of("/admin/api/locations", "{\"name\": true}", "name must be a string."),
                Arguments.of("/admin/api/locations", "{\"name\": [\"X\"]}", "name must be a string."),
                Arguments.of("/admin/api/locations", "{\"name\": \"X\", \"database\": \"nope\"}", "database must be an object."),
                Arguments.of("/admin/api/locations", "{\"name\": \"X\", \"database\": {\"url\": 5}}", "database.url must be a string."),
                Arguments.of("/admin/api/locations", "{\"deep\": " + "[".repeat(100) + "]".repeat(100) + "}",
                        "The request body is not valid JSON: "),
                Arguments.of(base + "/scim-keys", "{\"identityProvider\": 7}", "identityProvider must be a string."),
                Arguments.of(base + "/users", "{\"email\": {\"value\": \"a@b.co\"}, \"givenName\": \"A\", \"familyName\": \"B\"}",
                        "email must be a string."),
                Arguments.of(base + "/invitations", "{\"userIds\": \"x\"}", "userIds must be an array."),
                Arguments.of(base + "/invitations", "{\"userIds\": [7]}", "userIds[0] must be a string."));
    }

    @ParameterizedTest
    @MethodSource("unreadableBodies")
    void a_body_the_binding_cannot_read_is_a_400_with_the_reason(String path, String body, String reason) {
        int locations = locationCount();

        Response refused = http.send("POST", path, APP.adminToken, body, "application/json");

        assertThat(refused.status()).as(body).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/json");
        assertThat(fieldNames(refused.json())).containsExactly("status", "error");
        assertThat(refused.json().get("status").asInt()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).startsWith(reason);
        assertThat(locationCount()).isEqualTo(locations);
        assertThat(ADMIN.users(LOCATION.id())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("bodyReadingCalls")
    void the_admin_token_is_checked_before_the_body_is_judged(String path) throws IOException {
        Response anonymous = http.send("POST", path, null, "{ not json", "application/json");
        assertThat(anonymous.status()).as(path).isEqualTo(401);
        assertThat(fieldNames(anonymous.json())).containsExactly("status", "error");
        assertThat(anonymous.json().get("error").asText()).startsWith("Authentication failed");

        // a wrong token (a SCIM key) from an address of its own: wrong tokens are throttled per client address
        try (Socket socket = RawHttp.connect("127.0.0.3", APP.port)) {
            RawHttp.send(socket, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + LOCATION.key()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{ not json");
            assertThat(RawHttp.readResponse(socket)).as(path).startsWith("HTTP/1.1 401").contains("Authentication failed");
        }
    }

    @ParameterizedTest
    @MethodSource("bodyReadingCalls")
    void a_missing_required_body_or_field_is_a_400_naming_it(String path) {
        if (path.endsWith("/scim-keys")) {
            return; // its body is optional: no body is a key for Okta (AdminApiTest)
        }
        Response empty = http.send("POST", path, APP.adminToken, null, null);
        assertThat(empty.status()).as(path).isEqualTo(400);
        assertThat(fieldNames(empty.json())).containsExactly("status", "error");

        Response blank = http.send("POST", path, APP.adminToken, "{}", "application/json");
        assertThat(blank.status()).as(path).isEqualTo(400);
        assertThat(blank.json().get("error").asText()).isNotBlank();
    }

    @Test
    void missing_fields_are_named_in_the_error() {
        Response noName = http.send("POST", "/admin/api/locations", APP.adminToken, "{\"name\": null}", "application/json");
        assertThat(noName.json().get("error").asText()).isEqualTo("name is required and must be a non-empty string.");
        Response noGivenName = http.send("POST", "/admin/api/locations/" + LOCATION.id() + "/users", APP.adminToken,
                "{\"email\": \"given@example.com\", \"familyName\": \"F\"}", "application/json");
        assertThat(noGivenName.json().get("error").asText()).isEqualTo("givenName is required and must be a non-empty string.");
    }

    @Test
    void answers_carry_exactly_the_fields_the_admin_api_always_had() {
        TestLocation loc = ADMIN.location("Fields");
        JsonNode location = http.get("/admin/api/locations/" + loc.id(), APP.adminToken).json();
        assertThat(fieldNames(location)).containsExactly("id", "name", "scimBaseUri", "createdAt", "database", "scimKey",
                "organizationId");
        assertThat(fieldNames(location.get("scimKey"))).containsExactly("keyId", "createdAt", "identityProvider");
        assertThat(location.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*([+-]\\d\\d:\\d\\d|Z)");

        Response key = ADMIN.post("/admin/api/locations/" + loc.id() + "/scim-keys", null);
        assertThat(key.header("Content-Type")).startsWith("application/json");
        assertThat(fieldNames(key.json())).containsExactly("keyId", "apiKey", "createdAt", "identityProvider", "scimBaseUri");

        ADMIN.nativeUser(loc.id(), "fields@example.com", "Fi", "Elds");
        JsonNode user = ADMIN.users(loc.id()).get(0);
        assertThat(fieldNames(user)).containsExactly("id", "userName", "givenName", "familyName", "email", "status",
                "source", "identityProvider", "lastModified", "invitation");
        assertThat(user.get("identityProvider").isNull()).isTrue();
        assertThat(user.get("invitation").isNull()).isTrue();

        JsonNode audit = http.get("/admin/api/locations/" + loc.id() + "/audit?count=1", APP.adminToken).json();
        assertThat(fieldNames(audit)).containsExactly("totalResults", "startIndex", "itemsPerPage", "entries");
        assertThat(fieldNames(audit.get("entries").get(0)))
                .containsExactly("id", "at", "actor", "operation", "resourceId", "attributes", "requestId");
    }

    private int locationCount() {
        return http.get("/admin/api/locations", APP.adminToken).json().get("locations").size();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
