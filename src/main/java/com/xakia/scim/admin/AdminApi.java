package com.xakia.scim.admin;

import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.config.Settings;
import com.xakia.scim.db.ConnectionFailures;
import com.xakia.scim.db.StatementFailures;
import com.xakia.scim.db.Databases;
import com.xakia.scim.lifecycle.IdentityProvider;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Locations;
import com.xakia.scim.location.ScimKeys;
import com.xakia.scim.ops.AuditTrail;
import com.xakia.scim.web.RequestIds;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.user.UserCommands.CreateNativeUser;
import com.xakia.scim.user.UserRecord;
import com.xakia.scim.user.UserService;
import com.xakia.scim.web.HttpReply;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin API: locations, their SCIM keys and their users. Never shows a key after issuing it. */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Settings settings;
    private final Locations locations;
    private final LocationNamespaces namespaces;
    private final ScimKeys keys;
    private final UserService users;

    public AdminApi(Settings settings, Locations locations, LocationNamespaces namespaces, ScimKeys keys, UserService users) {
        this.settings = settings;
        this.locations = locations;
        this.namespaces = namespaces;
        this.keys = keys;
        this.users = users;
    }

    public AdminReply createLocation(@Body String body, Exchange exchange) throws SQLException {
        ObjectNode request = parse(body);
        String name = requiredText(request, "name", 200);
        Databases.Connection server = null;
        JsonNode database = request.get("database");
        if (database != null && !database.isNull()) {
            if (!database.isObject()) {
                throw AdminError.badRequest("database must be an object with url, user and password.");
            }
            String url = requiredText((ObjectNode) database, "url", 2000);
            if (!url.startsWith("jdbc:postgresql://")) {
                throw AdminError.badRequest("database.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db).");
            }
            server = new Databases.Connection(url, database.path("user").asText(""), database.path("password").asText(""));
        }
        Location location = locations.create(name, server);
        try {
            namespaces.dataSource(location); // creates and migrates the namespace now, so a bad server fails here
        } catch (RuntimeException e) {
            locations.delete(location.id());
            LOG.warn("Could not create the namespace of a new location on {}: {}", server, e.toString());
            throw AdminError.badRequest("The location's database could not be prepared (" + rootMessage(e)
                    + "); nothing was created.");
        }
        AuditTrail.write(namespaces.dataSource(location), location, "admin", "admin.location.create", location.id(),
                RequestIds.of(exchange));
        return new AdminReply(201, location(location));
    }

    public AdminReply listLocations() throws SQLException {
        ArrayNode all = JSON.arrayNode();
        for (Location location : locations.list()) {
            all.add(location(location));
        }
        return new AdminReply(200, JSON.objectNode().set("locations", all));
    }

    public AdminReply getLocation(@Header("locationId") String id) throws SQLException {
        return new AdminReply(200, location(existing(id)));
    }

    /** POST …/scim-keys, optionally {"identityProvider": "okta" | "entra"} (okta when absent). */
    public AdminReply issueKey(@Header("locationId") String id, @Body String body, Exchange exchange) throws SQLException {
        Location location = existing(id);
        IdentityProvider provider = identityProvider(body == null || body.isBlank() ? JSON.objectNode() : parse(body));
        ScimKeys.IssuedKey key = keys.issue(location.id(), provider);
        // The key id only: the key itself is never written anywhere.
        AuditTrail.write(namespaces.dataSource(location), location, "admin", "admin.scim-key.issue", key.keyId(),
                RequestIds.of(exchange));
        ObjectNode reply = JSON.objectNode();
        reply.put("keyId", key.keyId());
        reply.put("apiKey", key.apiKey());
        reply.put("createdAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(key.createdAt()));
        reply.put("identityProvider", key.identityProvider().id());
        reply.put("scimBaseUri", settings.scimBaseUri(location.id()));
        return new AdminReply(201, reply);
    }

    public AdminReply createUser(@Header("locationId") String id, @Body String body, Exchange exchange) throws SQLException {
        Location location = existing(id);
        ObjectNode request = parse(body);
        String email = requiredText(request, "email", 320).toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw AdminError.badRequest("email must be an email address.");
        }
        CreateNativeUser command = new CreateNativeUser(email,
                requiredText(request, "givenName", 200), requiredText(request, "familyName", 200));
        try {
            return new AdminReply(201, user(users.createNative(location, command, RequestIds.of(exchange))));
        } catch (ScimError e) {
            if (e.status() != 409) {
                throw e;
            }
            throw AdminError.conflict("A user with email " + email + " already exists in this location.");
        }
    }

    public AdminReply listUsers(@Header("locationId") String id) throws SQLException {
        Location location = existing(id);
        ArrayNode all = JSON.arrayNode();
        for (UserRecord u : users.all(location)) {
            all.add(user(u));
        }
        return new AdminReply(200, JSON.objectNode().set("users", all));
    }

    // ---- replies ---------------------------------------------------------------------------------

    /** Last step of every admin route. */
    public void send(Exchange exchange) {
        AdminReply reply = exchange.getMessage().getBody(AdminReply.class);
        HttpReply.send(exchange, reply.status(), "application/json", ScimJson.write(reply.body()), Map.of());
    }

    public void error(Exchange exchange) {
        Throwable thrown = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        AdminError error;
        if (thrown instanceof AdminError e) {
            error = e;
        } else if (thrown instanceof ScimError e && e.status() == 400) { // a malformed JSON body
            error = AdminError.badRequest(e.detail());
        } else if (ConnectionFailures.isConnectionFailure(thrown)) {
            LOG.warn("Admin request: a database is unreachable: {}", thrown.toString());
            error = new AdminError(503, "The location's database is unreachable; retry later.");
        } else if (StatementFailures.isTimeout(thrown)) {
            LOG.warn("Admin request: a statement ran past statement_timeout and was cancelled");
            error = new AdminError(503, "The request took too long and was stopped; nothing was changed. Retry later.");
        } else if (StatementFailures.isBadValue(thrown)) {
            LOG.warn("Admin request: the database refused a value: {}", thrown.toString().lines().findFirst().orElse(""));
            error = AdminError.badRequest("A value in the request cannot be stored or compared.");
        } else {
            LOG.error("Admin request failed", thrown);
            error = new AdminError(500, "The request could not be completed; see the service log.");
        }
        ObjectNode body = JSON.objectNode();
        body.put("status", error.status());
        body.put("error", error.getMessage());
        HttpReply.send(exchange, error.status(), "application/json", ScimJson.write(body), error.retryAfterSeconds() > 0
                ? Map.of("Retry-After", String.valueOf(error.retryAfterSeconds())) : Map.of());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Location existing(String id) throws SQLException {
        return locations.find(id).orElseThrow(() -> AdminError.notFound("No location with id " + id + "."));
    }

    private ObjectNode location(Location location) throws SQLException {
        ObjectNode out = JSON.objectNode();
        out.put("id", location.id());
        out.put("name", location.name());
        out.put("scimBaseUri", settings.scimBaseUri(location.id()));
        out.put("createdAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(location.createdAt()));
        out.put("database", location.server() == null ? "shared" : location.server().url());
        ObjectNode key = keys.current(location.id()).map(k -> {
            ObjectNode o = JSON.objectNode();
            o.put("keyId", k.keyId());
            o.put("createdAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(k.createdAt()));
            o.put("identityProvider", k.identityProvider().id());
            return o;
        }).orElse(null);
        out.set("scimKey", key);
        return out;
    }

    private static ObjectNode user(UserRecord u) {
        ObjectNode out = JSON.objectNode();
        out.put("id", u.id().toString());
        out.put("userName", u.userName());
        out.put("givenName", u.givenName());
        out.put("familyName", u.familyName());
        out.put("email", u.email());
        out.put("status", u.status());
        out.put("source", u.source().id());
        out.put("identityProvider", u.identityProvider() == null ? null : u.identityProvider().id());
        out.put("lastModified", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(u.lastModified()));
        return out;
    }

    private static IdentityProvider identityProvider(ObjectNode request) {
        JsonNode value = request.get("identityProvider");
        if (value == null || value.isNull()) {
            return IdentityProvider.OKTA;
        }
        return IdentityProvider.parse(value.isTextual() ? value.asText() : "").orElseThrow(() -> AdminError.badRequest(
                "identityProvider must be one of " + Arrays.stream(IdentityProvider.values()).map(IdentityProvider::id)
                        .map(p -> '"' + p + '"').collect(Collectors.joining(", ")) + "."));
    }

    private static ObjectNode parse(String body) {
        return ScimJson.parseObject(body);
    }

    private static String requiredText(ObjectNode request, String field, int maxLength) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw AdminError.badRequest(field + " is required and must be a non-empty string.");
        }
        if (value.asText().length() > maxLength) {
            throw AdminError.badRequest(field + " must be at most " + maxLength + " characters.");
        }
        return value.asText().trim();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.split("\n")[0];
    }
}
