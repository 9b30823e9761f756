package com.xakia.scim.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Files and folders that only the service's own OS user may read: created with owner-only permissions from
 * the first byte (never created wide and narrowed afterwards), and written durably.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** Creates {@code folder} and missing parents below an existing one as 0700; an existing folder is left as it is. */
    public static Path folder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Path parent = folder.toAbsolutePath().getParent();
            if (parent != null && !Files.exists(parent)) {
                folder(parent);
            }
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            } catch (FileAlreadyExistsException e) {
                // made by someone else meanwhile: checked by the caller like any existing folder
            }
        }
        return folder;
    }

    /** Makes an existing folder 0700 if group or others had any access; returns whether it had to. */
    static boolean narrow(Path folder) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
        if (permissions.stream().noneMatch(OTHERS::contains)) {
            return false;
        }
        Files.setPosixFilePermissions(folder, FOLDER);
        return true;
    }

    static boolean groupOrOthersMayWrite(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        return permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** Writes {@code content} to {@code file} (0600) through a temporary file, flushed, then renamed over it. */
    public static void write(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(FILE));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        flushFolder(file.toAbsolutePath().getParent());
    }

    /** An empty 0600 file, if it does not exist yet (for output other programs append to). */
    static Path emptyFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, FILE);
        }
        return file;
    }

    /** Makes a rename or a new file in {@code folder} survive a power loss (where the platform can). */
    static void flushFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every platform opens folders for reading; the files themselves were forced
        }
    }

    static void flush(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies one file (0600) and forces it to disk; false if it vanished before it could be read. */
    static boolean copy(Path from, Path to) throws IOException {
        try {
            Files.deleteIfExists(to);
            Files.createFile(to, PosixFilePermissions.asFileAttribute(FILE));
            try (java.io.OutputStream out = Files.newOutputStream(to)) {
                Files.copy(from, out);
            }
            flush(to);
            return true;
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(to);
            return false;
        }
    }

    /**
     * Copies the tree under {@code from} into {@code to} with private permissions, returning how many files
     * it copied. The top-level folders named in {@code emptied} are copied without their contents, files
     * whose name {@code skipped} accepts are left out, and files that vanish meanwhile are passed over.
     */
    static int copyTree(Path from, Path to, Set<String> emptied, Predicate<String> skipped) throws IOException {
        int[] files = {0};
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(dir);
                folder(to.resolve(relative.toString()));
                boolean empty = relative.getNameCount() == 1 && emptied.contains(relative.toString());
                return empty ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && !skipped.test(file.getFileName().toString())
                        && copy(file, to.resolve(from.relativize(file).toString()))) {
                    files[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return files[0];
    }
}
