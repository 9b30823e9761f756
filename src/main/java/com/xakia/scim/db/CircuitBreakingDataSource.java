package com.xakia.scim.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A pool that stops trying for a few seconds once its server could not be reached. Without it every
 * request to a location whose server is down would hold a worker thread for the pool's whole
 * connection timeout, and a burst of them would starve the locations that are fine. While open,
 * getConnection fails at once; afterwards one caller at a time probes the server until it answers.
 */
public final class CircuitBreakingDataSource implements DataSource {

    /** How long the breaker stays open; also the Retry-After that callers are given. */
    public static final int OPEN_SECONDS = 5;

    private final DataSource pool;
    private final String name;
    private volatile long openUntilNanos;
    private volatile boolean open;
    private final AtomicBoolean probing = new AtomicBoolean();

    public CircuitBreakingDataSource(DataSource pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    public DataSource pool() {
        return pool;
    }

    /** True while calls are being refused without trying the server. */
    public boolean isOpen() {
        return open && System.nanoTime() < openUntilNanos;
    }

    @Override
    public Connection getConnection() throws SQLException {
        boolean probe = false;
        if (open) {
            if (System.nanoTime() < openUntilNanos || !probing.compareAndSet(false, true)) {
                throw new SQLTransientConnectionException(name + " is unreachable; not retrying for a few seconds", "08001");
            }
            probe = true;
        }
        try {
            Connection connection = pool.getConnection();
            open = false;
            return connection;
        } catch (SQLException e) {
            if (ConnectionFailures.isConnectionFailure(e)) {
                openUntilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPEN_SECONDS);
                open = true;
            }
            throw e;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's own credentials are used");
    }

    @Override public PrintWriter getLogWriter() throws SQLException { return pool.getLogWriter(); }
    @Override public void setLogWriter(PrintWriter out) throws SQLException { pool.setLogWriter(out); }
    @Override public void setLoginTimeout(int seconds) throws SQLException { pool.setLoginTimeout(seconds); }
    @Override public int getLoginTimeout() throws SQLException { return pool.getLoginTimeout(); }
    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { return pool.getParentLogger(); }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
