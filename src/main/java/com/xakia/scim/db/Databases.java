package com.xakia.scim.db;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.xakia.scim.Settings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL servers this process talks to: the control server (embedded by default, or XAKIA_DB_URL)
 * and any server a location was placed on. One bounded pool per (url, user), so many locations whose
 * schemas share a database share one pool.
 */
public final class Databases extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

    private final Settings settings;
    private final Map<ServerKey, CircuitBreakingDataSource> pools = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private EmbeddedPostgres embedded;
    private Connection control;

    /** Where a pool connects. The password is part of how to connect, not of the pool's identity. */
    public record Connection(String url, String user, String password) {
        @Override
        public String toString() {
            return "Connection[" + url + ", user=" + user + "]";
        }
    }

    private record ServerKey(String url, String user) {}

    public Databases(Settings settings) {
        this(settings, null);
    }

    /** With {@code meters}, every pool reports its usage (hikaricp_connections_*). */
    public Databases(Settings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
    }

    @Override
    protected void doStart() throws IOException {
        if (settings.embeddedDatabase()) {
            Files.createDirectories(settings.dataDir());
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(settings.dataDir().resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300")
                    .start();
            control = new Connection(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "");
            LOG.info("Embedded PostgreSQL started on port {} with data in {}", embedded.getPort(),
                    settings.dataDir().resolve("postgres"));
        } else {
            control = new Connection(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        }
    }

    @Override
    protected void doStop() throws IOException {
        pools.values().forEach(p -> ((HikariDataSource) p.pool()).close());
        pools.clear();
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }

    /** The control server: locations, keys, admin token; also the default home of location schemas. */
    public Connection controlConnection() {
        return control;
    }

    public DataSource control() {
        return pool(control);
    }

    public DataSource pool(Connection c) {
        return pools.computeIfAbsent(new ServerKey(c.url(), c.user()), k -> {
            HikariDataSource pool = newPool(c);
            return new CircuitBreakingDataSource(pool, pool.getPoolName());
        });
    }

    private HikariDataSource newPool(Connection c) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("xakia-" + (pools.size() + 1));
        if (meters != null) {
            config.setMetricRegistry(meters);
        }
        config.setJdbcUrl(c.url());
        if (!c.user().isBlank()) {
            config.setUsername(c.user());
        }
        if (!c.password().isBlank()) {
            config.setPassword(c.password());
        }
        // The shared server gets the connection budget; a location on a server of its own gets a small pool.
        config.setMaximumPoolSize(c.equals(control) ? settings.dbMaxConnections() : 4);
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        // A location whose server is down must fail fast, not hold a request for Hikari's default 30 s.
        config.setConnectionTimeout(3_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
