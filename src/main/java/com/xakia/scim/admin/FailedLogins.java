package com.xakia.scim.admin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.xakia.scim.ops.TokenBucket;

/**
 * Wrong admin tokens per client address, as a token bucket: {@link #ALLOWED} failures at once, then one
 * more every {@link #REFILL}. A client with none left is refused before its token is looked at, so
 * guessing costs the service nothing and gains the guesser ten tries a minute.
 *
 * <p>Memory is bounded: at {@link #MAX_CLIENTS} addresses, the ones whose bucket has refilled (nothing
 * to remember) are dropped, and if that frees nothing, new addresses share one bucket, so spraying
 * from many addresses is throttled as one client rather than filling the heap.
 */
final class FailedLogins {

    static final int ALLOWED = 10;
    static final Duration REFILL = Duration.ofSeconds(6);
    static final int MAX_CLIENTS = 10_000;

    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> clients = new ConcurrentHashMap<>();
    private final TokenBucket overflow;

    FailedLogins() {
        this(System::nanoTime);
    }

    FailedLogins(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.overflow = new TokenBucket(ALLOWED, REFILL, nanoClock.getAsLong());
    }

    /** 0 when the client may present a token; otherwise the whole seconds (at least 1) until it may. */
    long retryAfterSeconds(String client) {
        TokenBucket bucket = clients.get(client);
        if (bucket == null && clients.size() >= MAX_CLIENTS) {
            bucket = overflow;
        }
        return bucket == null ? 0 : bucket.secondsUntilFree(nanoClock.getAsLong());
    }

    void failed(String client) {
        long now = nanoClock.getAsLong();
        TokenBucket bucket = clients.get(client);
        if (bucket == null) {
            if (clients.size() >= MAX_CLIENTS) {
                clients.values().removeIf(b -> b.full(now));
            }
            bucket = clients.size() < MAX_CLIENTS ? clients.computeIfAbsent(client, c -> new TokenBucket(ALLOWED, REFILL, now)) : overflow;
        }
        bucket.spend(now);
    }
}
