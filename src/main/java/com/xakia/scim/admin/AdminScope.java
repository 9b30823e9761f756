package com.xakia.scim.admin;

import java.sql.SQLException;
import java.util.Objects;

import com.xakia.scim.location.Location;
import com.xakia.scim.location.Locations;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * What an organization admin may reach: its organization and that organization's locations, nothing else. The
 * step right after authentication in every admin route names what the route reaches (a location, an
 * organization, or the operator's calls), and anything out of the caller's reach answers exactly what a thing
 * that does not exist answers: the same 404 and the same sentence, so a token tells nothing about what lies
 * outside its organization. The operator reaches everything; the operations check existence as before.
 */
public final class AdminScope {

    private final Locations locations;

    public AdminScope(Locations locations) {
        this.locations = locations;
    }

    /** A route under /locations/{locationId}: the location must be one of the organization admin's. */
    public void location(Exchange exchange, @Header("locationId") String locationId) throws SQLException {
        AdminCaller caller = AdminCaller.of(exchange);
        if (caller.isOperator()) {
            return;
        }
        Location location = locations.find(locationId).orElse(null);
        if (location == null || !caller.sees(location.organizationId())) {
            throw AdminError.noLocation(locationId);
        }
    }

    /** A route under /organizations/{organizationId}: the organization admin's own only. */
    public void organization(Exchange exchange, @Header("organizationId") String organizationId) {
        AdminCaller caller = AdminCaller.of(exchange);
        if (!caller.isOperator() && !Objects.equals(caller.organizationId(), organizationId)) {
            throw AdminError.noOrganization(organizationId);
        }
    }

    /** The operator's own calls (creating organizations and locations, issuing admin tokens, …). */
    public void operatorOnly(Exchange exchange) {
        if (!AdminCaller.of(exchange).isOperator()) {
            throw AdminError.noSuchCall();
        }
    }

    /**
     * A request under /admin/api that no admin call takes (the catch-all route admin-unrouted): the same 404 an
     * organization admin gets for an operator's call. Nothing is authenticated first: the answer depends on the
     * path alone.
     */
    public void unrouted() {
        throw AdminError.noSuchCall();
    }
}
