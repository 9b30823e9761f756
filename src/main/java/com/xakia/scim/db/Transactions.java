package com.xakia.scim.db;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Runs work in one database transaction: committed when it returns, rolled back when it throws. */
public final class Transactions {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * More to write on a change's connection before it commits, given the id of what the change made or touched:
     * the change's audit row, so that the row and the change are committed together or not at all.
     */
    @FunctionalInterface
    public interface Alongside {
        Alongside NOTHING = (connection, id) -> {};

        void write(Connection connection, String id) throws SQLException;
    }

    private Transactions() {}

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
        }
    }

    /**
     * Rolls back after a failure; a connection the failure itself broke (a socket timeout, a server gone) cannot
     * roll back, and that second failure must not hide the first, which says what happened.
     */
    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** PostgreSQL's unique_violation. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /**
     * For {@code throw}: the conflict a unique_violation means to the caller, else the exception itself.
     * {@code throw Transactions.uniqueOr(e, () -> ScimError.uniqueness("…"));}
     */
    public static SQLException uniqueOr(SQLException e, java.util.function.Supplier<RuntimeException> conflict) {
        if (isUniqueViolation(e)) {
            throw conflict.get();
        }
        return e;
    }
}
