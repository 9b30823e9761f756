package com.xakia.scim.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.xakia.scim.support.JarInstance;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** {@code java -jar xakia-scim.jar backup DIR} while the service runs, and {@code restore DIR} with it stopped. */
class BackupRestoreIT {

    static final String ADMIN = "Backups-Xk9fQ2mZ7pL4vR8sT1wY6bN3cH5jD0aE";

    record Command(int exit, String output) {}

    @Test
    void a_restore_serves_what_the_backup_saw_and_nothing_that_came_after() throws Exception {
        Path dir = RunningApp.tempDir();
        Path backup = dir.resolve("backup-1");
        Map<String, String> env = new HashMap<>(Map.of("XAKIA_DATA_DIR", dir.resolve("data").toString(),
                "XAKIA_ADMIN_TOKEN", ADMIN, "XAKIA_SCIM_RATE_LIMIT_PER_SECOND", "100000", "XAKIA_SCIM_RATE_LIMIT_BURST", "100000"));
        JarInstance app = new JarInstance(dir, env);
        JarInstance.Location loc = app.location(ADMIN, "Backed up");
        String location = loc.id(), key = loc.key(), users = loc.users();
        for (int i = 0; i < 20; i++) {
            assertThat(app.http.post(users, key, "{\"userName\": \"before" + i + "@example.com\"}").status()).isEqualTo(201);
        }

        // writes go on while the backup runs: it must be consistent, not a torn copy
        List<String> during = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean backingUp = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; backingUp.get() && i < 2_000; i++) {
                if (app.http.post(users, key, "{\"userName\": \"during" + i + "@example.com\"}").status() == 201) {
                    during.add("during" + i + "@example.com");
                }
            }
        });
        writer.start();
        Command backedUp = xakia(env, "backup", backup.toString());
        backingUp.set(false);
        writer.join();
        assertThat(backedUp.exit()).as(backedUp.output()).isZero();
        assertThat(backedUp.output()).contains("Backup of").contains("WAL segments");

        for (int i = 0; i < 5; i++) {
            assertThat(app.http.post(users, key, "{\"userName\": \"after" + i + "@example.com\"}").status()).isEqualTo(201);
        }
        Command whileRunning = xakia(env, "restore", backup.toString());
        assertThat(whileRunning.exit()).isEqualTo(2);
        assertThat(whileRunning.output()).contains("xakia-scim is running").contains("Nothing was changed");
        Command notABackup = xakia(env, "restore", dir.toString());
        assertThat(notABackup.exit()).isEqualTo(2);
        assertThat(notABackup.output()).contains("is not a xakia-scim backup");
        assertThat(count(app, users, key, "userName sw \"after\"")).isEqualTo(5);
        app.close();

        Command restored = xakia(env, "restore", backup.toString());
        assertThat(restored.exit()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("Restored the backup");

        JarInstance again = new JarInstance(dir, env);
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(count(again, users, key, "userName eq \"before" + i + "@example.com\"")).isEqualTo(1);
            }
            assertThat(count(again, users, key, "userName sw \"after\"")).isZero();
            // the writes during the backup: whatever committed before its end, without gaps
            int restoredDuring = count(again, users, key, "userName sw \"during\"");
            assertThat(restoredDuring).isLessThanOrEqualTo(during.size());
            for (int i = 0; i < restoredDuring; i++) {
                assertThat(count(again, users, key, "userName eq \"" + during.get(i) + "\"")).as(during.get(i)).isEqualTo(1);
            }
            assertThat(again.http.post(users, key, "{\"userName\": \"after0@example.com\"}").status()).isEqualTo(201);
        } finally {
            again.close();
        }
    }

    @Test
    void with_an_external_database_backups_are_the_operators_job() throws Exception {
        Command refused = xakia(Map.of("XAKIA_DB_URL", "jdbc:postgresql://127.0.0.1:1/xakia",
                "XAKIA_DATA_DIR", RunningApp.tempDir().toString()), "backup", RunningApp.tempDir().resolve("b").toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.output()).contains("XAKIA_DB_URL is set").contains("database operator's job");
    }

    static int count(JarInstance app, String users, String key, String filter) {
        return app.http.get(users + "?count=0&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), key)
                .json().get("totalResults").asInt();
    }

    /** {@code java -jar target/xakia-scim.jar ARGS} with {@code env}, as an operator runs it. */
    static Command xakia(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "xakia-scim.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(new File(System.getProperty("java.io.tmpdir")));
        builder.environment().putAll(env);
        builder.environment().put("XAKIA_EMBEDDED_BINARIES_DIR", RunningApp.sharedBinaries().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Command(process.waitFor(), output);
    }
}
