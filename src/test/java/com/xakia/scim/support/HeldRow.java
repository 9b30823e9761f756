package com.xakia.scim.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import com.xakia.scim.db.Databases;

/**
 * A location's user row locked by another session (SELECT … FOR UPDATE in an open transaction), so a write of
 * it waits — for as long as the test holds it. Closing rolls back and lets the write go on.
 */
public final class HeldRow implements AutoCloseable {

    private final Connection holder;

    private HeldRow(Connection holder) {
        this.holder = holder;
    }

    public static HeldRow user(RunningApp app, String locationId, String userId) throws SQLException {
        Databases.Connection db = app.context().getRegistry().lookupByNameAndType("databases", Databases.class).controlConnection();
        Connection holder = DriverManager.getConnection(db.url(), db.user(), db.password());
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement(
                "select id from \"loc_" + locationId + "\".users where id = ? for update")) {
            lock.setObject(1, UUID.fromString(userId));
            lock.executeQuery().close();
        }
        return new HeldRow(holder);
    }

    @Override
    public void close() throws SQLException {
        try (holder) {
            holder.rollback();
        }
    }
}
