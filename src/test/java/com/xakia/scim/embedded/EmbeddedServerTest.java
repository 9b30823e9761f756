package com.xakia.scim.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/**
 * The embedded server as the first README command starts it: durable and private whatever the library
 * defaults were, checked on the running server and with real OS users and a real psql.
 */
class EmbeddedServerTest {

    static final RunningApp APP = RunningApp.shared();

    @Test
    void the_running_server_flushes_every_commit_and_listens_on_loopback_only() throws Exception {
        Map<String, String> settings = new HashMap<>();
        try (Connection c = connect(APP.dataDir);
             ResultSet rs = c.createStatement().executeQuery("SELECT name, setting FROM pg_settings WHERE name IN"
                     + " ('fsync', 'synchronous_commit', 'full_page_writes', 'listen_addresses', 'unix_socket_directories',"
                     + " 'password_encryption')")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(settings).containsExactlyInAnyOrderEntriesOf(Map.of(
                "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on",
                "listen_addresses", "127.0.0.1", "unix_socket_directories", "", "password_encryption", "scram-sha-256"));
    }

    @Test
    void every_login_needs_the_password() throws Exception {
        List<String> methods = new ArrayList<>();
        try (Connection c = connect(APP.dataDir);
             ResultSet rs = c.createStatement().executeQuery("SELECT type, auth_method, address FROM pg_hba_file_rules")) {
            while (rs.next()) {
                methods.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        assertThat(methods).containsExactly("host scram-sha-256 127.0.0.1");
        assertThatThrownBy(() -> DriverManager.getConnection(url(APP.dataDir), "postgres", "wrong"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void nothing_in_the_data_folder_is_open_to_other_users() throws IOException {
        assertThat(Files.getPosixFilePermissions(APP.dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(APP.dataDir.resolve("db-password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<Path> open = new ArrayList<>();
        for (Path root : List.of(APP.dataDir, RunningApp.sharedBinaries())) {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
                    return visitFile(dir, a);
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                    if (!a.isSymbolicLink() && openToOthers(file)) {
                        open.add(file);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE; // a temporary file of the running server, gone
                }
            });
        }
        assertThat(open).isEmpty();
    }

    @Test
    void another_os_user_cannot_log_in_and_the_service_user_needs_the_password() throws Exception {
        assumeRootWithPsql();
        String port = String.valueOf(port(APP.dataDir));
        Result nobodyTcp = run(Map.of(), "runuser", "-u", "nobody", "--", "psql", "-h", "127.0.0.1", "-p", port,
                "-U", "postgres", "-w", "-Atc", "SELECT 1");
        assertThat(nobodyTcp.exit()).isNotZero();
        assertThat(nobodyTcp.output()).contains("no password supplied");
        // no socket anywhere: psql's default socket folder and /tmp (where the test library put it) are empty for this port
        Result nobodySocket = run(Map.of(), "runuser", "-u", "nobody", "--", "psql", "-p", port, "-U", "postgres", "-w",
                "-Atc", "SELECT 1");
        assertThat(nobodySocket.exit()).isNotZero();
        assertThat(nobodySocket.output()).contains("No such file or directory");
        assertThat(Path.of("/tmp", ".s.PGSQL." + port)).doesNotExist();
        Result nobodyReadsPassword = run(Map.of(), "runuser", "-u", "nobody", "--", "cat", APP.dataDir.resolve("db-password").toString());
        assertThat(nobodyReadsPassword.exit()).isNotZero();
        assertThat(nobodyReadsPassword.output()).contains("Permission denied");

        Result selfWithoutPassword = run(Map.of(), "psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-w", "-Atc", "SELECT 1");
        assertThat(selfWithoutPassword.exit()).isNotZero();
        assertThat(selfWithoutPassword.output()).contains("no password supplied");
        Result selfWithPassword = run(Map.of("PGPASSWORD", password(APP.dataDir)), "psql", "-h", "127.0.0.1", "-p", port,
                "-U", "postgres", "-w", "-Atc", "SELECT 1");
        assertThat(selfWithPassword.output()).isEqualTo("1");
    }

    @Test
    void a_binaries_folder_others_can_write_is_refused() throws IOException {
        Path shared = RunningApp.tempDir();
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PostgresBinaries.bundled().installIn(shared))
                .hasMessageContaining("writable by other users");
        try (Stream<Path> files = Files.list(shared)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_data_folder_of_another_major_version_is_refused_and_left_as_it_was() throws IOException {
        Path dataDir = RunningApp.tempDir();
        Files.createDirectories(dataDir.resolve("postgres"));
        Files.writeString(dataDir.resolve("postgres").resolve("PG_VERSION"), "14\n");
        try (DataFolder folder = DataFolder.open(dataDir).lock()) {
            assertThatThrownBy(() -> EmbeddedServer.start(folder, RunningApp.sharedBinaries()))
                    .isInstanceOf(EmbeddedServer.DataFolderRefused.class)
                    .hasMessageContaining("written by PostgreSQL 14")
                    .hasMessageContaining("runs PostgreSQL 17.6.0")
                    .hasMessageContaining("pg_dumpall");
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("postgres"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("PG_VERSION");
        }
    }

    @Test
    void a_folder_without_its_password_gets_a_new_one_and_the_old_one_stops_working() throws Exception {
        Path dataDir = RunningApp.tempDir();
        String first;
        try (DataFolder folder = DataFolder.open(dataDir).lock();
             EmbeddedServer server = EmbeddedServer.start(folder, RunningApp.sharedBinaries())) {
            first = server.password();
        }
        Files.delete(dataDir.resolve("db-password"));
        try (DataFolder folder = DataFolder.open(dataDir).lock();
             EmbeddedServer server = EmbeddedServer.start(folder, RunningApp.sharedBinaries())) {
            assertThat(server.password()).isNotEqualTo(first);
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", server.password())) {
                assertThat(c.isValid(1)).isTrue();
            }
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", first))
                    .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void one_data_folder_serves_one_process() throws IOException {
        assertThatThrownBy(() -> DataFolder.open(APP.dataDir).lock()).hasMessageContaining("in use by another");
    }

    @Test
    void the_jar_carries_one_postgresql_version_for_linux_and_macos_on_intel_and_arm() {
        assertThat(PostgresBinaries.bundledVersion()).isEqualTo("17.6.0");
        for (String platform : PostgresBinaries.PLATFORMS) {
            assertThat(getClass().getResource("/" + PostgresBinaries.archive(platform))).as(platform).isNotNull();
        }
        assertThat(PostgresBinaries.PLATFORMS).containsExactlyInAnyOrder(
                "linux-x86_64", "linux-arm_64", "darwin-x86_64", "darwin-arm_64");
    }

    static boolean openToOthers(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            return permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        } catch (IOException e) {
            return false; // vanished while walking (a temporary file of the running server)
        }
    }

    static Connection connect(Path dataDir) throws IOException, SQLException {
        return DriverManager.getConnection(url(dataDir), "postgres", password(dataDir));
    }

    static String url(Path dataDir) throws IOException {
        return "jdbc:postgresql://127.0.0.1:" + port(dataDir) + "/postgres";
    }

    static int port(Path dataDir) throws IOException {
        return EmbeddedServer.runningPort(dataDir.resolve("postgres")).orElseThrow();
    }

    static String password(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve("db-password"), StandardCharsets.US_ASCII).trim();
    }

    record Result(int exit, String output) {}

    static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("/").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Result(process.waitFor(), output);
    }

    /** Real OS users need root (runuser) and psql; CI has both (.ci/run installs postgresql-client). */
    static void assumeRootWithPsql() throws IOException {
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(APP.dataDir, "unix:uid"));
        boolean psql = Files.isExecutable(Path.of("/usr/bin/psql")) && Files.isExecutable(Path.of("/usr/sbin/runuser"));
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(root && psql, "needs root, runuser and psql (apt-get install postgresql-client)");
        }
        assertThat(root && psql).as("CI runs as root with postgresql-client installed").isTrue();
    }
}
