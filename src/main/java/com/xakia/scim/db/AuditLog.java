package com.xakia.scim.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import com.xakia.scim.location.Location;
import com.xakia.scim.scim.Caller;

/**
 * The audit row of a write, inserted in the write's own transaction: who (key id or admin, never a
 * secret), what operation, which resource, the names of the changed attributes (never their values).
 */
public final class AuditLog {

    private AuditLog() {}

    public static void write(Connection c, Location location, Caller caller, String operation, UUID resourceId,
                             List<String> attributes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + location.table("audit")
                + " (actor, operation, resource_id, attributes, request_id) values (?, ?, ?, ?, ?)")) {
            ps.setString(1, caller.actor());
            ps.setString(2, operation);
            ps.setString(3, resourceId.toString());
            ps.setArray(4, c.createArrayOf("text", attributes.toArray()));
            ps.setString(5, caller.requestId());
            ps.executeUpdate();
        }
    }
}
