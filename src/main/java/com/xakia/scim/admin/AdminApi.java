package com.xakia.scim.admin;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.xakia.scim.config.Settings;
import com.xakia.scim.admin.messages.CreateLocation;
import com.xakia.scim.admin.messages.AdminSession;
import com.xakia.scim.admin.messages.CreateUser;
import com.xakia.scim.admin.messages.ErrorBody;
import com.xakia.scim.admin.messages.IssueKey;
import com.xakia.scim.admin.messages.KeyIssued;
import com.xakia.scim.admin.messages.KeyView;
import com.xakia.scim.admin.messages.LocationList;
import com.xakia.scim.admin.messages.LocationView;
import com.xakia.scim.admin.messages.UpdateLocation;
import com.xakia.scim.admin.messages.UserList;
import com.xakia.scim.admin.messages.UserView;
import com.xakia.scim.db.ConnectionFailures;
import com.xakia.scim.db.Databases;
import com.xakia.scim.db.StatementFailures;
import com.xakia.scim.lifecycle.IdentityProvider;
import com.xakia.scim.location.Caller;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Locations;
import com.xakia.scim.location.ScimKeys;
import com.xakia.scim.organization.Organization;
import com.xakia.scim.organization.Organizations;
import com.xakia.scim.ops.AuditTrail;
import com.xakia.scim.web.RequestIds;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.user.UserCommands.CreateNativeUser;
import com.xakia.scim.user.UserService;
import com.xakia.scim.web.HttpReply;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: locations, their SCIM keys and their users. Never shows a key after issuing it. Request and
 * response bodies are records (admin.messages); the REST binding reads and writes their JSON.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Settings settings;
    private final Locations locations;
    private final LocationNamespaces namespaces;
    private final ScimKeys keys;
    private final UserService users;
    private final Organizations organizations;

    public AdminApi(Settings settings, Locations locations, LocationNamespaces namespaces, ScimKeys keys, UserService users,
                    Organizations organizations) {
        this.organizations = organizations;
        this.settings = settings;
        this.locations = locations;
        this.namespaces = namespaces;
        this.keys = keys;
        this.users = users;
    }

    public AdminReply createLocation(@Body CreateLocation request, Exchange exchange) throws SQLException {
        String name = requiredText(required(request).name(), "name", 200);
        Databases.Connection server = null;
        CreateLocation.Database database = request.database();
        if (database != null) {
            String url = requiredText(database.url(), "database.url", 2000);
            if (!url.startsWith("jdbc:postgresql://")) {
                throw AdminError.badRequest("database.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db).");
            }
            server = new Databases.Connection(url, orEmpty(database.user()), orEmpty(database.password()));
        }
        String organizationId = request.organizationId() == null ? null : organization(request.organizationId()).id();
        Location location = locations.create(name, server, organizationId);
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
        return new AdminReply(201, view(location, AdminCaller.operator()));
    }

    /**
     * PATCH /admin/api/locations/{id} {"organizationId"}: the location joins an organization. Leaving one, or
     * moving to another, is not possible yet (its users are in that organization's index and routing table).
     */
    public AdminReply updateLocation(@Header("locationId") String id, @Body UpdateLocation request) throws SQLException {
        Location location = existing(id);
        if (required(request).organizationId() == null) {
            throw AdminError.badRequest("organizationId is required: the id of the organization the location joins.");
        }
        Organization organization = organization(request.organizationId());
        if (location.organizationId() != null && !location.organizationId().equals(organization.id())) {
            throw AdminError.badRequest("The location is already in the organization " + location.organizationId()
                    + "; moving a location to another organization is not possible yet.");
        }
        locations.setOrganization(location.id(), organization.id());
        return new AdminReply(200, view(existing(id), AdminCaller.operator()));
    }

    /** Every location, or an organization admin's: its organization's. */
    public AdminReply listLocations(Exchange exchange) throws SQLException {
        AdminCaller caller = AdminCaller.of(exchange);
        List<LocationView> all = new ArrayList<>();
        for (Location location : locations.list()) {
            if (caller.sees(location.organizationId())) {
                all.add(view(location, caller));
            }
        }
        return new AdminReply(200, new LocationList(all));
    }

    public AdminReply getLocation(@Header("locationId") String id, Exchange exchange) throws SQLException {
        return new AdminReply(200, view(existing(id), AdminCaller.of(exchange)));
    }

    /** POST …/scim-keys, optionally {"identityProvider": "okta" | "entra"} (okta when absent). */
    public AdminReply issueKey(@Header("locationId") String id, @Body IssueKey request, Exchange exchange)
            throws SQLException {
        Location location = existing(id);
        IdentityProvider provider = identityProvider(request == null ? null : request.identityProvider());
        ScimKeys.IssuedKey key = keys.issue(location.id(), provider);
        // The key id only: the key itself is never written anywhere.
        AuditTrail.write(namespaces.dataSource(location), location, AdminCaller.of(exchange).actor(), "admin.scim-key.issue", key.keyId(),
                RequestIds.of(exchange));
        return new AdminReply(201, KeyIssued.of(key, settings.scimBaseUri(location.id())));
    }

    public AdminReply createUser(@Header("locationId") String id, @Body CreateUser request, Exchange exchange)
            throws SQLException {
        Location location = existing(id);
        String email = requiredText(required(request).email(), "email", 320).toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw AdminError.badRequest("email must be an email address.");
        }
        CreateNativeUser command = new CreateNativeUser(email,
                requiredText(request.givenName(), "givenName", 200), requiredText(request.familyName(), "familyName", 200));
        try {
            return new AdminReply(201, UserView.of(users.createNative(new Caller(location, AdminCaller.of(exchange).actor(), RequestIds.of(exchange)), command)));
        } catch (ScimError e) {
            if (e.status() != 409) {
                throw e;
            }
            throw AdminError.conflict("A user with email " + email + " already exists in this location.");
        }
    }

    public AdminReply listUsers(@Header("locationId") String id) throws SQLException {
        Location location = existing(id);
        return new AdminReply(200, new UserList(users.all(location).stream().map(UserView::of).toList()));
    }

    /** GET /admin/api/me: who the token is (the page shows the operator's view or an organization's). */
    public AdminReply me(Exchange exchange) {
        AdminCaller caller = AdminCaller.of(exchange);
        return new AdminReply(200, caller.isOperator() ? new AdminSession("operator", null, null)
                : new AdminSession("organization", caller.organizationId(), caller.tokenId()));
    }

    // ---- replies ---------------------------------------------------------------------------------

    /** Last step of every admin route: the status, and the record the REST binding writes as JSON. */
    public void send(Exchange exchange) {
        AdminReply reply = exchange.getMessage().getBody(AdminReply.class);
        HttpReply.send(exchange, reply.status(), reply.body() == null ? null : "application/json", reply.body(), Map.of());
    }

    /**
     * An error, written here as JSON text: the REST binding leaves answers of 300 and more as they are
     * (skipBindingOnErrorCode), so the error body does not depend on the binding having run.
     */
    public void error(Exchange exchange) throws JsonProcessingException {
        Throwable thrown = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        AdminError error;
        if (thrown instanceof AdminError e) {
            error = e;
        } else if (thrown instanceof ScimError e && e.status() == 400) { // a value the user rules refuse
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
        String body = AdminJson.MAPPER.writeValueAsString(new ErrorBody(error.status(), error.getMessage()));
        HttpReply.send(exchange, error.status(), "application/json", body, error.retryAfterSeconds() > 0
                ? Map.of("Retry-After", String.valueOf(error.retryAfterSeconds())) : Map.of());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Organization organization(String id) throws SQLException {
        return organizations.find(id).orElseThrow(() -> AdminError.badRequest("organizationId: there is no organization"
                + " with id " + id + "."));
    }

    private Location existing(String id) throws SQLException {
        return locations.find(id).orElseThrow(() -> AdminError.noLocation(id));
    }

    private LocationView view(Location location, AdminCaller caller) throws SQLException {
        return LocationView.of(location, settings.scimBaseUri(location.id()),
                keys.current(location.id()).map(KeyView::of).orElse(null), caller.isOperator());
    }

    private static <T> T required(T request) {
        if (request == null) {
            throw AdminError.badRequest("The request body is empty; a JSON object is required.");
        }
        return request;
    }

    static IdentityProvider identityProvider(String id) {
        if (id == null) {
            return IdentityProvider.OKTA;
        }
        return IdentityProvider.parse(id).orElseThrow(() -> AdminError.badRequest(
                "identityProvider must be one of " + Arrays.stream(IdentityProvider.values()).map(IdentityProvider::id)
                        .map(p -> '"' + p + '"').collect(Collectors.joining(", ")) + "."));
    }

    static String requiredText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw AdminError.badRequest(field + " is required and must be a non-empty string.");
        }
        if (value.length() > maxLength) {
            throw AdminError.badRequest(field + " must be at most " + maxLength + " characters.");
        }
        return value.trim();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
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
