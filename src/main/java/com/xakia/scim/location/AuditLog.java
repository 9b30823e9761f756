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

    /** An audit row's columns, in the order every writer binds them. */
    public static final String COLUMNS = "actor, operation, resource_id, attributes, request_id";

    public static void write(Connection c, Location location, Caller caller, String operation, UUID resourceId,
                             List<String> attributes) throws SQLException {
        write(c, location, caller.actor(), operation, resourceId.toString(), attributes, caller.requestId());
    }

    /** For resources whose id is not a UUID (a location, a SCIM key's key id). */
    public static void write(Connection c, Location location, String actor, String operation, String resourceId,
                             List<String> attributes, String requestId) throws SQLException {
        write(c, location.table("audit"), null, null, actor, operation, resourceId, attributes, requestId);
    }

    /**
     * A row of an audit table of our own naming: a location's, or the organizations' one, where {@code scopeColumn}
     * (ours, spliced) takes {@code scopeValue} (bound), the organization whose row it is.
     */
    public static void write(Connection c, String table, String scopeColumn, String scopeValue, String actor,
                             String operation, String resourceId, List<String> attributes, String requestId)
            throws SQLException {
        boolean scoped = scopeColumn != null;
        try (PreparedStatement ps = c.prepareStatement("insert into " + table + " (" + (scoped ? scopeColumn + ", " : "")
                + COLUMNS + ") values (" + (scoped ? "?, " : "")
                + "?, ?, ?, ?, ?)")) {
            int i = 1;
            if (scoped) {
                ps.setString(i++, scopeValue);
            }
            ps.setString(i++, actor);
            ps.setString(i++, operation);
            ps.setString(i++, resourceId);
            ps.setArray(i++, c.createArrayOf("text", attributes.toArray()));
            ps.setString(i, requestId);
            ps.executeUpdate();
        }
    }
}
