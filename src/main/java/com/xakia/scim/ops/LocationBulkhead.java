package com.xakia.scim.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * At most {@code perLocation} SCIM requests of one location in flight at once. The rate limit counts
 * requests, not their cost: forty heavy list queries from one location held the request workers and
 * the shared pool's connections, and every other location waited behind them. A request beyond the
 * limit is refused at once (never queued), so it holds nothing.
 */
public final class LocationBulkhead {

    private final int perLocation;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();

    public LocationBulkhead(int perLocation) {
        if (perLocation < 1) {
            throw new IllegalArgumentException("at least one request per location must be allowed");
        }
        this.perLocation = perLocation;
    }

    /** A quarter of the shared server's connections (at least 1): the default of xakia.scim.max-concurrent-per-location. */
    public static int defaultFor(int sharedPoolSize) {
        return Math.max(1, sharedPoolSize / 4);
    }

    public int perLocation() {
        return perLocation;
    }

    /** True when the location has a slot free, which the caller must give back with {@link #leave}. */
    public boolean tryEnter(String locationId) {
        return inFlight.computeIfAbsent(locationId, id -> new Semaphore(perLocation)).tryAcquire();
    }

    public void leave(String locationId) {
        inFlight.get(locationId).release();
    }
}
