package com.xakia.scim.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Whether a failure means "the database cannot be reached" (retry later) rather than a bug or bad data. */
public final class ConnectionFailures {

    private ConnectionFailures() {}

    public static boolean isConnectionFailure(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true; // HikariCP: no connection within connectionTimeout; or our open breaker
            }
            // SQLSTATE class 08: connection exception (refused, lost, cannot establish);
            // 57P0x: the server is shutting down, crashed or is starting (its pooled connections die so)
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }
}
