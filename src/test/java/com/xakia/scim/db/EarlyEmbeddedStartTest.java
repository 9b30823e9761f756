package com.xakia.scim.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import com.xakia.scim.config.Settings;
import com.xakia.scim.embedded.EmbeddedServer.DataFolderRefused;
import com.xakia.scim.support.RunningApp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The embedded server started on a thread of its own before Camel reads its routes (XakiaConfiguration.addTo):
 * it runs before start() is called, start() hands it over, stop() stops it, and a refusal still stops start-up.
 */
class EarlyEmbeddedStartTest {

    @Test
    void the_server_starts_before_start_is_called_and_start_hands_it_over() throws Exception {
        Path data = RunningApp.tempDir();
        Databases databases = new Databases(embedded(data));
        databases.startEmbeddedEarly();
        Path pid = data.resolve("postgres").resolve("postmaster.pid");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pid)); // no start() yet
        long postmaster = postmaster(pid);

        databases.start();
        try (Connection c = databases.control().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT pg_postmaster_start_time() IS NOT NULL")) {
            assertThat(rs.next() && rs.getBoolean(1)).isTrue();
        }
        assertThat(postmaster(pid)).as("the server started early, not a second one").isEqualTo(postmaster);
        // the control pool opened on the early thread reports to the meters handed over afterwards
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        databases.reportPoolsTo(meters);
        assertThat(meters.find("hikaricp.connections").gauge()).isNotNull();
        assertThat(meters.find("hikaricp.connections").gauge().value()).isGreaterThanOrEqualTo(1.0);
        databases.stop();

        assertThat(pid).doesNotExist();
        // pg_ctl stop returns once the pid file is gone; the postmaster exits right after
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void a_stop_before_start_waits_for_the_early_start_and_stops_its_server() throws Exception {
        Path data = RunningApp.tempDir();
        Databases databases = new Databases(embedded(data));
        databases.startEmbeddedEarly();
        databases.stop(); // a failure elsewhere in Camel's set-up stops the context before configure runs

        Path pid = data.resolve("postgres").resolve("postmaster.pid");
        assertThat(pid).doesNotExist();
        assertThat(data.resolve("postgres").resolve("PG_VERSION")).exists(); // it did start, then stopped
    }

    @Test
    void a_data_folder_of_another_major_version_is_refused_by_start_as_before() throws Exception {
        Path data = RunningApp.tempDir();
        Files.createDirectories(data.resolve("postgres"));
        Files.writeString(data.resolve("postgres").resolve("PG_VERSION"), "14\n", StandardCharsets.US_ASCII);
        Databases databases = new Databases(embedded(data));
        databases.startEmbeddedEarly();

        assertThatThrownBy(databases::start).isInstanceOf(DataFolderRefused.class)
                .hasMessageContaining("written by PostgreSQL 14");
        databases.stop();
        try (var files = Files.list(data.resolve("postgres"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("PG_VERSION");
        }
    }

    private static long postmaster(Path pidFile) throws Exception {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        return Long.parseLong(lines.get(0).trim());
    }

    private static Settings embedded(Path data) {
        return new Settings(0, 0, "http://localhost", data, RunningApp.sharedBinaries(), "", "", "", 8, 5000, 60, "",
                100, 10, 1_000_000);
    }
}
