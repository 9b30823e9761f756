package com.xakia.scim.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.xakia.scim.scim.ScimError;
import com.xakia.scim.support.RunningApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL's own failures become for a SCIM client, from failures a real server raises: a deadlock
 * (two writers taking the same two rows in opposite orders, as two people swapping userNames do) is a 503
 * to retry after a second — PostgreSQL rolled that request back whole — never a 500.
 */
class DatabaseFailuresTest {

    static EmbeddedPostgres server;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedPostgres.builder().setDataDirectory(RunningApp.tempDir().resolve("failures")).start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table pair (id int primary key, name text)");
            s.execute("insert into pair values (1, 'a'), (2, 'b')");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void a_deadlock_is_a_503_with_retry_after_never_a_500() throws Exception {
        SQLException deadlock = deadlock();
        assertThat(deadlock.getSQLState()).isEqualTo("40P01");

        ScimError error = ScimResponses.asScimError(new RuntimeException("wrapped", deadlock), "req-deadlock");
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.retryAfterSeconds()).isEqualTo(1);
        assertThat(error.detail()).contains("nothing was changed").doesNotContain("deadlock").doesNotContain("pair");
    }

    /** Two transactions, each holding one row and then asking for the other's: PostgreSQL aborts one. */
    private static SQLException deadlock() throws Exception {
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        CompletableFuture<SQLException> first = CompletableFuture.supplyAsync(() -> swap(1, 2, bothHoldOne));
        CompletableFuture<SQLException> second = CompletableFuture.supplyAsync(() -> swap(2, 1, bothHoldOne));
        SQLException a = first.get(30, TimeUnit.SECONDS);
        SQLException b = second.get(30, TimeUnit.SECONDS);
        assertThat(a == null ^ b == null).as("exactly one of the two is rolled back: %s / %s", a, b).isTrue();
        return a != null ? a : b;
    }

    private static SQLException swap(int mine, int theirs, CountDownLatch bothHoldOne) {
        try (Connection c = server.getPostgresDatabase().getConnection();
             PreparedStatement touch = c.prepareStatement("update pair set name = name || '.' where id = ?")) {
            c.setAutoCommit(false);
            touch.setInt(1, mine);
            touch.executeUpdate();
            bothHoldOne.countDown();
            bothHoldOne.await(10, TimeUnit.SECONDS);
            try {
                touch.setInt(1, theirs);
                touch.executeUpdate();
                c.commit();
                return null;
            } catch (SQLException e) {
                c.rollback();
                return e;
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
