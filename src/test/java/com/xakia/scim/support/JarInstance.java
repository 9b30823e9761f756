package com.xakia.scim.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The built jar ({@code target/xakia-scim.jar}) as a separate process, the way operators run it: for
 * tests that need several instances, or that kill one with SIGKILL. Runs in the failsafe phase, after
 * the jar is packaged.
 */
public final class JarInstance implements AutoCloseable {

    public final int port;
    public final int managementPort;
    public final Http http;
    private final Process process;
    public final Path log;

    public JarInstance(Path dataDir, Map<String, String> env) {
        this.port = freePort();
        this.managementPort = freePort();
        Path jar = Path.of("target", "xakia-scim.jar").toAbsolutePath();
        this.log = dataDir.resolve("instance-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString());
        Map<String, String> environment = new HashMap<>(Map.of(
                "XAKIA_HTTP_PORT", String.valueOf(port),
                "XAKIA_MANAGEMENT_PORT", String.valueOf(managementPort),
                "XAKIA_DATA_DIR", dataDir.resolve("data-" + port).toString(),
                "XAKIA_PUBLIC_URL", "http://127.0.0.1:" + port,
                "XAKIA_EMBEDDED_BINARIES_DIR", RunningApp.sharedBinaries().toString()));
        environment.putAll(env);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        builder.directory(new File(System.getProperty("java.io.tmpdir")));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http = new Http("http://127.0.0.1:" + port);
        awaitHealthy();
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the jar exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            process.onExit().completeOnTimeout(null, 200, java.util.concurrent.TimeUnit.MILLISECONDS).join();
        }
        throw new IllegalStateException("the jar did not become healthy in 90 s; see " + log);
    }

    /** A location made through the admin API, with a live SCIM key. */
    public record Location(String id, String key) {
        public String users() {
            return "/scim/v2/" + id + "/Users";
        }
    }

    public Location location(String adminToken, String name) {
        String id = http.send("POST", "/admin/api/locations", adminToken, "{\"name\": \"" + name + "\"}", "application/json")
                .json().get("id").asText();
        String key = http.send("POST", "/admin/api/locations/" + id + "/scim-keys", adminToken, null, null)
                .json().get("apiKey").asText();
        return new Location(id, key);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no graceful stop — what a crashed node looks like. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: graceful shutdown
        process.onExit().completeOnTimeout(null, 30, java.util.concurrent.TimeUnit.SECONDS).join();
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
