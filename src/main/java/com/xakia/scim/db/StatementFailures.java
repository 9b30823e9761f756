package com.xakia.scim.db;

import java.sql.SQLException;

/**
 * What a failed statement says about its cause, by SQLSTATE: a statement that ran out of time, or a
 * value from the request that PostgreSQL cannot store or compare. Neither is a bug of ours, so neither
 * is a 500 with a stack trace in the log.
 */
public final class StatementFailures {

    private StatementFailures() {}

    /** 57014 query_canceled: statement_timeout (the pools set it) cancelled the statement. */
    public static boolean isTimeout(Throwable thrown) {
        SQLException sql = sqlException(thrown);
        return sql != null && "57014".equals(sql.getSQLState());
    }

    /**
     * 40P01 deadlock_detected or 40001 serialization_failure: two requests wrote the same rows in opposite
     * orders (two people swapping userNames, say) and PostgreSQL rolled one back. Nothing of it was kept, and
     * the same request sent again succeeds.
     */
    public static boolean isConcurrentChange(Throwable thrown) {
        SQLException sql = sqlException(thrown);
        return sql != null && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()));
    }

    /**
     * Class 22 data exception (a NUL character in text, a value out of range, malformed input) or class 54
     * program limit exceeded (a value too large for an index row): the request's data, not the server.
     */
    public static boolean isBadValue(Throwable thrown) {
        SQLException sql = sqlException(thrown);
        return sql != null && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("54"));
    }

    private static SQLException sqlException(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
