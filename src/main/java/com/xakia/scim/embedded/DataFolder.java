package com.xakia.scim.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XAKIA_DATA_DIR: the embedded server's cluster, its superuser password and its logs, readable only by the
 * service's OS user. One process at a time uses it: the service holds {@code xakia.lock} while it runs, so
 * a restore (or a second service) can tell it is in use.
 */
public final class DataFolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);

    private final Path root;
    private FileChannel lockChannel;
    private FileLock lock;

    private DataFolder(Path root) {
        this.root = root;
    }

    /** Creates the folder (0700), or makes an existing one private, and refuses one owned by another user. */
    public static DataFolder open(Path root) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            throw new IllegalStateException("the embedded PostgreSQL needs Linux or macOS (owner-only file permissions);"
                    + " on this system set XAKIA_DB_URL to a PostgreSQL server");
        }
        Path folder = PrivateFiles.folder(root.toAbsolutePath().normalize());
        UserPrincipal owner = Files.getOwner(folder);
        UserPrincipal self = Files.getOwner(PrivateFiles.emptyFile(folder.resolve("xakia.lock")));
        if (!owner.equals(self)) {
            throw new IllegalStateException("XAKIA_DATA_DIR " + folder + " belongs to " + owner.getName()
                    + ", not to " + self.getName() + " who runs xakia-scim: it must be the service user's own folder");
        }
        if (PrivateFiles.narrow(folder)) {
            LOG.warn("XAKIA_DATA_DIR {} was open to other users; it is now readable only by {}", folder, self.getName());
        }
        return new DataFolder(folder);
    }

    /** Takes the folder for this process; fails at once if another process has it. */
    public DataFolder lock() throws IOException {
        if (!tryLock()) {
            throw new IllegalStateException("XAKIA_DATA_DIR " + root + " is in use by another xakia-scim process");
        }
        return this;
    }

    /** Whether this process now holds the folder (false: another process does). */
    public boolean tryLock() throws IOException {
        lockChannel = FileChannel.open(root.resolve("xakia.lock"), StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already, through another DataFolder
        }
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            return false;
        }
        return true;
    }

    public Path root() {
        return root;
    }

    /** The PostgreSQL cluster (PGDATA). */
    public Path cluster() {
        return root.resolve("postgres");
    }

    public Path passwordFile() {
        return root.resolve("db-password");
    }

    public boolean hasPassword() {
        return Files.exists(passwordFile());
    }

    /** The embedded superuser's password: made on first use (256 random bits), kept in db-password (0600). */
    public String password() throws IOException {
        Path file = passwordFile();
        if (!Files.exists(file)) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            PrivateFiles.write(file, (password + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.release();
            lock = null;
        }
        if (lockChannel != null) {
            lockChannel.close();
            lockChannel = null;
        }
    }
}
