package com.xakia.scim.endpoint;

import java.sql.SQLException;
import java.util.Optional;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.location.RememberedKeys;
import com.xakia.scim.location.ScimKeys;
import com.xakia.scim.config.Settings;
import com.xakia.scim.organization.OrganizationCaller;
import com.xakia.scim.organization.Organizations;
import com.xakia.scim.ops.LocationBulkhead;
import com.xakia.scim.ops.RateLimiter;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.web.AuthorizationHeader;
import com.xakia.scim.web.RequestIds;
import org.apache.camel.Exchange;

/**
 * The first step of every route at an organization's base URI: the organization in the path and its bearer
 * key. Every failure is the same 401 as at a location ({@link LocationAuth}); a location's key is not an
 * organization's, nor the other way round (they are looked up by their owner).
 */
public final class OrganizationAuth {

    private final Organizations organizations;
    private final RememberedKeys remembered;
    private final RateLimiter rateLimiter;
    private final LocationBulkhead bulkhead;
    private final Settings settings;

    public OrganizationAuth(Organizations organizations, RememberedKeys remembered, RateLimiter rateLimiter,
                            LocationBulkhead bulkhead, Settings settings) {
        this.organizations = organizations;
        this.remembered = remembered;
        this.rateLimiter = rateLimiter;
        this.bulkhead = bulkhead;
        this.settings = settings;
    }

    public void authenticate(Exchange exchange) throws SQLException {
        String presented = Secrets.bearer(AuthorizationHeader.of(exchange));
        String organizationId = exchange.getMessage().getHeader("organization", String.class);
        if (presented == null) {
            throw ScimError.unauthorized();
        }
        byte[] presentedHash = Secrets.hash(presented); // once, whether the key is remembered or read
        // as at a location: a key revoked or replaced on any instance stops here within 1 s, on this one at once
        Optional<Organizations.WithLiveKey> found = remembered.find("organization", organizationId,
                owner -> ScimKeys.LiveKey.admits(owner.key(), presentedHash),
                () -> organizations.findWithLiveKey(organizationId));
        ScimKeys.LiveKey key = found.map(Organizations.WithLiveKey::key).orElse(null);
        if (!ScimKeys.LiveKey.admits(key, presentedHash)) {
            throw ScimError.unauthorized();
        }
        Organizations.WithLiveKey org = found.get();
        exchange.setProperty(OrganizationCaller.PROPERTY, new OrganizationCaller(org.organization(), key.keyId(),
                RequestIds.of(exchange), key.identityProvider()));
        exchange.setProperty(ScimResponses.BASE_URI, settings.organizationScimBaseUri(org.organization().id()));
        // the organization's own budget, in the same buckets as locations' (ids never collide: both random)
        long retryAfter = rateLimiter.acquire(org.organization().id());
        if (retryAfter > 0) {
            throw ScimError.tooManyRequests(retryAfter);
        }
        LocationAuth.holdSlot(bulkhead, exchange, org.organization().id());
    }
}
