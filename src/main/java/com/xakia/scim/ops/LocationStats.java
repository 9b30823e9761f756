package com.xakia.scim.ops;

import com.xakia.scim.invite.OutboxProbe;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** The counters of one location since this process started. */
public final class LocationStats implements LocationStatsMXBean {

    private final String locationId;
    private final Supplier<OutboxProbe> outbox;
    final LongAdder requests = new LongAdder();
    final LongAdder created = new LongAdder();
    final LongAdder updated = new LongAdder();
    final LongAdder deactivated = new LongAdder();
    final LongAdder reactivated = new LongAdder();
    final LongAdder queued = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong lastCallMillis = new AtomicLong(-1);

    LocationStats(String locationId, Supplier<OutboxProbe> outbox) {
        this.locationId = locationId;
        this.outbox = outbox;
    }

    void call(int status) {
        requests.increment();
        lastCallMillis.set(System.currentTimeMillis());
        if (status >= 400) {
            errors.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    @Override public String getLocationId() { return locationId; }
    @Override public long getScimRequests() { return requests.sum(); }
    @Override public long getUsersCreated() { return created.sum(); }
    @Override public long getUsersUpdated() { return updated.sum(); }
    @Override public long getUsersDeactivated() { return deactivated.sum(); }
    @Override public long getUsersReactivated() { return reactivated.sum(); }
    @Override public long getInvitationsQueued() { return queued.sum(); }
    @Override public long getInvitationsSent() { return sent.sum(); }
    @Override public long getInvitationsFailed() { return failed.sum(); }

    @Override
    public long getScimErrors() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public Map<String, Long> getScimErrorsByStatus() {
        Map<String, Long> byStatus = new TreeMap<>();
        errors.forEach((status, count) -> byStatus.put(String.valueOf(status), count.sum()));
        return byStatus;
    }

    @Override
    public long getOutboxDepth() {
        return readOutbox().depth();
    }

    @Override
    public long getOutboxOldestAgeSeconds() {
        return readOutbox().oldestAgeSeconds();
    }

    private OutboxProbe.Outbox readOutbox() {
        try {
            return outbox.get().read(locationId);
        } catch (Exception e) { // a JMX read must not fail because a location's database is down
            return new OutboxProbe.Outbox(-1, -1);
        }
    }

    @Override
    public String getLastScimCall() {
        long last = lastCallMillis.get();
        return last < 0 ? "" : Instant.ofEpochMilli(last).toString();
    }

    @Override
    public long getSecondsSinceLastScimCall() {
        long last = lastCallMillis.get();
        return last < 0 ? -1 : (System.currentTimeMillis() - last) / 1000;
    }
}
