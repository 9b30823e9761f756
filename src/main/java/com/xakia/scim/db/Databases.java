package com.xakia.scim.db;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.xakia.scim.config.Settings;
import com.xakia.scim.embedded.DataFolder;
import com.xakia.scim.embedded.EmbeddedServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL servers this process talks to: the control server (embedded by default, or XAKIA_DB_URL)
 * and any server a location was placed on. One bounded pool per (url, user), so many locations whose
 * schemas share a database share one pool. All pools together stay within XAKIA_DB_MAX_CONNECTIONS
 * ({@link PoolBudget}): however many servers locations live on, the process never holds more.
 */
public final class Databases extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

    private final Settings settings;
    private final Map<ServerKey, CircuitBreakingDataSource> pools = new ConcurrentHashMap<>();
    private final Map<ServerKey, Long> lastUsed = new ConcurrentHashMap<>();
    private volatile MeterRegistry meters;
    private final PoolBudget budget;
    private ScheduledExecutorService sweeper;

    /** A location's own server whose pool was unused this long gets its connections back to the budget. */
    static final Duration IDLE_POOL_LIFETIME = Duration.ofMinutes(5);
    private DataFolder dataFolder;
    private EmbeddedServer embedded;
    private Connection control;
    private CompletableFuture<Void> embeddedStart;

    /** Where a pool connects. The password is part of how to connect, not of the pool's identity. */
    public record Connection(String url, String user, String password) {

        /** The URL without its parameters, which may carry a password (?password=…): what logs and admins see. */
        public String shownUrl() {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }

        @Override
        public String toString() {
            return "Connection[" + shownUrl() + ", user=" + user + "]";
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
        this.budget = new PoolBudget(settings.dbMaxConnections());
    }

    /** Every pool, those already open included, reports its usage to {@code meters} (hikaricp_connections_*). */
    public synchronized void reportPoolsTo(MeterRegistry meters) {
        this.meters = meters;
        for (CircuitBreakingDataSource pool : pools.values()) {
            HikariDataSource hikari = (HikariDataSource) pool.pool();
            if (hikari.getMetricRegistry() == null) {
                hikari.setMetricRegistry(meters); // Hikari takes it once, also after its pool started
            }
        }
    }

    /**
     * Begins starting the embedded server on a thread of its own; {@link #start()} waits for it. PostgreSQL's
     * start (0.7 s, mostly waiting for the postmaster) then overlaps what Camel does before the first query.
     * Without this call start() does it all. Nothing to do with XAKIA_DB_URL.
     */
    public synchronized void startEmbeddedEarly() {
        if (!settings.embeddedDatabase() || embeddedStart != null) {
            return;
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                startEmbedded();
                started.complete(null);
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "xakia-embedded-start");
        starter.setDaemon(true);
        embeddedStart = started;
        starter.start();
    }

    @Override
    protected void doStart() throws IOException {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xakia-idle-pools");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(() -> closeIdlePools(IDLE_POOL_LIFETIME), 1, 1, TimeUnit.MINUTES);
        if (settings.embeddedDatabase()) {
            CompletableFuture<Void> early;
            synchronized (this) {
                early = embeddedStart;
            }
            if (early == null) {
                startEmbedded();
            } else {
                awaitEarlyStart(early);
            }
        } else {
            control = new Connection(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        }
    }

    private void startEmbedded() throws IOException {
        dataFolder = DataFolder.open(settings.dataDir()).lock();
        embedded = EmbeddedServer.start(dataFolder, settings.embeddedBinariesDir());
        control = new Connection(embedded.jdbcUrl(), embedded.user(), embedded.password());
        // The control pool's first connection, opened here (on the early thread, while Camel loads its routes):
        // a SCRAM login computes 4,096 PBKDF2 rounds, which not yet compiled took the first query 170 ms.
        try {
            pool(control).getConnection().close();
        } catch (SQLException e) {
            LOG.warn("The control pool's first connection failed; the first query will retry: {}", e.getMessage());
        }
    }

    /** Waits for {@link #startEmbeddedEarly()}; its failure is thrown as if start() had failed itself. */
    private static void awaitEarlyStart(CompletableFuture<Void> early) throws IOException {
        try {
            early.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the embedded PostgreSQL started", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime; // DataFolderRefused among them: Application turns it into exit status 78
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    protected void doStop() throws IOException {
        CompletableFuture<Void> early;
        synchronized (this) {
            early = embeddedStart;
            embeddedStart = null;
        }
        if (early != null) {
            early.handle((ok, failed) -> null).join(); // stop what it started, not half of it
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        pools.values().forEach(p -> ((HikariDataSource) p.pool()).close());
        pools.clear();
        lastUsed.clear();
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
        if (dataFolder != null) {
            dataFolder.close();
            dataFolder = null;
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
        ServerKey key = new ServerKey(c.url(), c.user());
        CircuitBreakingDataSource pool = pools.get(key);
        if (pool == null) {
            pool = openPool(key, c);
            if (pool == null) {
                return PoolBudget.REFUSING;
            }
        }
        if (!c.equals(control)) {
            lastUsed.put(key, System.nanoTime());
        }
        return pool;
    }

    /**
     * Opens the pool of a server not yet in use. A location's own server beyond the budget first closes
     * the least recently used own-server pool that has no connection in use; when every one is busy
     * the location gets no connection now (a transient error, answered 503) rather than the process
     * going over its connection budget.
     */
    private synchronized CircuitBreakingDataSource openPool(ServerKey key, Connection c) {
        CircuitBreakingDataSource existing = pools.get(key);
        if (existing != null) {
            return existing;
        }
        boolean own = !c.equals(control);
        if (own && ownPools() >= budget.ownServerPools()) {
            ServerKey victim = lastUsed.entrySet().stream()
                    .filter(e -> pools.containsKey(e.getKey()) && idle(pools.get(e.getKey())))
                    .min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            if (victim == null) {
                return null;
            }
            close(victim);
        }
        HikariDataSource pool = newPool(c, own ? budget.ownServerPoolSize() : budget.sharedPoolSize());
        CircuitBreakingDataSource breaking = new CircuitBreakingDataSource(pool, pool.getPoolName());
        pools.put(key, breaking);
        return breaking;
    }

    /** Closes the pools of locations' own servers unused for {@code idleFor}; called periodically. */
    public synchronized int closeIdlePools(Duration idleFor) {
        long now = System.nanoTime();
        List<ServerKey> idle = lastUsed.entrySet().stream()
                .filter(e -> now - e.getValue() >= idleFor.toNanos() && pools.containsKey(e.getKey())
                        && idle(pools.get(e.getKey())))
                .map(Map.Entry::getKey).toList();
        idle.forEach(this::close);
        return idle.size();
    }

    /** Pools open to locations' own servers (the control server's pool is not counted). */
    public int ownPools() {
        return (int) pools.keySet().stream().filter(k -> lastUsed.containsKey(k)).count();
    }

    private void close(ServerKey key) {
        CircuitBreakingDataSource pool = pools.remove(key);
        lastUsed.remove(key);
        if (pool != null) {
            LOG.info("Closing the idle pool {}", pool.pool() instanceof HikariDataSource h ? h.getPoolName() : "");
            ((HikariDataSource) pool.pool()).close();
        }
    }

    private static boolean idle(CircuitBreakingDataSource pool) {
        HikariPoolMXBean bean = ((HikariDataSource) pool.pool()).getHikariPoolMXBean();
        return bean == null || bean.getActiveConnections() == 0;
    }

    private int poolNumber;

    /** Longer than any transaction of ours waits between two statements (a list's exported snapshot included). */
    static final int IDLE_IN_TRANSACTION_MS = 60_000;

    private HikariDataSource newPool(Connection c, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("xakia-" + ++poolNumber);
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
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        // A location whose server is down must fail fast, not hold a request for Hikari's default 30 s.
        config.setConnectionTimeout(3_000);
        config.setInitializationFailTimeout(-1);
        // Every statement on every server is bounded: a heavy query is cancelled (57014, answered 503) instead
        // of holding a connection. A startup option of the connection, so it costs no round trip and holds on
        // any server; a migration that may run longer starts with SET LOCAL statement_timeout = 0.
        // A transaction left open (its connection's holder stuck on another server, say) is ended by the server
        // and its locks released: an organization's write holds the person's index row while it writes a
        // location on a server of its own.
        String options = "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_MS;
        if (settings.dbStatementTimeoutMs() > 0) {
            options += " -c statement_timeout=" + settings.dbStatementTimeoutMs();
        }
        config.addDataSourceProperty("options", options);
        // statement_timeout is the server's own clock: a server that stopped answering is noticed only here.
        if (settings.dbSocketTimeoutSeconds() > 0) {
            config.addDataSourceProperty("socketTimeout", String.valueOf(settings.dbSocketTimeoutSeconds()));
        }
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }
}
