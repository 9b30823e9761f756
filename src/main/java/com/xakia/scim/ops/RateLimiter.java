package com.xakia.scim.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per location: {@code perSecond} sustained, {@code burst} at once. One location's
 * flood spends only its own tokens, so other locations are not slowed by it.
 */
public final class RateLimiter {

    private final double perSecond;
    private final int burst;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit must be positive and burst at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** 0 when the call may go ahead; otherwise the whole seconds (at least 1) until a token is free. */
    public long acquire(String key) {
        return bucket(key).take(System.nanoTime());
    }

    /**
     * Spends a token without refusing: for the operations of a Bulk request, which was itself admitted.
     * The bucket may go into debt, so the location's next requests wait until the work is paid for.
     */
    public void charge(String key) {
        bucket(key).charge(System.nanoTime());
    }

    private TokenBucket bucket(String key) {
        return buckets.computeIfAbsent(key, k -> TokenBucket.perSecond(burst, perSecond, System.nanoTime()));
    }
}
