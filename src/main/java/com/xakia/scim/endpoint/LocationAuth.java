package com.xakia.scim.endpoint;

import com.xakia.scim.web.RequestIds;

import com.xakia.scim.location.Caller;

import com.xakia.scim.location.Location;

import com.xakia.scim.location.Locations;

import java.sql.SQLException;
import java.util.Optional;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.location.RememberedKeys;
import com.xakia.scim.location.ScimKeys;
import com.xakia.scim.ops.LocationBulkhead;
import com.xakia.scim.ops.RateLimiter;
import com.xakia.scim.ops.RequestContext;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.web.AuthorizationHeader;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The first step of every SCIM route: the location in the path and its bearer key. Every failure —
 * no header, another scheme, a wrong, revoked or other location's key, an unknown location — is the
 * same 401, so a caller learns nothing about which.
 */
public final class LocationAuth {

    /** A refused request holds nothing and is retried soon: the requests in flight are usually short. */
    static final long BULKHEAD_RETRY_SECONDS = 1;

    private final Locations locations;
    private final RememberedKeys remembered;
    private final RateLimiter rateLimiter;
    private final LocationBulkhead bulkhead;

    public LocationAuth(Locations locations, RememberedKeys remembered, RateLimiter rateLimiter, LocationBulkhead bulkhead) {
        this.locations = locations;
        this.remembered = remembered;
        this.rateLimiter = rateLimiter;
        this.bulkhead = bulkhead;
    }

    public void authenticate(Exchange exchange) throws SQLException {
        String presented = Secrets.bearer(AuthorizationHeader.of(exchange));
        String locationId = exchange.getMessage().getHeader("location", String.class);
        if (presented == null) {
            throw ScimError.unauthorized();
        }
        byte[] presentedHash = Secrets.hash(presented); // once, whether the key is remembered or read
        // The location and its live key, as the control database said less than a second ago at most: a key
        // revoked or replaced on any instance stops here within 1 s, on this one at once.
        Optional<Locations.WithLiveKey> found = remembered.find("location", locationId,
                owner -> ScimKeys.LiveKey.admits(owner.key(), presentedHash),
                () -> locations.findWithLiveKey(locationId));
        ScimKeys.LiveKey key = found.map(Locations.WithLiveKey::key).orElse(null);
        if (!ScimKeys.LiveKey.admits(key, presentedHash)) { // the same work when there is no key: timing tells nothing
            throw ScimError.unauthorized();
        }
        Location location = found.get().location();
        RequestContext.location(location.id());
        exchange.setProperty(Caller.PROPERTY, new Caller(location, "scim-key:" + key.keyId(),
                RequestIds.of(exchange), key.identityProvider()));
        // Only an authenticated caller spends the location's budget, so nobody can lock Okta out with bad keys.
        // (The operations of an admitted Bulk request are charged by Bulk, not refused: no half-done bulks.)
        long retryAfter = rateLimiter.acquire(location.id());
        if (retryAfter > 0) {
            throw ScimError.tooManyRequests(retryAfter);
        }
        holdSlot(bulkhead, exchange, location.id());
    }

    /**
     * One of the owner's in-flight slots for this exchange, or 429 at once. A location and an organization
     * (whose lists read every one of its locations) each have their own slots; their ids never collide.
     */
    static void holdSlot(LocationBulkhead bulkhead, Exchange exchange, String ownerId) {
        if (!bulkhead.tryEnter(ownerId)) {
            throw ScimError.tooManyInFlight(bulkhead.perLocation(), BULKHEAD_RETRY_SECONDS);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) { // completed or failed: the slot is given back either way
                bulkhead.leave(ownerId);
            }
        });
    }
}
