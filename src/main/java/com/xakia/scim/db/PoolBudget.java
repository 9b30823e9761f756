package com.xakia.scim.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * How XAKIA_DB_MAX_CONNECTIONS is split: three quarters (at least the rest after the reserve) to the
 * shared server, where nearly every location lives; the remainder is reserved for locations placed on
 * servers of their own, two connections per such server. Two connections keep a location that is
 * provisioned by one IdP moving; they are not meant for bulk loads.
 */
public record PoolBudget(int total) {

    static final int OWN_SERVER_POOL_SIZE = 2;

    public PoolBudget {
        if (total < 2 + OWN_SERVER_POOL_SIZE) {
            throw new IllegalArgumentException("XAKIA_DB_MAX_CONNECTIONS must be at least " + (2 + OWN_SERVER_POOL_SIZE));
        }
    }

    public int ownServerPoolSize() {
        return OWN_SERVER_POOL_SIZE;
    }

    /** How many locations' own servers may have a pool open at once. */
    public int ownServerPools() {
        return Math.max(1, total / 4 / OWN_SERVER_POOL_SIZE);
    }

    public int sharedPoolSize() {
        return total - ownServerPools() * OWN_SERVER_POOL_SIZE;
    }

    /** Handed out while every own-server pool is busy: the location's request is answered 503, try again. */
    static final DataSource REFUSING = new DataSource() {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLTransientConnectionException("every pool to locations' own servers is in use;"
                    + " the connection budget (XAKIA_DB_MAX_CONNECTIONS) is reached", "08004");
        }

        @Override public Connection getConnection(String u, String p) throws SQLException { return getConnection(); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
        @Override public <T> T unwrap(Class<T> type) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> type) { return false; }
    };
}
