package com.xakia.scim.admin;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.xakia.scim.admin.messages.AuditPage;
import com.xakia.scim.scim.Timestamps;
import com.xakia.scim.location.Location;
import com.xakia.scim.location.LocationNamespaces;
import com.xakia.scim.location.Locations;
import com.xakia.scim.ops.AuditTrail;
import com.xakia.scim.ops.OrganizationAudit;
import com.xakia.scim.organization.Organization;
import com.xakia.scim.organization.Organizations;
import org.apache.camel.Header;

/**
 * GET /admin/api/locations/{id}/audit?from=&to=&startIndex=&count= : a location's audit trail, newest first; and
 * GET /admin/api/organizations/{id}/audit with the same parameters, limits and answer: the organization's.
 */
public final class AuditApi {

    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;

    private final Locations locations;
    private final LocationNamespaces namespaces;
    private final Organizations organizations;
    private final OrganizationAudit organizationAudit;

    public AuditApi(Locations locations, LocationNamespaces namespaces, Organizations organizations,
                    OrganizationAudit organizationAudit) {
        this.locations = locations;
        this.namespaces = namespaces;
        this.organizations = organizations;
        this.organizationAudit = organizationAudit;
    }

    public AdminReply page(@Header("locationId") String id, @Header("from") String from, @Header("to") String to,
                           @Header("startIndex") String startIndex, @Header("count") String count) throws SQLException {
        Location location = locations.find(id).orElseThrow(() -> AdminError.noLocation(id));
        return reply(from, to, startIndex, count, (f, t, start, size) ->
                AuditTrail.page(namespaces.dataSource(location), location, f, t, start, size));
    }

    public AdminReply organizationPage(@Header("organizationId") String id, @Header("from") String from,
                                       @Header("to") String to, @Header("startIndex") String startIndex,
                                       @Header("count") String count) throws SQLException {
        Organization organization = organizations.find(id).orElseThrow(() -> AdminError.noOrganization(id));
        return reply(from, to, startIndex, count, (f, t, start, size) ->
                organizationAudit.page(organization.id(), f, t, start, size));
    }

    /** Reads one page of an audit trail once the query's parameters are checked. */
    @FunctionalInterface
    private interface Trail {
        AuditTrail.Page page(OffsetDateTime from, OffsetDateTime to, int startIndex, int count) throws SQLException;
    }

    private static AdminReply reply(String from, String to, String startIndex, String count, Trail trail)
            throws SQLException {
        int start = number(startIndex, "startIndex", 1, 1, Integer.MAX_VALUE);
        int size = number(count, "count", DEFAULT_COUNT, 0, MAX_COUNT);
        return new AdminReply(200, AuditPage.of(trail.page(time(from, "from"), time(to, "to"), start, size)));
    }

    private static OffsetDateTime time(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Timestamps.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw AdminError.badRequest(name + " must be an ISO-8601 time with offset and a four-digit year, such as 2026-01-31T09:00:00Z.");
        }
    }

    private static int number(String value, String name, int absent, int min, int max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw AdminError.badRequest(name + " must be between " + min + " and " + max + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw AdminError.badRequest(name + " must be an integer between " + min + " and " + max + ".");
        }
    }
}
