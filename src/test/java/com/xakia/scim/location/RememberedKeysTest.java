package com.xakia.scim.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.xakia.scim.db.Databases;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys remembered between requests, against the real control database: kept while the listener's heartbeat
 * comes back, forgotten at a change made anywhere, never kept when read across a change, never used when
 * nothing listens.
 */
class RememberedKeysTest {

    static final RunningApp APP = RunningApp.shared();
    RememberedKeys remembered;
    final AtomicInteger reads = new AtomicInteger();

    static Databases.Connection control() {
        return APP.context().getRegistry().lookupByNameAndType("databases", Databases.class).controlConnection();
    }

    @BeforeEach
    void listening() {
        remembered = new RememberedKeys(control(), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> remembered.current(System.nanoTime()));
    }

    @AfterEach
    void close() {
        remembered.close();
    }

    Optional<String> find(String kind, String id) throws SQLException {
        return remembered.find(kind, id, value -> !value.equals("refused"), () -> {
            reads.incrementAndGet();
            return Optional.of("owner " + id);
        });
    }

    static void notify(String payload) throws SQLException {
        Databases.Connection db = control();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("select pg_notify('" + RememberedKeys.CHANNEL + "', '" + payload + "')");
        }
    }

    @Test
    void an_owner_is_read_once_while_the_heartbeat_comes_back() throws SQLException {
        for (int i = 0; i < 20; i++) {
            assertThat(find("location", "a1")).contains("owner a1");
        }
        assertThat(reads).hasValue(1);
        find("organization", "a1"); // another kind of owner with the same id is another entry
        assertThat(reads).hasValue(2);
    }

    @Test
    void a_change_notified_by_another_session_is_forgotten_within_a_second() throws SQLException {
        find("location", "b1");
        find("location", "b2");
        long sent = System.nanoTime();
        notify("b1");
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> {
            int before = reads.get();
            find("location", "b1");
            return reads.get() > before;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
        int before = reads.get();
        find("location", "b2"); // another owner stays remembered
        assertThat(reads).hasValue(before);
    }

    @Test
    void the_trigger_notifies_a_key_change_written_by_plain_sql() throws Exception {
        TestLocation loc = new Admin(APP).location("Remembered");
        find("location", loc.id());
        Databases.Connection db = control();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.executeUpdate("update control.scim_key set revoked_at = now() where location_id = '" + loc.id()
                    + "' and revoked_at is null"); // as another instance, or an operator, would
        }
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> {
            int before = reads.get();
            find("location", loc.id());
            return reads.get() > before;
        });
    }

    @Test
    void a_change_by_this_process_is_forgotten_at_once_and_a_read_across_a_change_is_not_kept() throws SQLException {
        find("location", "c1");
        remembered.changed("c1");
        find("location", "c1");
        assertThat(reads).hasValue(2);

        remembered.find("location", "c2", v -> true, () -> {
            reads.incrementAndGet();
            remembered.changed("other"); // a change committed while this read ran: what it read may be stale
            return Optional.of("stale?");
        });
        int before = reads.get();
        find("location", "c2");
        assertThat(reads).hasValue(before + 1);
    }

    @Test
    void a_remembered_owner_that_refuses_the_request_is_read_again() throws SQLException {
        remembered.find("location", "d1", v -> true, () -> Optional.of("refused"));
        find("location", "d1"); // "refused" does not admit: a key issued elsewhere must work at once
        assertThat(reads).hasValue(1);
    }

    @Test
    void nothing_is_remembered_without_a_listener() throws SQLException {
        Databases.Connection db = control();
        try (RememberedKeys unreachable = new RememberedKeys(
                new Databases.Connection("jdbc:postgresql://127.0.0.1:1/postgres", db.user(), db.password()), true);
             RememberedKeys off = new RememberedKeys(db, false)) {
            for (RememberedKeys keys : new RememberedKeys[] {unreachable, off}) {
                for (int i = 0; i < 3; i++) {
                    keys.find("location", "e1", v -> true, () -> {
                        reads.incrementAndGet();
                        return Optional.of("x");
                    });
                }
            }
        }
        assertThat(reads).hasValue(6);
    }
}
