package com.xakia.scim.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * One snapshot of a database that several connections read in, in parallel (PostgreSQL's
 * {@code pg_export_snapshot} / {@code SET TRANSACTION SNAPSHOT}): they see the same committed transactions, as one
 * transaction would. The exporting transaction stays open until {@link #close}, which the importers need.
 */
public final class SharedSnapshot implements AutoCloseable {

    /** What PostgreSQL's snapshot ids look like; checked because SET TRANSACTION SNAPSHOT takes no parameter. */
    private static final Pattern ID = Pattern.compile("[0-9A-F]+(-[0-9A-F]+)+");

    private final Connection exporter;
    private final String id;

    private SharedSnapshot(Connection exporter, String id) {
        this.exporter = exporter;
        this.id = id;
    }

    public static SharedSnapshot export(DataSource database) throws SQLException {
        Connection c = database.getConnection();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_export_snapshot()")) {
                rs.next();
                String id = rs.getString(1);
                if (!ID.matcher(id).matches()) {
                    throw new SQLException("unexpected snapshot id from the server");
                }
                return new SharedSnapshot(c, id);
            }
        } catch (SQLException | RuntimeException e) {
            try {
                close(c);
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    public String id() {
        return id;
    }

    /** Starts a read-only transaction on {@code c} in the snapshot {@code id}; the caller ends it with {@link #leave}. */
    public static void join(Connection c, String id) throws SQLException {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a snapshot id");
        }
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try (Statement st = c.createStatement()) {
            st.execute("set transaction snapshot '" + id + "'"); // checked above: hex digits and dashes only
        }
    }

    /** Ends what {@link #join} started, leaving the connection as the pool lent it. */
    public static void leave(Connection c) throws SQLException {
        c.rollback();
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
    }

    @Override
    public void close() throws SQLException {
        close(exporter);
    }

    private static void close(Connection c) throws SQLException {
        try {
            c.rollback();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(true);
        } finally {
            c.close();
        }
    }
}
