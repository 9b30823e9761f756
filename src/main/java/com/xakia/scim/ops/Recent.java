package com.xakia.scim.ops;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value worked out at most once per time-to-live, however often it is asked for; callers that arrive
 * while it is being worked out wait for that one result instead of starting their own.
 */
final class Recent<T> {

    private final Supplier<T> source;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private T value;
    private long takenAt;

    Recent(Supplier<T> source, Duration ttl, LongSupplier nanoClock) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    synchronized T get() {
        long now = nanoClock.getAsLong();
        if (value == null || now - takenAt >= ttlNanos) {
            value = source.get();
            takenAt = now;
        }
        return value;
    }
}
