package com.xakia.scim.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An online backup of the embedded server while the service runs, by PostgreSQL's own base-backup protocol
 * (the bundled binaries carry no pg_basebackup or pg_dump): a temporary replication slot keeps the WAL,
 * {@code pg_backup_start} marks the checkpoint recovery will start from, the cluster's files are copied
 * (pages may change meanwhile; full_page_writes and the WAL repair them), {@code pg_backup_stop} returns the
 * backup label and switches the WAL segment, and the WAL from start to stop is copied. Restored, PostgreSQL's
 * recovery replays exactly that WAL: the backup is consistent as of the moment {@code pg_backup_stop} ran.
 */
public final class Backup {

    /** The manifest that makes a folder a backup; written last, so a half-written backup is never taken for one. */
    static final String MANIFEST = "xakia-backup.properties";
    static final String FORMAT = "xakia-scim-base-backup-1";

    /** What a base backup leaves out (as pg_basebackup does): runtime state PostgreSQL recreates at start. */
    private static final Set<String> EMPTY_FOLDERS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans", "log");
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "pg_internal.init", "backup_label.old");
    private static final Pattern WAL_SEGMENT = Pattern.compile("[0-9A-F]{24}");

    private Backup() {}

    /** Backs the embedded server of {@code folder} up into {@code target} (absent or empty); returns what it wrote. */
    public static String run(DataFolder folder, Path binariesFolder, Path target) throws IOException, SQLException {
        if (Files.exists(target) && (!Files.isDirectory(target) || hasFiles(target))) {
            throw new IllegalArgumentException(target + " is not empty: a backup goes into a new or empty folder");
        }
        long started = System.nanoTime();
        OptionalInt port = EmbeddedServer.runningPort(folder.cluster());
        if (port.isPresent()) {
            return backUp(folder, "jdbc:postgresql://127.0.0.1:" + port.getAsInt() + "/postgres", target, started);
        }
        // the service is stopped: start the server for the backup alone (holding the folder, so it cannot start meanwhile)
        if (!folder.tryLock()) {
            throw new IllegalStateException("xakia-scim is starting or stopping on " + folder.root() + "; try again");
        }
        try (EmbeddedServer server = EmbeddedServer.start(folder, binariesFolder)) {
            return backUp(folder, server.jdbcUrl(), target, started);
        }
    }

    private static String backUp(DataFolder folder, String url, Path target, long started) throws IOException, SQLException {
        Path data = PrivateFiles.folder(target).resolve("data");
        Path cluster = folder.cluster();
        try (Connection c = DriverManager.getConnection(url, EmbeddedServer.SUPERUSER, folder.password())) {
            // temporary: dropped with this session, so a backup that dies holds no WAL back
            query(c, "SELECT pg_create_physical_replication_slot(?, true, true)", "xakia_backup_" + ProcessHandle.current().pid());
            String startLsn = query(c, "SELECT pg_backup_start(?, true)::text", "xakia-scim " + Instant.now());
            String firstSegment = query(c, "SELECT pg_walfile_name(?::pg_lsn)", startLsn);
            int files = copyCluster(cluster, data);
            String stopLsn;
            try (PreparedStatement stop = c.prepareStatement("SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)");
                 ResultSet rs = stop.executeQuery()) {
                rs.next();
                stopLsn = rs.getString(1);
                PrivateFiles.write(data.resolve("backup_label"), rs.getString(2).getBytes(StandardCharsets.UTF_8));
                if (!rs.getString(3).isEmpty()) {
                    PrivateFiles.write(data.resolve("tablespace_map"), rs.getString(3).getBytes(StandardCharsets.UTF_8));
                }
            }
            String lastSegment = query(c, "SELECT pg_walfile_name(?::pg_lsn)", stopLsn);
            int segments = copyWal(cluster.resolve("pg_wal"), data.resolve("pg_wal"), firstSegment, lastSegment);
            PrivateFiles.write(target.resolve("db-password"), Files.readAllBytes(folder.passwordFile()));
            Properties manifest = new Properties();
            manifest.setProperty("format", FORMAT);
            manifest.setProperty("postgresql", PostgresBinaries.bundledVersion());
            manifest.setProperty("created", Instant.now().toString());
            manifest.setProperty("start-lsn", startLsn);
            manifest.setProperty("stop-lsn", stopLsn);
            java.io.StringWriter text = new java.io.StringWriter();
            manifest.store(text, "xakia-scim backup of " + cluster);
            PrivateFiles.write(target.resolve(MANIFEST), text.toString().getBytes(StandardCharsets.ISO_8859_1));
            return "Backup of " + cluster + " written to " + target + ": " + files + " files and " + segments
                    + " WAL segments (" + startLsn + " to " + stopLsn + ") in " + (System.nanoTime() - started) / 1_000_000 + " ms";
        }
    }

    private static String query(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Copies the cluster without its runtime state; files that vanish meanwhile (a dropped table) are skipped. */
    static int copyCluster(Path cluster, Path data) throws IOException {
        int files = PrivateFiles.copyTree(cluster, data, EMPTY_FOLDERS,
                name -> SKIPPED_FILES.contains(name) || name.startsWith("pgsql_tmp"));
        PrivateFiles.folder(data.resolve("pg_wal").resolve("archive_status"));
        return files;
    }

    private static int copyWal(Path from, Path to, String first, String last) throws IOException {
        List<Path> wal;
        try (var listing = Files.list(from)) {
            wal = listing.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".history") || (WAL_SEGMENT.matcher(name).matches()
                        && name.compareTo(first) >= 0 && name.compareTo(last) <= 0);
            }).sorted().toList();
        }
        for (Path segment : wal) {
            PrivateFiles.copy(segment, to.resolve(segment.getFileName().toString()));
        }
        return (int) wal.stream().filter(p -> !p.getFileName().toString().endsWith(".history")).count();
    }

    private static boolean hasFiles(Path folder) throws IOException {
        try (var listing = Files.list(folder)) {
            return listing.findAny().isPresent();
        }
    }
}
