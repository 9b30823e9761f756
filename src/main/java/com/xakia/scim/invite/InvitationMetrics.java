package com.xakia.scim.invite;


/**
 * What the invitations work reports as it goes (LocationActivity counts it).
 * Each call moves the location's JMX attributes and the {@code xakia_invitations_total} counter.
 */
public interface InvitationMetrics {

    /** An invitation's outbox row committed. */
    void queued(String locationId);

    /** Its email was accepted by the SMTP server. */
    void sent(String locationId);

    /** Sending failed (each failed attempt counts). */
    void failed(String locationId);
}
