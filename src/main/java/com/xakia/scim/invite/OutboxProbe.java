package com.xakia.scim.invite;


/**
 * Reads a location's invitation outbox for the JMX attributes OutboxDepth and OutboxOldestAgeSeconds.
 * The invitations work supplies one ({@code LocationActivity.outboxProbe(...)}); until then both read -1.
 */
@FunctionalInterface
public interface OutboxProbe {

    /** Rows waiting to be sent, and the age in seconds of the oldest (0 when empty). */
    record Outbox(long depth, long oldestAgeSeconds) {}

    Outbox read(String locationId) throws Exception;

    OutboxProbe NONE = locationId -> new Outbox(-1, -1);
}
