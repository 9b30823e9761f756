package com.xakia.scim.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** The admin API as a test uses it to set up locations, keys and native users. */
public final class Admin {

    private final RunningApp app;
    private final String token;

    public Admin(RunningApp app) {
        this(app, app.adminToken);
    }

    public Admin(RunningApp app, String token) {
        this.app = app;
        this.token = token;
    }

    /** A new location with a live SCIM key. */
    public record TestLocation(String id, String scimBase, String key) {
        public String users() {
            return scimBase + "/Users";
        }
    }

    public TestLocation location(String name) {
        Http.Response created = app.http.send("POST", "/admin/api/locations", token,
                "{\"name\": \"" + name + "\"}", "application/json");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        return new TestLocation(id, "/scim/v2/" + id, newKey(id));
    }

    public String newKey(String locationId) {
        Http.Response key = app.http.send("POST", "/admin/api/locations/" + locationId + "/scim-keys",
                token, null, null);
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.json().get("apiKey").asText();
    }

    public JsonNode users(String locationId) {
        return listed(locationId, "users");
    }

    /** GET /admin/api/locations/{id}/{what} → the array under "what". */
    private JsonNode listed(String locationId, String what) {
        Http.Response list = app.http.get("/admin/api/locations/" + locationId + "/" + what, token);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().get(what);
    }

    public JsonNode user(String locationId, String userId) {
        return withId(users(locationId), "id", userId);
    }

    private static JsonNode withId(JsonNode items, String field, String id) {
        for (JsonNode item : items) {
            if (item.get(field).asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + id + " in " + items);
    }

    public Http.Response post(String path, String json) {
        return app.http.send("POST", path, token, json, json == null ? null : "application/json");
    }

    /** POST …/users/{userId}/invite, optionally with ?resend=true. */
    public Http.Response invite(String locationId, String userId, boolean resend) {
        return post("/admin/api/locations/" + locationId + "/users/" + userId + "/invite" + (resend ? "?resend=true" : ""), null);
    }

    public JsonNode invitations(String locationId) {
        return listed(locationId, "invitations");
    }

    public JsonNode invitation(String locationId, String invitationId) {
        return withId(invitations(locationId), "invitationId", invitationId);
    }

    public JsonNode nativeUser(String locationId, String email, String given, String family) {
        Http.Response created = app.http.send("POST", "/admin/api/locations/" + locationId + "/users", token,
                "{\"email\": \"" + email + "\", \"givenName\": \"" + given + "\", \"familyName\": \"" + family + "\"}",
                "application/json");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }
}
