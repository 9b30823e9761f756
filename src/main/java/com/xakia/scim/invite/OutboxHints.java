package com.xakia.scim.invite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

import javax.sql.DataSource;

/**
 * Hints in the control database saying which locations' outboxes have invitations due. With a thousand
 * locations the drainer then reads one small table per tick instead of a thousand outboxes. A hint is
 * only a hint: the outbox rows in the location's own database stay the truth, and a slow sweep of every
 * location (XAKIA_INVITE_SWEEP_MS) finds rows whose hint was lost.
 */
public final class OutboxHints {

    private final DataSource control;

    public OutboxHints(DataSource control) {
        this.control = control;
    }

    /** An invitation of the location is due now (called after its outbox row committed). */
    public void dueNow(String locationId) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into control.outbox_due (location_id, due_at)"
                     + " values (?, now()) on conflict (location_id) do update set due_at = now()")) {
            ps.setString(1, locationId);
            ps.executeUpdate();
        }
    }

    /**
     * After a drain found nothing due: the hint becomes the location's next retry time, or goes away when
     * its outbox is empty. Only a hint written before {@code listedAt} (when the drain listed the location)
     * is changed, so an invite that committed meanwhile keeps its "due now".
     */
    public void settle(String locationId, Timestamp listedAt, Timestamp nextAttemptAt) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement(nextAttemptAt == null
                     ? "delete from control.outbox_due where location_id = ? and due_at <= ?"
                     : "insert into control.outbox_due as h (location_id, due_at) values (?, ?)"
                             + " on conflict (location_id) do update set due_at = excluded.due_at where h.due_at <= ?")) {
            ps.setString(1, locationId);
            if (nextAttemptAt == null) {
                ps.setTimestamp(2, listedAt);
            } else {
                ps.setTimestamp(2, nextAttemptAt);
                ps.setTimestamp(3, listedAt);
            }
            ps.executeUpdate();
        }
    }
}
