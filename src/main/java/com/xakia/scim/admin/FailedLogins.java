package com.xakia.scim.admin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

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
    private final Map<String, Bucket> clients = new ConcurrentHashMap<>();
    private final Bucket overflow;

    FailedLogins() {
        this(System::nanoTime);
    }

    FailedLogins(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.overflow = new Bucket(nanoClock.getAsLong());
    }

    /** 0 when the client may present a token; otherwise the whole seconds (at least 1) until it may. */
    long retryAfterSeconds(String client) {
        Bucket bucket = clients.get(client);
        if (bucket == null && clients.size() >= MAX_CLIENTS) {
            bucket = overflow;
        }
        return bucket == null ? 0 : bucket.secondsToWait(nanoClock.getAsLong());
    }

    void failed(String client) {
        long now = nanoClock.getAsLong();
        Bucket bucket = clients.get(client);
        if (bucket == null) {
            if (clients.size() >= MAX_CLIENTS) {
                clients.values().removeIf(b -> b.full(now));
            }
            bucket = clients.size() < MAX_CLIENTS ? clients.computeIfAbsent(client, c -> new Bucket(now)) : overflow;
        }
        bucket.take(now);
    }

    private static final class Bucket {
        private double tokens = ALLOWED;
        private long refilledAt;

        Bucket(long now) {
            this.refilledAt = now;
        }

        synchronized long secondsToWait(long now) {
            refill(now);
            return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) * REFILL.toNanos() / 1e9));
        }

        synchronized void take(long now) {
            refill(now);
            tokens = Math.max(0, tokens - 1);
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= ALLOWED;
        }

        private void refill(long now) {
            tokens = Math.min(ALLOWED, tokens + (double) (now - refilledAt) / REFILL.toNanos());
            refilledAt = now;
        }
    }
}
