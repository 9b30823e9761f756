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
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit must be positive and burst at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** 0 when the call may go ahead; otherwise the whole seconds (at least 1) until a token is free. */
    public long acquire(String key) {
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, System.nanoTime())).take(System.nanoTime());
    }

    /**
     * Spends a token without refusing: for the operations of a Bulk request, which was itself admitted.
     * The bucket may go into debt, so the location's next requests wait until the work is paid for.
     */
    public void charge(String key) {
        buckets.computeIfAbsent(key, k -> new Bucket(burst, System.nanoTime())).charge(System.nanoTime());
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized void charge(long now) {
            refill(now);
            tokens -= 1;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
        }
    }
}
