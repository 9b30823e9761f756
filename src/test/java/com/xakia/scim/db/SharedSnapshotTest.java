package com.xakia.scim.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/**
 * Connections that join a shared snapshot see what was committed when it was exported, and nothing committed
 * after, while the snapshot is open; on the app's real PostgreSQL.
 */
class SharedSnapshotTest {

    static final RunningApp APP = RunningApp.shared();

    @Test
    void every_joined_connection_reads_the_exported_snapshot_and_is_handed_back_as_lent() throws SQLException {
        Databases databases = APP.context().getRegistry().lookupByNameAndType("databases", Databases.class);
        DataSource control = databases.control();
        try (Connection writer = direct(databases)) {
            run(writer, "create table if not exists public.snapshot_probe (n int)");
            run(writer, "truncate public.snapshot_probe");
            run(writer, "insert into public.snapshot_probe values (1)");
            try (SharedSnapshot snapshot = SharedSnapshot.export(control)) {
                run(writer, "insert into public.snapshot_probe values (2)"); // committed after the export

                try (Connection reader = control.getConnection()) {
                    SharedSnapshot.join(reader, snapshot.id());
                    assertThat(count(reader)).as("in the snapshot").isEqualTo(1);
                    SharedSnapshot.leave(reader);
                    assertThat(reader.getAutoCommit()).isTrue();
                    assertThat(reader.isReadOnly()).isFalse();
                    assertThat(count(reader)).as("outside it").isEqualTo(2);
                }
                try (Connection reader = control.getConnection()) {
                    SharedSnapshot.join(reader, snapshot.id());
                    assertThat(count(reader)).as("a second reader, later").isEqualTo(1);
                    SharedSnapshot.leave(reader);
                }
            }
            run(writer, "drop table public.snapshot_probe");
        }
        try (Connection c = control.getConnection()) {
            assertThatThrownBy(() -> SharedSnapshot.join(c, "1'; drop table x; --"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Connection direct(Databases databases) throws SQLException {
        Databases.Connection db = databases.controlConnection();
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static int count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from public.snapshot_probe")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
