package com.xakia.scim.location;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;


/**
 * The audit row of a write, inserted in the write's own transaction: who (key id or admin, never a
 * secret), what operation, which resource, the names of the changed attributes (never their values).
 */
public final class AuditLog {

    private AuditLog() {}

    public static void write(Connection c, Location location, Caller caller, String operation, UUID resourceId,
                             List<String> attributes) throws SQLException {
        write(c, location, caller.actor(), operation, resourceId.toString(), attributes, caller.requestId());
    }

    /** For resources whose id is not a UUID (a location, a SCIM key's key id). */
    public static void write(Connection c, Location location, String actor, String operation, String resourceId,
                             List<String> attributes, String requestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("audit")
                + " (actor, operation, resource_id, attributes, request_id) values (?, ?, ?, ?, ?)")) {
            ps.setString(1, actor);
            ps.setString(2, operation);
            ps.setString(3, resourceId);
            ps.setArray(4, c.createArrayOf("text", attributes.toArray()));
            ps.setString(5, requestId);
            ps.executeUpdate();
        }
    }
}
