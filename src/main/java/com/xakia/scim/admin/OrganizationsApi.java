package com.xakia.scim.admin;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.xakia.scim.admin.messages.CreateOrganization;
import com.xakia.scim.admin.messages.IssueKey;
import com.xakia.scim.admin.messages.KeyIssued;
import com.xakia.scim.admin.messages.KeyView;
import com.xakia.scim.admin.messages.OrganizationList;
import com.xakia.scim.admin.messages.OrganizationView;
import com.xakia.scim.admin.messages.RoutingView;
import com.xakia.scim.config.Settings;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import com.xakia.scim.location.ScimKeys;
import com.xakia.scim.ops.OrganizationAudit;
import com.xakia.scim.organization.Organization;
import com.xakia.scim.organization.Organizations;
import com.xakia.scim.organization.RoutingTable;
import com.xakia.scim.organization.RoutingTables;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.SingleValuedPath;
import com.xakia.scim.web.RequestIds;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The admin API of organizations (#16): create and read them, issue their SCIM key, set their routing table.
 * Every refusal is a 400 (or 404) naming the problem, and nothing is changed; every change writes its row in
 * control.organization_audit in its own transaction.
 */
public final class OrganizationsApi {

    private final Settings settings;
    private final Organizations organizations;
    private final Locations locations;
    private final ScimKeys keys;
    private final RoutingTables routing;

    public OrganizationsApi(Settings settings, Organizations organizations, Locations locations, ScimKeys keys,
                            RoutingTables routing) {
        this.settings = settings;
        this.organizations = organizations;
        this.locations = locations;
        this.keys = keys;
        this.routing = routing;
    }

    public AdminReply create(@Body CreateOrganization request, Exchange exchange) throws SQLException {
        if (request == null) {
            throw AdminError.badRequest("The request body is empty; a JSON object is required.");
        }
        String name = AdminApi.requiredText(request.name(), "name", 200);
        return new AdminReply(201, view(organizations.create(name, OrganizationAudit.creation(
                AdminCaller.of(exchange).actor(), "admin.organization.create", RequestIds.of(exchange)))));
    }

    /** Every organization, or an organization admin's own. */
    public AdminReply list(Exchange exchange) throws SQLException {
        AdminCaller caller = AdminCaller.of(exchange);
        List<OrganizationView> all = new ArrayList<>();
        for (Organization organization : organizations.list()) {
            if (caller.isOperator() || organization.id().equals(caller.organizationId())) {
                all.add(view(organization));
            }
        }
        return new AdminReply(200, new OrganizationList(all));
    }

    public AdminReply get(@Header("organizationId") String id) throws SQLException {
        return new AdminReply(200, view(existing(id)));
    }

    /**
     * The organization's key, shown once; its previous key stops working in the same transaction, which also
     * writes the audit row (the key id, never the key).
     */
    public AdminReply issueKey(@Header("organizationId") String id, @Body IssueKey request, Exchange exchange)
            throws SQLException {
        Organization organization = existing(id);
        ScimKeys.IssuedKey key = keys.issue(ScimKeys.Owner.ORGANIZATION, organization.id(),
                AdminApi.identityProvider(request == null ? null : request.identityProvider()),
                audit(organization, "admin.organization.scim-key.issue", exchange));
        return new AdminReply(201, KeyIssued.of(key, settings.organizationScimBaseUri(organization.id())));
    }

    /**
     * Replaces the routing table; every location it names must be one of the organization's. The audit row
     * names the organization, in the save's transaction; a refused table writes nothing.
     */
    public AdminReply setRouting(@Header("organizationId") String id, @Body RoutingView request, Exchange exchange)
            throws SQLException {
        Organization organization = existing(id);
        if (request == null) {
            throw AdminError.badRequest("The request body is empty; a JSON object with \"locations\" is required.");
        }
        SingleValuedPath attribute;
        try {
            attribute = RoutingTable.attribute(request.attribute());
        } catch (ScimError e) {
            throw AdminError.badRequest("attribute: " + e.detail() + " It must name a single-valued string attribute"
                    + " of a User, such as " + RoutingTable.DEFAULT_ATTRIBUTE + " or"
                    + " urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division.");
        }
        if (request.locations() == null) {
            throw AdminError.badRequest("locations is required: an object of values and the location id each routes to.");
        }
        Set<String> own = new TreeSet<>();
        for (Location location : locations.ofOrganization(organization.id())) {
            own.add(location.id());
        }
        Map<String, String> seen = new LinkedHashMap<>();
        List<RoutingTable.Route> routes = new ArrayList<>();
        for (Map.Entry<String, String> route : request.locations().entrySet()) {
            String value = route.getKey().trim();
            if (value.isEmpty() || value.length() > 200) {
                throw AdminError.badRequest("locations: a value must be 1 to 200 characters, not \"" + route.getKey() + "\".");
            }
            String earlier = seen.put(RoutingTable.key(value), value);
            if (earlier != null) {
                throw AdminError.badRequest("locations: \"" + earlier + "\" and \"" + value + "\" are the same value"
                        + " (values match case-insensitively).");
            }
            ownLocation(own, route.getValue(), "locations." + value, organization);
            routes.add(new RoutingTable.Route(value, route.getValue()));
        }
        if (request.defaultLocation() != null) {
            ownLocation(own, request.defaultLocation(), "default", organization);
        }
        RoutingTable table = new RoutingTable(attribute, routes, request.defaultLocation());
        routing.save(organization.id(), table, audit(organization, "admin.organization.routing.set", exchange));
        return new AdminReply(200, routingView(table));
    }

    private static void ownLocation(Set<String> own, String locationId, String field, Organization organization) {
        if (locationId == null || !own.contains(locationId)) {
            throw AdminError.badRequest(field + ": " + (locationId == null ? "a location id is required"
                    : "\"" + locationId + "\" is not a location of the organization " + organization.name())
                    + "; its locations are " + (own.isEmpty() ? "none yet" : String.join(", ", own)) + ".");
        }
    }

    private static Transactions.Alongside audit(Organization organization, String operation, Exchange exchange) {
        return OrganizationAudit.row(organization.id(), AdminCaller.of(exchange).actor(), operation, RequestIds.of(exchange));
    }

    private Organization existing(String id) throws SQLException {
        return organizations.find(id).orElseThrow(() -> AdminError.noOrganization(id));
    }

    private OrganizationView view(Organization organization) throws SQLException {
        List<String> locationIds = locations.ofOrganization(organization.id()).stream().map(Location::id).toList();
        return new OrganizationView(organization.id(), organization.name(),
                settings.organizationScimBaseUri(organization.id()), organization.createdAt(),
                keys.current(ScimKeys.Owner.ORGANIZATION, organization.id()).map(KeyView::of).orElse(null), locationIds,
                routing.find(organization.id()).map(OrganizationsApi::routingView).orElse(null));
    }

    private static RoutingView routingView(RoutingTable table) {
        Map<String, String> routes = new LinkedHashMap<>();
        table.routes().forEach(r -> routes.put(r.value(), r.locationId()));
        return new RoutingView(table.attribute().text(), routes, table.defaultLocationId());
    }
}
