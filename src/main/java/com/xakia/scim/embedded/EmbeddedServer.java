package com.xakia.scim.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the service runs when XAKIA_DB_URL is not set, configured like a production server
 * whatever any library's defaults: every commit flushed before it is acknowledged (fsync,
 * synchronous_commit, full_page_writes), SCRAM passwords only (no trust), TCP on 127.0.0.1 only and no
 * Unix socket, binaries and data readable only by the service's user. The settings are given on the
 * command line, which ALTER SYSTEM and postgresql.conf cannot override.
 */
public final class EmbeddedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    static final String SUPERUSER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final PgPrograms pg;
    private final Path cluster;
    private final String password;
    private final int port;
    private boolean stopped;

    private EmbeddedServer(PgPrograms pg, Path cluster, String password, int port) {
        this.pg = pg;
        this.cluster = cluster;
        this.password = password;
        this.port = port;
    }

    /**
     * Starts the server of {@code folder} (which this process must hold, see {@link DataFolder#lock()}):
     * unpacks the binaries into {@code binariesFolder} on first use, creates the cluster on first start, and
     * stops a server left running by a process that died (nothing else can be using it while we hold the folder).
     */
    public static EmbeddedServer start(DataFolder folder, Path binariesFolder) throws IOException {
        long started = System.nanoTime();
        PostgresBinaries binaries = PostgresBinaries.bundled();
        Restore.finishInterrupted(folder);
        Path cluster = folder.cluster();
        requireVersion(cluster, binaries);
        PgPrograms pg = new PgPrograms(binaries.installIn(binariesFolder), folder.root().resolve("xakia.lock"));
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            initdb(pg, folder);
        } else if (!folder.hasPassword()) {
            // a folder written before the server required passwords (or one whose db-password was deleted)
            setPassword(pg, cluster, folder.password());
            LOG.warn("The embedded PostgreSQL had no password; a new one is in {}", folder.passwordFile());
        }
        stopLeftOver(pg, cluster);
        EmbeddedServer server = startCluster(pg, cluster, folder.password(), folder.root().resolve("postgres.log"));
        LOG.info("Embedded PostgreSQL {} started on 127.0.0.1:{} in {} ms (data in {}, password in {})", binaries.version(),
                server.port, (System.nanoTime() - started) / 1_000_000, cluster, folder.passwordFile());
        return server;
    }

    /** A data folder written by another PostgreSQL major version is refused before anything touches it. */
    static void requireVersion(Path cluster, PostgresBinaries binaries) throws IOException {
        Path versionFile = cluster.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String written = Files.readString(versionFile, StandardCharsets.US_ASCII).trim();
        if (!written.equals(String.valueOf(binaries.major()))) {
            throw new DataFolderRefused("The embedded database in " + cluster + " was written by PostgreSQL " + written
                    + ", but this xakia-scim runs PostgreSQL " + binaries.version() + ", which cannot read it. Nothing was"
                    + " changed. To keep the data: run the xakia-scim release that wrote it, export the database with"
                    + " pg_dumpall (PostgreSQL " + written + " or newer) against its embedded server, then load that"
                    + " into this release's server with psql. Or start this release with a new XAKIA_DATA_DIR.");
        }
    }

    /** Thrown when a data folder must not be started; its message tells the operator what to do. */
    public static final class DataFolderRefused extends IllegalStateException {
        DataFolderRefused(String message) {
            super(message);
        }
    }

    private static void initdb(PgPrograms pg, DataFolder folder) throws IOException {
        Path cluster = folder.cluster();
        Path creating = cluster.resolveSibling(cluster.getFileName() + ".initdb");
        if (Files.exists(creating)) {
            PathUtils.deleteDirectory(creating);
        }
        folder.password();
        // builtin C.UTF-8: the same sort order and case mapping on every platform, whatever the OS locales
        PgPrograms.Result result = pg.run(START_TIMEOUT, "initdb", List.of("-D", creating.toString(), "-U", SUPERUSER,
                "--auth=scram-sha-256", "--pwfile=" + folder.passwordFile(), "--encoding=UTF8", "--locale=C",
                "--locale-provider=builtin", "--builtin-locale=C.UTF-8"));
        if (!result.ok()) {
            throw new IOException("initdb failed: " + result.output());
        }
        Files.move(creating, cluster);
        PrivateFiles.flushFolder(folder.root());
    }

    /** Sets the superuser's password with the server stopped (single-user mode: nothing listens meanwhile). */
    private static void setPassword(PgPrograms pg, Path cluster, String password) throws IOException {
        stopLeftOver(pg, cluster);
        PgPrograms.Result result = pg.run(START_TIMEOUT, "postgres",
                List.of("--single", "-D", cluster.toString(), "-c", "password_encryption=scram-sha-256", "postgres"),
                "ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "';\n");
        if (!result.ok() || result.output().contains("ERROR")) {
            throw new IOException("could not set the embedded server's password: " + result.output());
        }
    }

    /** Stops a server still running on {@code cluster} (its service was killed); the caller holds the folder. */
    static void stopLeftOver(PgPrograms pg, Path cluster) throws IOException {
        if (running(pg, cluster)) {
            LOG.warn("An embedded PostgreSQL was still running on {} (its service did not stop); stopping it", cluster);
            stop(pg, cluster);
        }
    }

    private static boolean running(PgPrograms pg, Path cluster) throws IOException {
        if (!Files.exists(cluster.resolve("postmaster.pid"))) {
            return false; // what pg_ctl status looks at first: a clean stop removes it; saves a process at every start
        }
        return pg.run(Duration.ofSeconds(30), "pg_ctl", List.of("-D", cluster.toString(), "status")).ok();
    }

    /** Starts {@code cluster} on a free loopback port with the production settings, and waits until it answers. */
    static EmbeddedServer startCluster(PgPrograms pg, Path cluster, String password, Path log) throws IOException {
        PrivateFiles.write(cluster.resolve("pg_hba.conf"), String.join("\n",
                "# Written by xakia-scim at every start: SCRAM password logins over 127.0.0.1, nothing else.",
                "host  all  all  127.0.0.1/32  scram-sha-256", "").getBytes(StandardCharsets.US_ASCII));
        PrivateFiles.emptyFile(log);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freeLoopbackPort();
            PgPrograms.Result result = pg.run(START_TIMEOUT.plusSeconds(10), "pg_ctl", List.of("-D", cluster.toString(),
                    "-l", log.toString(), "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()),
                    "-o", String.join(" ", options(port)), "start"));
            if (result.ok()) {
                EmbeddedServer server = new EmbeddedServer(pg, cluster, password, port);
                server.awaitLogin();
                return server;
            }
            last = new IOException("the embedded PostgreSQL did not start: " + result.output() + " (see " + log
                    + " and " + cluster.resolve("log") + ")");
            if (running(pg, cluster)) {
                break; // it runs, but did not become ready in time: not a port clash
            }
        }
        throw last;
    }

    /** The server's settings: on the command line, so neither postgresql.conf nor ALTER SYSTEM can weaken them. */
    static List<String> options(int port) {
        List<String> options = new ArrayList<>(List.of(
                "-c port=" + port,
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=''",
                "-c password_encryption=scram-sha-256",
                "-c fsync=on",
                "-c synchronous_commit=on",
                "-c full_page_writes=on",
                "-c max_connections=300",
                "-c timezone=UTC",
                // a week of logs in PGDATA/log (0600), one file per weekday, rewritten on rotation
                "-c logging_collector=on",
                "-c log_filename=postgresql-%a.log",
                "-c log_truncate_on_rotation=on",
                "-c log_rotation_age=1d"));
        if (PostgresBinaries.currentPlatform().startsWith("darwin")) {
            // macOS's fsync leaves data in the drive's cache; this is the setting that reaches the platter
            options.add("-c wal_sync_method=fsync_writethrough");
        }
        return options;
    }

    private void awaitLogin() throws IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), SUPERUSER, password)) {
            c.createStatement().execute("SELECT 1");
        } catch (SQLException e) {
            throw new IOException("the embedded PostgreSQL started but refused the service's login: " + e.getMessage(), e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** The port of the server running on {@code cluster}, from its postmaster.pid, if one runs. */
    static OptionalInt runningPort(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return OptionalInt.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.size() < 4 || !ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        if (!stopped) {
            stopped = true;
            stop(pg, cluster);
        }
    }

    /** A fast shutdown: open transactions roll back, everything committed is already on disk. */
    private static void stop(PgPrograms pg, Path cluster) throws IOException {
        PgPrograms.Result result = pg.run(Duration.ofSeconds(90), "pg_ctl",
                List.of("-D", cluster.toString(), "stop", "-m", "fast", "-w", "-t", "60"));
        if (!result.ok()) {
            throw new IOException("the embedded PostgreSQL did not stop: " + result.output());
        }
    }
}
