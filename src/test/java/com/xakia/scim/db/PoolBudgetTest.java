package com.xakia.scim.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import javax.sql.DataSource;

import com.xakia.scim.config.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every pool of the process together stays within XAKIA_DB_MAX_CONNECTIONS. Locations' "own servers"
 * are the same real PostgreSQL reached through distinct URLs, so each is a pool of its own.
 */
class PoolBudgetTest {

    static EmbeddedPostgres postgres;
    Databases databases;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void start() {
        // 8 in total: 6 for the shared server, one own-server pool of 2
        databases = new Databases(new Settings(0, 0, "http://localhost", Path.of("."), Path.of("."), url("control"), "postgres", "",
                8, 5000, 60, "", 1000, 1000, 1 << 20));
        databases.start();
    }

    @AfterEach
    void stop() {
        databases.stop();
    }

    @Test
    void the_budget_leaves_a_quarter_to_own_servers_two_connections_each() {
        assertThat(new PoolBudget(64).sharedPoolSize()).isEqualTo(48);
        assertThat(new PoolBudget(64).ownServerPools()).isEqualTo(8);
        assertThat(new PoolBudget(8).sharedPoolSize() + new PoolBudget(8).ownServerPools() * 2).isEqualTo(8);
    }

    @Test
    void a_new_own_server_closes_the_least_recently_used_idle_pool() throws Exception {
        DataSource first = databases.pool(server("first"));
        use(first);
        DataSource second = databases.pool(server("second"));
        use(second);

        assertThat(databases.ownPools()).isEqualTo(1);
        assertThatThrownBy(() -> first.getConnection()).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        use(databases.pool(server("first"))); // asked again, it gets a new pool
        assertThat(applicationConnections()).isLessThanOrEqualTo(8);
    }

    @Test
    void while_every_own_server_pool_is_busy_another_server_is_refused_not_over_budget() throws Exception {
        try (Connection busy = databases.pool(server("busy")).getConnection()) {
            assertThatThrownBy(() -> databases.pool(server("other")).getConnection())
                    .isInstanceOf(SQLTransientConnectionException.class);
            assertThat(busy.isValid(1)).isTrue();
        }
        use(databases.pool(server("other")));
    }

    @Test
    void idle_own_server_pools_are_closed_and_the_shared_pool_is_kept() throws Exception {
        use(databases.control());
        use(databases.pool(server("idle")));
        assertThat(databases.closeIdlePools(Duration.ofHours(1))).isZero();
        assertThat(databases.closeIdlePools(Duration.ZERO)).isEqualTo(1);
        assertThat(databases.ownPools()).isZero();
        use(databases.control());
    }

    private static String url(String applicationName) {
        return postgres.getJdbcUrl("postgres", "postgres") + "&ApplicationName=xakia-test-" + applicationName;
    }

    private static Databases.Connection server(String name) {
        return new Databases.Connection(url(name), "postgres", "");
    }

    private static void use(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("select 1")) {
            rs.next();
        }
    }

    private static int applicationConnections() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from pg_stat_activity where application_name like 'xakia-test-%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
