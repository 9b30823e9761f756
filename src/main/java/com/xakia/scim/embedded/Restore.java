package com.xakia.scim.embedded;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;

import org.apache.commons.io.file.PathUtils;

/**
 * Makes the data folder hold exactly a backup written by {@link Backup}, with the service stopped. The
 * backup is copied beside the current cluster and recovered there first (PostgreSQL replays its WAL up to
 * the backup's end); only a backup that recovered replaces the cluster, which is kept as
 * {@code postgres.before-restore}. Anything refused or failed before that leaves the folder as it was.
 */
public final class Restore {

    private Restore() {}

    public static String run(DataFolder folder, Path binariesFolder, Path backup) throws IOException {
        Properties manifest = readBackup(backup);
        if (!folder.tryLock()) {
            throw new IllegalStateException("xakia-scim is running on " + folder.root()
                    + ": stop it first, then restore. Nothing was changed.");
        }
        PostgresBinaries binaries = PostgresBinaries.bundled();
        PgPrograms pg = new PgPrograms(binaries.installIn(binariesFolder), folder.root().resolve("xakia.lock"));
        finishInterrupted(folder);
        EmbeddedServer.stopLeftOver(pg, folder.cluster());

        Path restoring = restoring(folder);
        Path password = folder.root().resolve("db-password.restoring");
        if (Files.exists(restoring)) {
            PathUtils.deleteDirectory(restoring);
        }
        PrivateFiles.copyTree(backup.resolve("data"), restoring, Set.of(), name -> false);
        PrivateFiles.copy(backup.resolve("db-password"), password);
        try (EmbeddedServer recovered = EmbeddedServer.startCluster(pg, restoring,
                Files.readString(password, StandardCharsets.US_ASCII).trim(), folder.root().resolve("postgres.log"))) {
            // started and accepted the backup's password: recovery reached the end of the backup
        } catch (IOException | RuntimeException e) {
            PathUtils.deleteDirectory(restoring);
            Files.deleteIfExists(password);
            throw new IOException("the backup in " + backup + " did not recover: " + e.getMessage()
                    + ". Nothing was changed.", e);
        }
        PrivateFiles.write(pending(folder), Instant.now().toString().getBytes(StandardCharsets.US_ASCII));
        finishInterrupted(folder);
        return "Restored the backup of " + manifest.getProperty("created") + " (PostgreSQL " + manifest.getProperty("postgresql")
                + ") into " + folder.cluster() + "; the data it replaced is in " + beforeRestore(folder)
                + " (delete it once the restored service looks right). Start xakia-scim to serve it.";
    }

    /** What makes {@code backup} a backup this release can restore; anything else is refused before any change. */
    static Properties readBackup(Path backup) throws IOException {
        Path manifestFile = backup.resolve(Backup.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException(backup + " is not a xakia-scim backup (it has no " + Backup.MANIFEST
                    + "; a backup is written by `java -jar xakia-scim.jar backup DIR`). Nothing was changed.");
        }
        Properties manifest = new Properties();
        try (Reader in = Files.newBufferedReader(manifestFile, StandardCharsets.ISO_8859_1)) {
            manifest.load(in);
        }
        if (!Backup.FORMAT.equals(manifest.getProperty("format"))) {
            throw new IllegalArgumentException(backup + " is not a backup this release can read (format "
                    + manifest.getProperty("format") + "). Nothing was changed.");
        }
        String written = manifest.getProperty("postgresql", "");
        String bundled = PostgresBinaries.bundledVersion();
        if (!written.startsWith(bundled.substring(0, bundled.indexOf('.') + 1))) {
            throw new IllegalArgumentException(backup + " holds PostgreSQL " + written + " data, and this release runs "
                    + bundled + ". Nothing was changed.");
        }
        for (String required : new String[] {"data/PG_VERSION", "data/backup_label", "data/global/pg_control", "db-password"}) {
            if (!Files.isRegularFile(backup.resolve(required))) {
                throw new IllegalArgumentException(backup + " is an incomplete backup (" + required + " is missing)."
                        + " Nothing was changed.");
            }
        }
        return manifest;
    }

    /**
     * Completes a restore that was interrupted between its renames (called at every start): once the
     * recovered copy is in place the restore is decided, so it is rolled forward, never half-applied.
     */
    static void finishInterrupted(DataFolder folder) throws IOException {
        Path marker = pending(folder);
        if (!Files.exists(marker)) {
            return;
        }
        Path restoring = restoring(folder);
        if (Files.exists(restoring)) {
            if (Files.exists(folder.cluster())) {
                if (Files.exists(beforeRestore(folder))) {
                    PathUtils.deleteDirectory(beforeRestore(folder));
                }
                Files.move(folder.cluster(), beforeRestore(folder));
            }
            Files.move(restoring, folder.cluster());
        }
        Path password = folder.root().resolve("db-password.restoring");
        if (Files.exists(password)) {
            Files.move(password, folder.passwordFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        PrivateFiles.flushFolder(folder.root());
        Files.delete(marker);
        PrivateFiles.flushFolder(folder.root());
    }

    private static Path restoring(DataFolder folder) {
        return folder.root().resolve("postgres.restoring");
    }

    private static Path beforeRestore(DataFolder folder) {
        return folder.root().resolve("postgres.before-restore");
    }

    private static Path pending(DataFolder folder) {
        return folder.root().resolve("restore.pending");
    }
}
