package com.xakia.scim.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries the jar carries (one archive per platform, all of one version) and their
 * unpacked copy in a folder only the service's user can write: never a shared one, where another user
 * could swap a binary the service then runs.
 */
public final class PostgresBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);

    /** The platforms the jar carries binaries for, as the archives name them. */
    public static final Set<String> PLATFORMS = Set.of("linux-x86_64", "linux-arm_64", "darwin-x86_64", "darwin-arm_64");

    private final String version;
    private final String platform;

    PostgresBinaries(String version, String platform) {
        this.version = version;
        this.platform = platform;
    }

    /** The binaries for the machine this runs on. */
    public static PostgresBinaries bundled() {
        return new PostgresBinaries(bundledVersion(), currentPlatform());
    }

    public static String bundledVersion() {
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("/embedded-postgres.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("embedded-postgres.properties is missing from the jar", e);
        }
    }

    static String currentPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String system = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.replace(' ', '_');
        String machine = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
        return system + "-" + machine;
    }

    public static String archive(String platform) {
        return "postgres-" + platform + ".txz";
    }

    public String version() {
        return version;
    }

    /** The major version, which is what a data folder's PG_VERSION holds. */
    public int major() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    public String platform() {
        return platform;
    }

    /**
     * The binaries' home below {@code folder}, unpacked on first use: into a temporary sibling, then
     * renamed, so an interrupted unpack is never mistaken for a complete one.
     */
    public Path installIn(Path folder) throws IOException {
        PrivateFiles.folder(folder);
        if (PrivateFiles.groupOrOthersMayWrite(folder)) {
            throw new IllegalStateException("the PostgreSQL binaries folder " + folder
                    + " is writable by other users; use a folder only the service's user can write");
        }
        Path home = folder.resolve("postgresql-" + version + "-" + platform);
        if (Files.isExecutable(home.resolve("bin").resolve("postgres"))) {
            return home;
        }
        InputStream archive = PostgresBinaries.class.getResourceAsStream("/" + archive(platform));
        if (archive == null) {
            throw new IllegalStateException("this jar carries no PostgreSQL for " + platform + " (it has "
                    + String.join(", ", PLATFORMS.stream().sorted().toList())
                    + "); set XAKIA_DB_URL to use a PostgreSQL server of your own");
        }
        long started = System.nanoTime();
        // a folder of its own per unpack: two processes sharing a binaries folder never write into one
        Path unpacking = folder.resolve(home.getFileName() + ".unpacking-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        PrivateFiles.folder(unpacking);
        try (InputStream in = archive; TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                unpack(tar, entry, unpacking);
            }
        }
        try {
            Files.move(unpacking, home);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            PathUtils.deleteDirectory(unpacking); // another process finished first: its copy is the same
        }
        PrivateFiles.flushFolder(folder);
        LOG.info("PostgreSQL {} for {} unpacked into {} in {} ms", version, platform, home,
                (System.nanoTime() - started) / 1_000_000);
        return home;
    }

    private static void unpack(TarArchiveInputStream tar, TarArchiveEntry entry, Path into) throws IOException {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
            throw new IOException("the PostgreSQL archive holds an entry outside its folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
            PrivateFiles.folder(target);
        } else if (entry.isSymbolicLink() || entry.isLink()) {
            Path link = Path.of(entry.getLinkName());
            if (link.isAbsolute() || !target.getParent().resolve(link).normalize().startsWith(into)) {
                throw new IOException("the PostgreSQL archive links outside its folder: " + entry.getName());
            }
            PrivateFiles.folder(target.getParent());
            Files.createSymbolicLink(target, link);
        } else {
            PrivateFiles.folder(target.getParent());
            Files.copy(tar, target);
            Files.setPosixFilePermissions(target, ownerOnly(entry.getMode()));
        }
    }

    /** The archive's owner bits, and nothing for group and others. */
    private static Set<PosixFilePermission> ownerOnly(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ);
        if ((mode & 0200) != 0) {
            permissions.add(PosixFilePermission.OWNER_WRITE);
        }
        if ((mode & 0100) != 0) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        return permissions;
    }
}
