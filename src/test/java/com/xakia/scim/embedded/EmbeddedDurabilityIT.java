package com.xakia.scim.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.JarInstance;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.support.Smtp;
import org.junit.jupiter.api.Test;

/**
 * The jar on its embedded server, crashed the hard way: SIGKILL of the postmaster, every backend and the
 * service at once, mid-load. Whatever was acknowledged before the crash is there after the restart.
 */
class EmbeddedDurabilityIT {

    static final String ADMIN = "Durability-9fQ2mZ7pL4vR8sT1wY6bN3cH5jD0aE";

    @Test
    void every_acknowledged_create_and_invitation_state_survives_a_sigkill_of_postgres_and_the_service() throws Exception {
        Path dir = RunningApp.tempDir();
        try (Smtp smtp = new Smtp().start()) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "XAKIA_DATA_DIR", dir.resolve("data").toString(),
                    "XAKIA_ADMIN_TOKEN", ADMIN,
                    "XAKIA_SMTP_HOST", "127.0.0.1",
                    "XAKIA_SMTP_PORT", String.valueOf(smtp.port),
                    "XAKIA_INVITE_POLL_MS", "100",
                    "XAKIA_SCIM_RATE_LIMIT_PER_SECOND", "100000",
                    "XAKIA_SCIM_RATE_LIMIT_BURST", "100000"));
            JarInstance app = new JarInstance(dir, env);
            JarInstance.Location loc = app.location(ADMIN, "Durable");
            String location = loc.id(), key = loc.key(), users = loc.users();

            // Invitations: ten asked for; some already sent, some still queued when the crash comes.
            List<String> invited = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = app.http.post(users, key, "{\"userName\": \"inv" + i + "@example.com\", \"emails\": [{\"value\": \"inv"
                        + i + "@example.com\", \"primary\": true}]}").json().get("id").asText();
                Response queued = app.http.send("POST", "/admin/api/locations/" + location + "/users/" + id + "/invite", ADMIN, null, null);
                assertThat(queued.status()).as(queued.body()).isEqualTo(202);
                invited.add(id);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.received().size() >= 3);
            Map<String, String> statusBefore = invitationStatuses(app, location);
            assertThat(statusBefore).hasSize(10);

            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean crashed = new AtomicBoolean();
            ExecutorService load = Executors.newFixedThreadPool(8);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                workers.add(load.submit(() -> {
                    Http client = new Http("http://127.0.0.1:" + app.port);
                    for (int i = 0; i < 100 && !crashed.get(); i++) {
                        String userName = "c" + worker + "-" + i + "@example.com";
                        try {
                            if (client.post(users, key, "{\"userName\": \"" + userName + "\"}").status() == 201) {
                                acknowledged.add(userName);
                            }
                        } catch (AssertionError connectionLost) {
                            return;
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 150);
            sigkillPostgresAndService(dir.resolve("data"), app);
            crashed.set(true);
            for (Future<?> f : workers) {
                f.get();
            }
            load.shutdown();

            JarInstance restarted = new JarInstance(dir, env);
            try {
                for (String userName : acknowledged) {
                    Response found = restarted.http.get(users + "?filter=" + java.net.URLEncoder.encode(
                            "userName eq \"" + userName + "\"", java.nio.charset.StandardCharsets.UTF_8) + "&count=0", key);
                    assertThat(found.json().get("totalResults").asInt()).as(userName).isEqualTo(1);
                }
                Map<String, String> statusAfter = invitationStatuses(restarted, location);
                statusBefore.forEach((invitation, status) -> {
                    assertThat(statusAfter).containsKey(invitation);
                    if (status.equals("sent")) {
                        assertThat(statusAfter.get(invitation)).as(invitation).isEqualTo("sent");
                    }
                });
                // and the queued ones are delivered after the restart, nothing acknowledged is lost
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(invitationStatuses(restarted, location).values()).containsOnly("sent"));
            } finally {
                restarted.close();
            }
        }
    }

    static Map<String, String> invitationStatuses(JarInstance app, String location) {
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode i : app.http.get("/admin/api/locations/" + location + "/invitations", ADMIN).json().get("invitations")) {
            statuses.put(i.get("invitationId").asText(), i.get("status").asText());
        }
        return statuses;
    }

    /** The postmaster (from its pid file), every process under it, and the service: SIGKILL, all in one call. */
    static void sigkillPostgresAndService(Path dataDir, JarInstance app) throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
        List<String> command = new ArrayList<>(List.of("kill", "-KILL", String.valueOf(app.pid()), String.valueOf(postmaster)));
        try (Stream<ProcessHandle> backends = ProcessHandle.of(postmaster).orElseThrow().descendants()) {
            backends.forEach(p -> command.add(String.valueOf(p.pid())));
        }
        assertThat(command).hasSizeGreaterThan(5); // postmaster, checkpointer, walwriter, backends…
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
        app.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(postmaster).map(p -> !p.isAlive()).orElse(true));
    }
}
