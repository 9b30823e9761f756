package com.xakia.scim.ops;

import java.time.Duration;

/**
 * Tokens that come back one every {@code refill}, up to {@code capacity}: one bucket of the per-location
 * rate limit, or of a client's wrong admin tokens. Times are System.nanoTime() readings passed in, so a
 * test can drive the clock.
 */
public final class TokenBucket {

    private final double capacity;
    private final double nanosPerToken;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double capacity, Duration refill, long now) {
        this(capacity, (double) refill.toNanos(), now);
    }

    /** {@code perSecond} tokens a second, e.g. a rate limit of 200 requests/s. */
    public static TokenBucket perSecond(double capacity, double perSecond, long now) {
        return new TokenBucket(capacity, 1e9 / perSecond, now);
    }

    private TokenBucket(double capacity, double nanosPerToken, long now) {
        this.capacity = capacity;
        this.nanosPerToken = nanosPerToken;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Takes a token when there is one (0); otherwise takes none and says the whole seconds (at least 1) to wait. */
    public synchronized long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return secondsToWait();
    }

    /** The whole seconds (at least 1) until a token is there, or 0 when one is; takes none. */
    public synchronized long secondsUntilFree(long now) {
        refill(now);
        return tokens >= 1 ? 0 : secondsToWait();
    }

    /** Spends a token whether or not there is one: the bucket may go into debt, which later calls pay off. */
    public synchronized void charge(long now) {
        refill(now);
        tokens -= 1;
    }

    /** Spends a token if there is any left, and never goes below empty. */
    public synchronized void spend(long now) {
        refill(now);
        tokens = Math.max(0, tokens - 1);
    }

    /** Whether the bucket has refilled completely (it then remembers nothing). */
    public synchronized boolean full(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private long secondsToWait() {
        return Math.max(1, (long) Math.ceil((1 - tokens) * nanosPerToken / 1e9));
    }

    private void refill(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) / nanosPerToken);
        refilledAt = now;
    }
}
