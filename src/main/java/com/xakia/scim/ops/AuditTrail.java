package com.xakia.scim.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import com.xakia.scim.location.AuditLog;
import com.xakia.scim.db.Transactions;
import com.xakia.scim.location.Location;

/**
 * Reading a location's audit table (written by {@link AuditLog}) or an organization's rows (written by
 * {@link OrganizationAudit}), and the rows of a location's admin actions that have no transaction of their own
 * to join. Never values and never secrets: only names and ids.
 */
public final class AuditTrail {

    public record Entry(long id, OffsetDateTime at, String actor, String operation, String resourceId,
                        List<String> attributes, String requestId) {}

    public record Page(long totalResults, int startIndex, List<Entry> entries) {}

    /** Writes one row in a transaction of its own (admin actions that change nothing in the namespace). */
    public static void write(DataSource data, Location location, String actor, String operation, String resourceId,
                             String requestId) throws SQLException {
        Transactions.inTransaction(data, c -> {
            AuditLog.write(c, location, actor, operation, resourceId, List.of(), requestId);
            return null;
        });
    }

    /** Newest first; {@code from} inclusive and {@code to} exclusive, either may be null. */
    public static Page page(DataSource data, Location location, OffsetDateTime from, OffsetDateTime to,
                            int startIndex, int count) throws SQLException {
        return page(data, location.table("audit"), null, null, from, to, startIndex, count);
    }

    /**
     * A page of an audit table of our own naming, newest first: a location's, or the organizations' one where
     * {@code scopeColumn} (ours, spliced) picks the rows of {@code scopeValue} (bound).
     */
    static Page page(DataSource data, String table, String scopeColumn, String scopeValue, OffsetDateTime from,
                     OffsetDateTime to, int startIndex, int count) throws SQLException {
        String where = " from " + table
                + " where (?::timestamptz is null or at >= ?::timestamptz) and (?::timestamptz is null or at < ?::timestamptz)"
                + (scopeColumn == null ? "" : " and " + scopeColumn + " = ?");
        try (Connection c = data.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*)" + where)) {
                bind(ps, scopeValue, scopeColumn != null, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id, at, actor, operation, resource_id, attributes,"
                    + " request_id" + where + " order by at desc, id desc offset ? limit ?")) {
                int next = bind(ps, scopeValue, scopeColumn != null, from, to);
                ps.setLong(next, startIndex - 1L);
                ps.setInt(next + 1, count);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                                rs.getString(4), rs.getString(5), Arrays.asList((String[]) rs.getArray(6).getArray()),
                                rs.getString(7)));
                    }
                }
            }
            return new Page(total, startIndex, entries);
        }
    }

    /** Binds the time range, then the scope when there is one; returns the next parameter's index. */
    private static int bind(PreparedStatement ps, String scopeValue, boolean scoped, OffsetDateTime from,
                            OffsetDateTime to) throws SQLException {
        ps.setObject(1, from);
        ps.setObject(2, from);
        ps.setObject(3, to);
        ps.setObject(4, to);
        if (!scoped) {
            return 5;
        }
        ps.setString(5, scopeValue);
        return 6;
    }
}
