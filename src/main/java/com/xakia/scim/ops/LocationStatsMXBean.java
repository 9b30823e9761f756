package com.xakia.scim.ops;

import com.xakia.scim.invite.OutboxProbe;

import java.util.Map;

/**
 * One location as JMX shows it (ObjectName {@code com.xakia.scim:context=<camel>,type=Location,id=<locationId>}).
 * An MXBean, so JConsole and VisualVM read every attribute without our classes.
 */
public interface LocationStatsMXBean {

    String getLocationId();

    long getScimRequests();

    long getUsersCreated();

    long getUsersUpdated();

    long getUsersDeactivated();

    long getUsersReactivated();

    long getScimErrors();

    /** HTTP status ("400", "401", "404", "409", "429", "503", …) to count. */
    Map<String, Long> getScimErrorsByStatus();

    long getInvitationsQueued();

    long getInvitationsSent();

    long getInvitationsFailed();

    /** -1 until the invitations work supplies an {@link OutboxProbe}, or when the location's database is down. */
    long getOutboxDepth();

    long getOutboxOldestAgeSeconds();

    /** ISO-8601 time of the last authenticated SCIM call, or empty. */
    String getLastScimCall();

    /** -1 when there has been none since this process started. */
    long getSecondsSinceLastScimCall();
}
